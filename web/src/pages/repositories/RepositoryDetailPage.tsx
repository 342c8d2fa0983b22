import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  displayName,
  getRepository,
  updateRepository,
  type Repository,
  type RepositoryDetail,
} from '../../api/repositories';
import { useAuth } from '../../auth/AuthProvider';
import { Modal } from '../../components/Modal';
import { StatusBadge } from '../hosts/common';
import { relativeTime } from '../hosts/installCommand';
import { ActiveBadge, SecurityBadge } from './common';
import { DeleteRepositoryDialog } from './DeleteRepositoryDialog';
import { RepositoryPackagesSection } from './RepositoryPackagesSection';
import '../hosts/hosts.css';
import './repositories.css';

const HOSTS_PAGE_SIZE = 25;

export function RepositoryDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_hosts');
  const [detail, setDetail] = useState<RepositoryDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [hostSearch, setHostSearch] = useState('');
  const [page, setPage] = useState(1);

  useEffect(() => {
    let stale = false;
    setDetail(null);
    setNotFound(false);
    setError(null);
    getRepository(id).then(
      (d) => {
        if (!stale) setDetail(d);
      },
      (e: unknown) => {
        if (stale) return;
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setError(e instanceof Error ? e.message : 'Could not load the repository.');
      },
    );
    return () => {
      stale = true;
    };
  }, [id]);

  useEffect(() => {
    document.title = `${detail ? displayName(detail.repository) : notFound ? 'Repository not found' : 'Repository'} · PatchMon`;
  }, [detail, notFound]);

  const hosts = useMemo(() => {
    const needle = hostSearch.trim().toLowerCase();
    return (detail?.hosts ?? []).filter(
      (h) =>
        !needle ||
        h.friendly_name.toLowerCase().includes(needle) ||
        (h.hostname ?? '').toLowerCase().includes(needle) ||
        (h.ip ?? '').includes(needle),
    );
  }, [detail, hostSearch]);

  if (notFound) {
    return (
      <div className="page" data-testid="repo-not-found">
        <h1>Repository not found</h1>
        <p>This repository does not exist, or it has been deleted.</p>
        <Link to="/repositories">Back to Repositories</Link>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page">
        <h1>Repository</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="page">
        <p className="inline-status">Loading repository…</p>
      </div>
    );
  }

  const repo = detail.repository;
  const pages = Math.max(1, Math.ceil(hosts.length / HOSTS_PAGE_SIZE));
  const current = Math.min(page, pages);
  const visible = hosts.slice((current - 1) * HOSTS_PAGE_SIZE, current * HOSTS_PAGE_SIZE);

  return (
    <div className="page page--wide">
      <p>
        <Link to="/repositories">← Repositories</Link>
      </p>
      <div className="page-header page-header--actions">
        <div>
          <h1 data-testid="repo-name">{displayName(repo)}</h1>
          <span className="repo-chips" data-testid="repo-chips">
            <SecurityBadge repo={repo} />
            <ActiveBadge repo={repo} />
            <span className="muted" title={repo.updated_at ?? undefined}>
              Updated {relativeTime(repo.updated_at)}
            </span>
          </span>
        </div>
        {canManage ? (
          <div className="bulk-toolbar">
            <button type="button" className="button button--secondary" onClick={() => setDialog('edit')} data-testid="repo-edit">
              ✎ Edit
            </button>
            <button type="button" className="button button--danger" onClick={() => setDialog('delete')} data-testid="repo-delete">
              Delete repository
            </button>
          </div>
        ) : null}
      </div>

      <section className="card" aria-labelledby="repo-details-title" style={{ padding: '1rem' }}>
        <h2 id="repo-details-title">Repository Details</h2>
        <div className="info-grid">
          <span>Name</span>
          <span data-testid="repo-field-name">{displayName(repo)}</span>
          {repo.reported_name && repo.reported_name !== repo.name ? (
            <>
              <span>Reported Name</span>
              <span data-testid="repo-field-reported-name">{repo.reported_name}</span>
            </>
          ) : null}
          <span>Description</span>
          <span data-testid="repo-field-description">{repo.description || <span className="muted">—</span>}</span>
          <span>URL</span>
          <span className="repo-url" data-testid="repo-field-url">
            {repo.url}
          </span>
          <span>Distribution</span>
          <span data-testid="repo-field-distribution">{repo.distribution || '—'}</span>
          <span>Components</span>
          <span>{repo.components || '—'}</span>
          <span>Type</span>
          <span>{repo.repo_type ?? '—'}</span>
          <span>Is Active</span>
          <span data-testid="repo-field-active">
            {repo.is_active ? 'Yes' : 'No'}
            {repo.deactivated ? <span className="muted"> (deactivated by an operator)</span> : null}
          </span>
          <span>Priority</span>
          <span data-testid="repo-field-priority">{repo.priority ?? '—'}</span>
          <span>Hosts</span>
          <span data-testid="repo-field-hosts">
            {repo.host_count} ({repo.enabled_host_count} enabled)
          </span>
        </div>
      </section>

      <section className="card table-card" id="hosts" aria-labelledby="repo-hosts-title" style={{ marginTop: '1rem' }}>
        <h2 id="repo-hosts-title">Hosts Using This Repository</h2>
        <div className="table-toolbar">
          <div className="field table-toolbar__search">
            <label className="visually-hidden" htmlFor="repo-hosts-search">
              Search hosts
            </label>
            <input
              id="repo-hosts-search"
              className="field__input"
              type="search"
              placeholder="Search hosts…"
              value={hostSearch}
              onChange={(e) => {
                setHostSearch(e.target.value);
                setPage(1);
              }}
              data-testid="repo-hosts-search"
            />
          </div>
          <span className="table-toolbar__count">
            {hosts.length} host{hosts.length === 1 ? '' : 's'}
          </span>
        </div>
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="repo-hosts-table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Hostname</th>
                <th scope="col">OS</th>
                <th scope="col">Status</th>
                <th scope="col">Enabled</th>
                <th scope="col">Last Update</th>
              </tr>
            </thead>
            <tbody>
              {visible.length === 0 ? (
                <tr>
                  <td colSpan={6} className="table-empty" data-testid="repo-hosts-empty">
                    {hostSearch ? 'No hosts match this search.' : 'No host uses this repository any more.'}
                  </td>
                </tr>
              ) : null}
              {visible.map((h) => (
                <tr key={h.id} data-testid={`repo-host-${h.friendly_name}`}>
                  <td className="data-table__primary">
                    <Link to={`/hosts/${h.id}`}>{h.friendly_name}</Link>
                  </td>
                  <td>{h.hostname ?? <span className="muted">—</span>}</td>
                  <td>{[h.os_type, h.os_version].filter(Boolean).join(' ') || '—'}</td>
                  <td>
                    <StatusBadge status={h.status} />
                  </td>
                  <td>{h.is_enabled ? 'Yes' : 'No'}</td>
                  <td title={h.last_update ?? undefined}>{relativeTime(h.last_update)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {pages > 1 ? (
          <div className="bulk-toolbar" data-testid="repo-hosts-pages">
            <button type="button" className="button button--secondary" disabled={current <= 1} onClick={() => setPage(current - 1)}>
              Previous
            </button>
            <span>
              Page {current} of {pages}
            </span>
            <button type="button" className="button button--secondary" disabled={current >= pages} onClick={() => setPage(current + 1)}>
              Next
            </button>
          </div>
        ) : null}
      </section>

      <RepositoryPackagesSection key={repo.id} repositoryId={repo.id} />

      {dialog === 'edit' ? (
        <EditRepositoryDialog
          repo={repo}
          onClose={() => setDialog(null)}
          onSaved={(updated) => {
            setDetail({ ...detail, repository: updated });
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'delete' ? (
        <DeleteRepositoryDialog
          repo={repo}
          onClose={() => setDialog(null)}
          onDeleted={() => navigate('/repositories', { replace: true })}
        />
      ) : null}
    </div>
  );
}

function EditRepositoryDialog({
  repo,
  onClose,
  onSaved,
}: {
  repo: Repository;
  onClose: () => void;
  onSaved: (repo: Repository) => void;
}) {
  const [name, setName] = useState(repo.name);
  const [description, setDescription] = useState(repo.description ?? '');
  const [active, setActive] = useState(!repo.deactivated);
  const [priority, setPriority] = useState(repo.priority === null ? '' : String(repo.priority));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const trimmed = priority.trim();
    if (trimmed && !/^\d+$/.test(trimmed)) {
      setError('Priority must be a whole number of 0 or more.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await updateRepository(repo.id, {
        name: name.trim(),
        description,
        is_active: active,
        ...(trimmed ? { priority: Number(trimmed) } : {}),
      });
      onSaved(answer.repository);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save the repository.');
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Edit repository"
      onClose={onClose}
      busy={busy}
      testId="edit-repo-dialog"
      description="Changes the PatchMon record only; the hosts' configuration is untouched."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="modal__body">
          <div className="field">
            <label className="field__label" htmlFor="repo-edit-name">
              Name
            </label>
            <input
              id="repo-edit-name"
              className="field__input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={255}
              data-testid="repo-edit-name"
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="repo-edit-description">
              Description
            </label>
            <textarea
              id="repo-edit-description"
              className="field__input"
              rows={3}
              maxLength={1000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="repo-edit-description"
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="repo-edit-priority">
              Priority
            </label>
            <input
              id="repo-edit-priority"
              className="field__input"
              inputMode="numeric"
              value={priority}
              onChange={(e) => setPriority(e.target.value)}
              data-testid="repo-edit-priority"
            />
          </div>
          <label className="checkbox-list">
            <span>
              <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="repo-edit-active" />{' '}
              Active (shown active while at least one host has it enabled)
            </span>
          </label>
          {error ? (
            <p className="form-error" role="alert" data-testid="repo-edit-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy} data-testid="repo-edit-save">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
