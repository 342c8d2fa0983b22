import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { disableTfa, getTfaStatus, regenerateBackupCodes, type TfaStatus } from '../../api/tfa';
import { useAuth } from '../../auth/AuthProvider';
import { FormField } from '../../components/FormField';
import { BackupCodes } from '../../components/tfa/BackupCodes';
import { TfaEnrolment, useTfaSetupStarter } from '../../components/tfa/TfaEnrolment';
import '../../components/tfa/tfa.css';

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.error ?? error.message;
  return 'Something went wrong. Please try again.';
}

/** Backup codes below this count get a reminder to regenerate. */
const FEW_CODES = 3;

/**
 * Profile → Multi-Factor Authentication (chapter 25): status, enabling through the enrolment,
 * disabling with the password, and regenerating the backup codes.
 */
export function MfaPanel() {
  const { user, tenant, updateUser } = useAuth();
  const [status, setStatus] = useState<TfaStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const starter = useTfaSetupStarter();

  const [disabling, setDisabling] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [disableError, setDisableError] = useState<string | null>(null);
  const [disablePending, setDisablePending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  const [confirmRegenerate, setConfirmRegenerate] = useState(false);
  const [regeneratePending, setRegeneratePending] = useState(false);
  const [regenerateError, setRegenerateError] = useState<string | null>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    getTfaStatus(undefined, controller.signal).then(
      (answer) => {
        if (!controller.signal.aborted) setStatus(answer);
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(caught));
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = () => setAttempt((n) => n + 1);
  const account = user ? (tenant ? `${user.username} (${tenant.name})` : user.username) : undefined;

  if (loadError) {
    return (
      <div>
        <p className="form-error" role="alert" data-testid="tfa-load-error">
          Could not load your two-factor settings: {loadError}
        </p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  if (!status) {
    return (
      <p className="profile-muted" role="status" data-testid="tfa-loading">
        Loading your two-factor settings…
      </p>
    );
  }

  if (starter.setup) {
    return (
      <div className="profile-section">
        <h2 className="card-title">Enable two-factor authentication</h2>
        <TfaEnrolment
          setup={starter.setup}
          {...(account ? { account } : {})}
          onEnabled={(codes) => {
            if (user) updateUser({ ...user, tfa_enabled: true });
            setStatus({ enabled: true, backupCodesRemaining: codes.length });
          }}
          onDone={() => {
            starter.reset();
            setMessage('Two-factor authentication is on.');
            reload();
          }}
          onCancel={starter.reset}
        />
      </div>
    );
  }

  const onDisable = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (disablePending) return;
    if (!password) {
      setPasswordError('Enter your password to confirm.');
      passwordRef.current?.focus();
      return;
    }
    setDisablePending(true);
    setPasswordError(null);
    setDisableError(null);
    try {
      await disableTfa(password);
      setPassword('');
      setDisabling(false);
      if (user) updateUser({ ...user, tfa_enabled: false });
      setStatus({ enabled: false, backupCodesRemaining: 0 });
      setMessage(
        'Two-factor authentication is off. Your backup codes and trusted devices were removed, and your other sessions were signed out.',
      );
      reload();
    } catch (caught) {
      if (caught instanceof ApiError && caught.error === 'Invalid password') {
        setPasswordError('Invalid password');
        passwordRef.current?.focus();
      } else {
        setDisableError(messageOf(caught));
      }
    } finally {
      setDisablePending(false);
    }
  };

  const onRegenerate = async () => {
    if (regeneratePending) return;
    setRegeneratePending(true);
    setRegenerateError(null);
    try {
      const codes = await regenerateBackupCodes();
      setNewCodes(codes);
      setConfirmRegenerate(false);
      setStatus((current) => (current ? { ...current, backupCodesRemaining: codes.length } : current));
    } catch (caught) {
      setRegenerateError(messageOf(caught));
    } finally {
      setRegeneratePending(false);
    }
  };

  if (newCodes) {
    return (
      <div className="profile-section">
        <h2 className="card-title">New backup codes</h2>
        <p className="profile-muted">Your previous backup codes no longer work.</p>
        <BackupCodes codes={newCodes} {...(account ? { account } : {})} />
        <div className="button-row">
          <button type="button" className="button" data-testid="tfa-codes-done" onClick={() => setNewCodes(null)}>
            Done
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="profile-section">
      <h2 className="card-title">Multi-Factor Authentication</h2>
      {message ? (
        <p className="notice notice--success" role="status" data-testid="tfa-message">
          {message}
        </p>
      ) : null}
      <p data-testid="tfa-status" data-enabled={status.enabled}>
        Two-factor authentication is <strong>{status.enabled ? 'on' : 'off'}</strong>.
        {status.enabled
          ? ' Every sign-in with your password also asks for a code from your authenticator app or a backup code.'
          : ' Turn it on to require a code from an authenticator app at every sign-in.'}
      </p>

      {!status.enabled ? (
        <>
          {starter.error ? (
            <div className="form-error" role="alert" data-testid="tfa-setup-error">
              {starter.error}
            </div>
          ) : null}
          <div className="button-row">
            <button
              type="button"
              className="button"
              data-testid="tfa-enable"
              disabled={starter.pending}
              onClick={() => {
                setMessage(null);
                void starter.start();
              }}
            >
              {starter.pending ? 'Preparing…' : 'Enable TFA'}
            </button>
          </div>
        </>
      ) : (
        <>
          <section className="profile-subsection" aria-labelledby="tfa-codes-title">
            <h3 className="profile-subsection__title" id="tfa-codes-title">
              Backup codes
            </h3>
            <p data-testid="tfa-backup-remaining">
              {status.backupCodesRemaining} {status.backupCodesRemaining === 1 ? 'backup code' : 'backup codes'}{' '}
              remaining.
              {status.backupCodesRemaining < FEW_CODES ? ' Regenerate them before you run out.' : null}
            </p>
            {regenerateError ? (
              <div className="form-error" role="alert" data-testid="tfa-regenerate-error">
                {regenerateError}
              </div>
            ) : null}
            {confirmRegenerate ? (
              <div className="profile-confirm" role="group" aria-label="Confirm regenerating backup codes">
                <p>New codes replace all of your current backup codes: the old ones stop working at once.</p>
                <div className="button-row">
                  <button
                    type="button"
                    className="button"
                    data-testid="tfa-regenerate-confirm"
                    disabled={regeneratePending}
                    onClick={onRegenerate}
                  >
                    {regeneratePending ? 'Generating…' : 'Regenerate codes'}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={regeneratePending}
                    onClick={() => setConfirmRegenerate(false)}
                  >
                    Cancel
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                className="button button--secondary"
                data-testid="tfa-regenerate"
                onClick={() => {
                  setMessage(null);
                  setConfirmRegenerate(true);
                }}
              >
                Regenerate codes
              </button>
            )}
          </section>

          <section className="profile-subsection" aria-labelledby="tfa-disable-title">
            <h3 className="profile-subsection__title" id="tfa-disable-title">
              Disable two-factor authentication
            </h3>
            {disabling ? (
              <form className="profile-form" onSubmit={onDisable} noValidate aria-busy={disablePending}>
                <p className="profile-muted">
                  This removes your authenticator and backup codes, forgets your trusted devices and signs out your
                  other sessions.
                </p>
                {disableError ? (
                  <div className="form-error" role="alert" data-testid="tfa-disable-error">
                    {disableError}
                  </div>
                ) : null}
                <FormField
                  id="tfa-disable-password"
                  testId="tfa-disable-password"
                  label="Your password"
                  name="current-password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => {
                    setPassword(e.target.value);
                    setPasswordError(null);
                  }}
                  errors={passwordError ? [passwordError] : []}
                  inputRef={passwordRef}
                  autoFocus
                />
                <div className="button-row">
                  <button
                    type="submit"
                    className="button button--danger"
                    data-testid="tfa-disable-submit"
                    disabled={disablePending}
                  >
                    {disablePending ? 'Disabling…' : 'Disable TFA'}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={disablePending}
                    onClick={() => {
                      setDisabling(false);
                      setPassword('');
                      setPasswordError(null);
                      setDisableError(null);
                    }}
                  >
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <button
                type="button"
                className="button button--secondary"
                data-testid="tfa-disable"
                onClick={() => {
                  setMessage(null);
                  setDisabling(true);
                }}
              >
                Disable TFA
              </button>
            )}
          </section>
        </>
      )}
    </div>
  );
}
