import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { describeAuthError } from '../../auth/errors';
import { safeNextPath } from '../../auth/next';
import { isTfaChallenge, type TfaChallenge } from '../../auth/session';
import { FormField } from '../../components/FormField';
import { useDocumentTitle } from '../SectionPage';
import { TwoFactorLoginStep } from './TwoFactorLoginStep';

type Field = 'username' | 'password' | 'tenant';
type FieldErrors = Partial<Record<Field, string[]>>;

const FIELDS: readonly Field[] = ['username', 'password', 'tenant'];

/** The server asks for the organisation when the username exists in several. */
function asksForOrganisation(error: ApiError): boolean {
  return (
    error.status === 400 &&
    error.fieldErrors.length === 0 &&
    /organisation|organization|tenant/i.test(error.error ?? '')
  );
}

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { login } = useAuth();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [showTenant, setShowTenant] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [focusTenant, setFocusTenant] = useState(false);
  /** Set when the account asks for a two-factor code: the page shows that step instead. */
  const [challenge, setChallenge] = useState<TfaChallenge | null>(null);
  const [focusPassword, setFocusPassword] = useState(false);

  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const tenantRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusTenant && showTenant) {
      tenantRef.current?.focus();
      setFocusTenant(false);
    }
  }, [focusTenant, showTenant]);

  useEffect(() => {
    if (focusPassword && !challenge) {
      passwordRef.current?.focus();
      setFocusPassword(false);
    }
  }, [focusPassword, challenge]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const missing: FieldErrors = {};
    if (!username.trim()) missing.username = ['Enter your username or email.'];
    if (!password) missing.password = ['Enter your password.'];
    if (missing.username || missing.password) {
      setFieldErrors(missing);
      setError(null);
      (missing.username ? usernameRef : passwordRef).current?.focus();
      return;
    }

    setPending(true);
    setError(null);
    setFieldErrors({});
    const slug = showTenant ? tenant.trim().toLowerCase() : '';
    try {
      const result = await login(
        { username: username.trim(), password, ...(slug ? { tenant: slug } : {}) },
        { redirectTo: next },
      );
      if (isTfaChallenge(result)) {
        // The password has done its part; the challenge token carries the sign-in from here.
        setPassword('');
        setPending(false);
        setChallenge(result);
      }
      // Otherwise signed in: the route guard moves on to `next` (or the dashboard).
    } catch (caught) {
      setPending(false);
      if (caught instanceof ApiError) {
        const mapped: FieldErrors = {};
        for (const e of caught.fieldErrors) {
          const param = e.param as Field | undefined;
          if (param && FIELDS.includes(param)) mapped[param] = [...(mapped[param] ?? []), e.msg];
        }
        if (mapped.tenant) setShowTenant(true);
        setFieldErrors(mapped);
        const unmapped = caught.fieldErrors.filter((e) => !e.param || !FIELDS.includes(e.param as Field));
        if (caught.fieldErrors.length > 0) {
          setError(unmapped.length > 0 ? unmapped.map((e) => e.msg).join(' ') : null);
        } else {
          setError(describeAuthError(caught));
        }
        if (asksForOrganisation(caught) || mapped.tenant) {
          setShowTenant(true);
          setFocusTenant(true);
        }
      } else {
        setError(describeAuthError(caught));
      }
    }
  };

  if (challenge) {
    return (
      <TwoFactorLoginStep
        challenge={challenge}
        next={next}
        onRestart={(message) => {
          setChallenge(null);
          setError(message);
          setFocusPassword(true);
        }}
      />
    );
  }

  return (
    <>
      <h1 className="auth-title">Sign in</h1>
      <p className="auth-subtitle">Sign in to your organisation&apos;s PatchMon.</p>
      {error ? (
        <div className="form-error" role="alert" data-testid="login-error">
          {error}
        </div>
      ) : null}
      <form className="auth-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormField
          id="login-username"
          testId="login-username"
          label="Username or email"
          name="username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          errors={fieldErrors.username}
          inputRef={usernameRef}
          autoFocus
        />
        <FormField
          id="login-password"
          testId="login-password"
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          errors={fieldErrors.password}
          inputRef={passwordRef}
        />
        {showTenant ? (
          <FormField
            id="login-tenant"
            testId="login-tenant"
            label="Organisation"
            hint="Your organisation's slug, as shown when it was created (e.g. acme-corp)."
            name="tenant"
            type="text"
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            value={tenant}
            onChange={(e) => setTenant(e.target.value)}
            errors={fieldErrors.tenant}
            inputRef={tenantRef}
          />
        ) : (
          <p className="auth-aside">
            <button
              type="button"
              className="link-button"
              data-testid="login-show-tenant"
              onClick={() => {
                setShowTenant(true);
                setFocusTenant(true);
              }}
            >
              Sign in to a specific organisation
            </button>
          </p>
        )}
        <button type="submit" className="button button--block" data-testid="login-submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-footer">
        New to PatchMon Cloud?{' '}
        <Link to="/signup" data-testid="signup-link">
          Create your organisation
        </Link>
        <br />
        <Link to="/register" data-testid="register-link">
          Join an existing organisation
        </Link>
      </p>
    </>
  );
}
