import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { remainingAttempts } from '../../api/tfa';
import { useAuth } from '../../auth/AuthProvider';
import { describeAuthError } from '../../auth/errors';
import type { TfaChallenge } from '../../auth/session';
import { FormField } from '../../components/FormField';
import '../../components/tfa/tfa.css';

/** The server's answer when the five-minute challenge has run out: start again from the password. */
function isExpired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && /expired|sign in again/i.test(error.error ?? '');
}

export function attemptsText(remaining: number): string {
  return `${remaining} ${remaining === 1 ? 'attempt' : 'attempts'} remaining`;
}

/**
 * The sign-in's second step (spec chapter 25): a 6-digit code from the authenticator app or a
 * backup code in the same field, and "Remember me" to trust this browser for 30 days.
 */
export function TwoFactorLoginStep({
  challenge,
  next,
  onRestart,
}: {
  challenge: TfaChallenge;
  /** Where to go once signed in (null: the dashboard). */
  next: string | null;
  /** Back to the password step, with a message to show there (none when the user chose to go back). */
  onRestart: (message: string | null) => void;
}) {
  const { verifyTfa } = useAuth();
  const [code, setCode] = useState('');
  const [rememberMe, setRememberMe] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ text: string; remaining?: number } | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const token = code.trim();
    if (!token) {
      setFieldError('Enter the code from your authenticator app, or a backup code.');
      setError(null);
      codeRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    setFieldError(null);
    try {
      await verifyTfa({ tfaToken: challenge.tfaToken, code: token, rememberMe }, { redirectTo: next });
      // Signed in: the route guard moves on to `next` (or the dashboard).
    } catch (caught) {
      setPending(false);
      if (isExpired(caught)) {
        onRestart(describeAuthError(caught));
        return;
      }
      const tokenError = caught instanceof ApiError ? caught.fieldError('token') : undefined;
      if (tokenError) {
        setFieldError(tokenError);
      } else {
        const remaining = caught instanceof ApiError && caught.status === 401 ? remainingAttempts(caught) : undefined;
        setError(remaining === undefined ? { text: describeAuthError(caught) } : { text: describeAuthError(caught), remaining });
      }
      setCode('');
      codeRef.current?.focus();
    }
  };

  return (
    <>
      <h1 className="auth-title">Two-Factor Authentication</h1>
      <p className="auth-subtitle">Your account is protected with two-factor authentication.</p>
      {error ? (
        <div className="form-error" role="alert" data-testid="tfa-error">
          {error.text}
          {error.remaining !== undefined ? (
            <>
              {/[.!?]$/.test(error.text) ? ' ' : '. '}
              <strong data-testid="tfa-remaining">{attemptsText(error.remaining)}</strong>.
            </>
          ) : null}
        </div>
      ) : null}
      <form className="auth-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormField
          id="tfa-code"
          testId="tfa-code"
          label="Verification code"
          hint="Enter the 6-digit code from your authenticator app, or a backup code"
          name="one-time-code"
          type="text"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setFieldError(null);
          }}
          errors={fieldError ? [fieldError] : []}
          inputRef={codeRef}
          autoFocus
        />
        <label className="tfa-remember">
          <input
            type="checkbox"
            data-testid="tfa-remember"
            checked={rememberMe}
            onChange={(e) => setRememberMe(e.target.checked)}
          />
          <span>Remember me on this computer (skip TFA for 30 days)</span>
        </label>
        <button type="submit" className="button button--block" data-testid="tfa-submit" disabled={pending}>
          {pending ? 'Verifying…' : 'Verify'}
        </button>
      </form>
      <p className="auth-footer">
        <button type="button" className="link-button" data-testid="tfa-back" onClick={() => onRestart(null)}>
          Back to sign in
        </button>
      </p>
    </>
  );
}
