import { useCallback, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { startTfaSetup, verifyTfaSetup, type TfaSetup } from '../../api/tfa';
import { FormField } from '../FormField';
import { BackupCodes } from './BackupCodes';
import { copyText } from './backupCodes';
import { QrCode } from './QrCode';
import './tfa.css';

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.error ?? error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * Starts enrolment (`POST /tfa/setup`) from a click, never from an effect: each call replaces the
 * pending secret on the server, so it must happen exactly once per attempt.
 */
export function useTfaSetupStarter() {
  const [setup, setSetup] = useState<TfaSetup | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const start = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      setSetup(await startTfaSetup());
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);

  const reset = useCallback(() => {
    setSetup(null);
    setError(null);
  }, []);

  return { setup, pending, error, start, reset };
}

type Stage = 'scan' | 'verify' | 'codes';

export interface TfaEnrolmentProps {
  setup: TfaSetup;
  /** Enrolment confirmed (two-factor authentication is now on); the codes are being shown. */
  onEnabled: (codes: string[]) => void;
  /** The user saw the backup codes and clicked Done. */
  onDone: () => void;
  /** Abandoned before verification. */
  onCancel: () => void;
  /** Written into the downloaded codes file, e.g. "alice (Acme Corp)". */
  account?: string;
  doneLabel?: string;
}

/**
 * Chapter 25's enrolment: scan the QR code (or type the manual entry key), verify a first code,
 * then save the backup codes shown once. Used by first-run setup and My Profile.
 */
export function TfaEnrolment({ setup, onEnabled, onDone, onCancel, account, doneLabel = 'Done' }: TfaEnrolmentProps) {
  const [stage, setStage] = useState<Stage>('scan');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [keyCopied, setKeyCopied] = useState<boolean | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const onVerify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const token = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(token)) {
      setFieldError('Enter the 6-digit code your authenticator app shows.');
      setError(null);
      codeRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    setFieldError(null);
    try {
      const issued = await verifyTfaSetup(token);
      setCodes(issued);
      setStage('codes');
      onEnabled(issued);
    } catch (caught) {
      const tokenError = caught instanceof ApiError ? caught.fieldError('token') : undefined;
      if (tokenError) setFieldError(tokenError);
      else setError(messageOf(caught));
      setCode('');
      codeRef.current?.focus();
    } finally {
      setPending(false);
    }
  };

  if (stage === 'codes') {
    return (
      <div className="tfa-enrolment" data-testid="tfa-enrolment" data-stage="codes">
        <p className="tfa-enrolment__done" role="status">
          Two-factor authentication is on. From now on, signing in asks for a code from your authenticator app.
        </p>
        <BackupCodes codes={codes} {...(account ? { account } : {})} />
        <button type="button" className="button button--block" data-testid="tfa-done" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    );
  }

  if (stage === 'verify') {
    return (
      <div className="tfa-enrolment" data-testid="tfa-enrolment" data-stage="verify">
        <p className="tfa-enrolment__step">Enter the 6-digit code your authenticator app now shows for PatchMon Cloud.</p>
        {error ? (
          <div className="form-error" role="alert" data-testid="tfa-verify-error">
            {error}
          </div>
        ) : null}
        <form className="auth-form" onSubmit={onVerify} noValidate aria-busy={pending}>
          <FormField
            id="tfa-verify-code"
            testId="tfa-verify-code"
            label="Verification code"
            name="one-time-code"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            maxLength={12}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setFieldError(null);
            }}
            errors={fieldError ? [fieldError] : []}
            inputRef={codeRef}
            autoFocus
          />
          <div className="button-row">
            <button type="submit" className="button" data-testid="tfa-verify-submit" disabled={pending}>
              {pending ? 'Verifying…' : 'Verify & Enable'}
            </button>
            <button
              type="button"
              className="button button--secondary"
              data-testid="tfa-back-to-scan"
              disabled={pending}
              onClick={() => {
                setStage('scan');
                setError(null);
                setFieldError(null);
              }}
            >
              Back
            </button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <div className="tfa-enrolment" data-testid="tfa-enrolment" data-stage="scan">
      <p className="tfa-enrolment__step">
        Scan this QR code with your authenticator app (for example Authy, Google Authenticator, 1Password, Bitwarden,
        Microsoft Authenticator or Duo Mobile).
      </p>
      <div className="tfa-enrolment__qr">
        <QrCode value={setup.otpauthUrl} label="QR code for your authenticator app" testId="tfa-qr" />
      </div>
      <div className="tfa-enrolment__key">
        <p className="field__label" id="tfa-manual-key-label">
          Manual entry key
        </p>
        <p className="field__hint">If you cannot scan the code, type this key into your authenticator app.</p>
        <div className="copy-line">
          <code className="copy-line__value" data-testid="tfa-manual-key">
            {setup.manualEntryKey}
          </code>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="tfa-copy-key"
            onClick={async () => setKeyCopied(await copyText(setup.manualEntryKey))}
          >
            Copy
          </button>
        </div>
        <p className="field__hint" role="status">
          {keyCopied === true ? 'Key copied to the clipboard.' : null}
          {keyCopied === false ? 'Could not copy: select the key and copy it yourself.' : null}
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button" data-testid="tfa-continue" onClick={() => setStage('verify')}>
          Continue to verification
        </button>
        <button type="button" className="button button--secondary" data-testid="tfa-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
