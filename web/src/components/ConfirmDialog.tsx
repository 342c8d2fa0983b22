import { useState, type ReactNode } from 'react';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  title: string;
  testId: string;
  /** What the action does; rendered above the error. */
  children: ReactNode;
  confirmLabel: string;
  confirmTestId: string;
  /** The action; while it runs the dialog is busy, a rejection shows its message (else `errorFallback`). */
  onConfirm: () => Promise<unknown>;
  /** Called once the action succeeded (the dialog does not close itself). */
  onDone: () => void;
  onClose: () => void;
  errorFallback: string;
  /** Keeps the confirm button disabled (e.g. while a precondition is loaded or not met). */
  confirmDisabled?: boolean;
}

/** A "Do X? Cancel / X" dialog whose confirm runs an API call and shows the API's error text in place. */
export function ConfirmDialog({
  title,
  testId,
  children,
  confirmLabel,
  confirmTestId,
  onConfirm,
  onDone,
  onClose,
  errorFallback,
  confirmDisabled = false,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = () => {
    setBusy(true);
    setError(null);
    onConfirm().then(() => onDone(), (e: unknown) => {
      setError(e instanceof Error && e.message ? e.message : errorFallback);
      setBusy(false);
    });
  };

  return (
    <Modal title={title} onClose={onClose} busy={busy} testId={testId}>
      <div className="modal__body">
        {children}
        {error ? (
          <p className="form-error" role="alert" data-testid={`${testId}-error`}>
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
          disabled={busy || confirmDisabled}
          data-testid={confirmTestId}
          onClick={confirm}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
