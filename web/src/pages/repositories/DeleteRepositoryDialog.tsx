import { useState } from 'react';
import { deleteRepository, displayName, type Repository } from '../../api/repositories';
import { Modal } from '../../components/Modal';

/** Chapter 7's confirmation: what a delete removes, and why a repository still in use comes back. */
export function DeleteRepositoryDialog({
  repo,
  onClose,
  onDeleted,
}: {
  repo: Repository;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Delete repository" onClose={onClose} busy={busy} testId="delete-repo-dialog">
      <div className="modal__body">
        <p className="modal__text">
          Delete <strong>{displayName(repo)}</strong> ({repo.url})?
        </p>
        <ul data-testid="delete-repo-impact">
          <li>The repository record is removed from PatchMon.</li>
          <li>
            Per-host links to that record are removed ({repo.host_count} host{repo.host_count === 1 ? '' : 's'}).
          </li>
          <li>The underlying host configuration is not changed; no file on the host is modified.</li>
        </ul>
        {repo.host_count > 0 ? (
          <p className="warning-box" data-testid="delete-repo-warning">
            Hosts still configured with this repository will bring it back with their next report.
          </p>
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          data-testid="delete-repo-confirm"
          onClick={() => {
            setBusy(true);
            setError(null);
            deleteRepository(repo.id).then(onDeleted, (e: unknown) => {
              setError(e instanceof Error ? e.message : 'Could not delete the repository.');
              setBusy(false);
            });
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
