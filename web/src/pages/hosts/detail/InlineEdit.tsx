import { useState, type ReactNode } from 'react';

export type EditableField = 'friendly_name' | 'hostname' | 'ip';

/** A value with a pencil button; the editor saves on Enter and cancels on Escape. */
export function InlineEdit({
  value,
  label,
  testId,
  canEdit,
  onSave,
  children,
}: {
  value: string;
  label: string;
  testId: string;
  canEdit: boolean;
  onSave: (value: string) => Promise<void>;
  children?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <span className="inline-edit">
        {children ?? <span data-testid={testId}>{value || <span className="muted">—</span>}</span>}
        {canEdit ? (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={`Edit ${label}`}
            onClick={() => {
              setDraft(value);
              setError(null);
              setEditing(true);
            }}
            data-testid={`${testId}-edit`}
          >
            ✎
          </button>
        ) : null}
      </span>
    );
  }
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSave(draft.trim());
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        className="field__input"
        aria-label={label}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
        }}
        autoFocus
        disabled={busy}
        data-testid={`${testId}-input`}
      />
      <button type="submit" className="button" disabled={busy} data-testid={`${testId}-save`}>
        Save
      </button>
      <button type="button" className="button button--secondary" onClick={() => setEditing(false)} disabled={busy}>
        Cancel
      </button>
      {error ? (
        <span className="form-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      ) : null}
    </form>
  );
}

