import { useState } from 'react';
import type { Host } from '../../../api/hosts';

/** The server's limit (upstream PatchMon's; the spec names none). */
export const MAX_NOTES = 1000;

/** Notes (ch. 4): free text any reader of the host sees; managers edit it and Save. */
export function NotesTab({ host, canEdit, onSave }: { host: Host; canEdit: boolean; onSave: (notes: string) => Promise<void> }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (draft === null) {
    return (
      <div>
        <p className="host-notes" data-testid="host-notes">
          {host.notes || <span className="muted">No notes.</span>}
        </p>
        {canEdit ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setError(null);
              setDraft(host.notes ?? '');
            }}
            data-testid="host-notes-edit"
          >
            Edit notes
          </button>
        ) : null}
      </div>
    );
  }
  const tooLong = draft.length > MAX_NOTES;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (tooLong) return;
        setBusy(true);
        setError(null);
        onSave(draft).then(
          () => {
            setBusy(false);
            setDraft(null);
          },
          (err: unknown) => {
            setError(err instanceof Error ? err.message : 'Could not save the notes.');
            setBusy(false);
          },
        );
      }}
    >
      <textarea
        className="field__input"
        aria-label="Notes"
        aria-invalid={tooLong}
        aria-describedby="host-notes-count"
        rows={8}
        value={draft}
        placeholder="Change windows, ownership, special configuration, support contacts…"
        onChange={(e) => setDraft(e.target.value)}
        disabled={busy}
        data-testid="host-notes-input"
      />
      <p id="host-notes-count" className={tooLong ? 'field__hint form-error' : 'field__hint'} data-testid="host-notes-count">
        {draft.length} / {MAX_NOTES}
      </p>
      <div className="inline-edit">
        <button type="submit" className="button" disabled={busy || tooLong} data-testid="host-notes-save">
          Save
        </button>
        <button type="button" className="button button--secondary" onClick={() => setDraft(null)} disabled={busy}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="host-notes-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
