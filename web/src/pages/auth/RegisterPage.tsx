import { useRef, useState, type ChangeEvent, type FormEvent, type RefObject } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { usersApi, type Registration } from '../../api/users';
import { describeAuthError } from '../../auth/errors';
import { passwordChecks } from '../../auth/passwordPolicy';
import { FormField } from '../../components/FormField';
import { useDocumentTitle } from '../SectionPage';

const client = usersApi();

/**
 * A full page load of the app: after registering, the API's cookies hold the new session and the
 * app starts again from `/auth/me`. (An object so tests can replace it.)
 */
export const hardNavigation = {
  assign(path: string): void {
    window.location.assign(path);
  },
};

/** The form's fields; all but `confirm` are the API's `param` names. */
type Field = 'tenant' | 'username' | 'email' | 'first_name' | 'last_name' | 'password' | 'confirm';
type Values = Record<Field, string>;
type FieldErrors = Partial<Record<Field, string[]>>;

const ORDER: readonly Field[] = ['tenant', 'username', 'email', 'first_name', 'last_name', 'password', 'confirm'];
const API_PARAMS: readonly Field[] = ['tenant', 'username', 'email', 'first_name', 'last_name', 'password'];

export const PASSWORD_MISMATCH = 'Passwords do not match.';
export const REGISTRATION_DISABLED = 'User registration is disabled';

function clientErrors(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.tenant.trim()) errors.tenant = ['Enter the organisation slug.'];
  if (!values.username.trim()) errors.username = ['Choose a username.'];
  if (!values.email.trim()) errors.email = ['Enter your email address.'];
  if (!values.password) errors.password = ['Choose a password.'];
  if (!values.confirm) errors.confirm = ['Enter the password again.'];
  else if (values.confirm !== values.password) errors.confirm = [PASSWORD_MISMATCH];
  return errors;
}

/** Self-registration into an existing organisation that allows it (admin guide chapter 24). */
export function RegisterPage() {
  useDocumentTitle('Join an organisation');
  const [params] = useSearchParams();
  const [values, setValues] = useState<Values>(() => ({
    tenant: (params.get('org') ?? '').trim().toLowerCase(),
    username: '',
    email: '',
    first_name: '',
    last_name: '',
    password: '',
    confirm: '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [disabled, setDisabled] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [confirmTouched, setConfirmTouched] = useState(false);

  const refs: Record<Field, RefObject<HTMLInputElement | null>> = {
    tenant: useRef<HTMLInputElement>(null),
    username: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    first_name: useRef<HTMLInputElement>(null),
    last_name: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };

  const focusFirst = (fieldErrors: FieldErrors) => {
    const first = ORDER.find((field) => fieldErrors[field]?.length);
    if (first) refs[first].current?.focus();
  };

  const update = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      if (field === 'password' || field === 'confirm') delete next.confirm;
      return next;
    });
    // Another organisation may allow registration.
    if (field === 'tenant') setDisabled(null);
  };

  const mismatch =
    confirmTouched && values.confirm !== '' && values.confirm !== values.password ? [PASSWORD_MISMATCH] : [];
  const confirmErrors = errors.confirm ?? mismatch;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending || done) return;
    const found = clientErrors(values);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setConfirmTouched(true);
      setError(null);
      focusFirst(found);
      return;
    }
    const registration: Registration = {
      tenant: values.tenant.trim().toLowerCase(),
      username: values.username.trim(),
      email: values.email.trim(),
      password: values.password,
    };
    if (values.first_name.trim()) registration.first_name = values.first_name.trim();
    if (values.last_name.trim()) registration.last_name = values.last_name.trim();

    setPending(true);
    setError(null);
    setDisabled(null);
    setErrors({});
    try {
      await client.register(registration);
      setDone(true);
      // Signed in by the answer's cookies: start the app again, on the dashboard.
      hardNavigation.assign('/');
    } catch (caught) {
      setPending(false);
      if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        const mapped: FieldErrors = {};
        const unmapped: string[] = [];
        for (const e of caught.fieldErrors) {
          const param = e.param as Field | undefined;
          if (param && API_PARAMS.includes(param)) mapped[param] = [...(mapped[param] ?? []), e.msg];
          else unmapped.push(e.msg);
        }
        setErrors(mapped);
        setError(unmapped.length > 0 ? unmapped.join(' ') : 'Some details need your attention: see the highlighted fields.');
        focusFirst(mapped);
      } else if (caught instanceof ApiError && caught.status === 403) {
        setDisabled(caught.error ?? REGISTRATION_DISABLED);
      } else {
        setError(describeAuthError(caught));
      }
    }
  };

  const checks = passwordChecks(values.password);

  return (
    <>
      <h1 className="auth-title">Join an organisation</h1>
      <p className="auth-subtitle">
        Create your account in an organisation that already uses PatchMon Cloud. Its administrators decide whether
        people can register themselves, and which role they get.
      </p>
      {disabled ? (
        <div className="form-error register-disabled" role="alert" data-testid="register-disabled">
          <strong>{disabled}</strong>
          <br />
          This organisation does not accept self-registration. Ask one of its administrators to create your account
          or to enable self-registration under Settings → Users.
        </div>
      ) : null}
      {error ? (
        <div className="form-error" role="alert" data-testid="register-error">
          {error}
        </div>
      ) : null}
      {done ? (
        <p className="auth-loading" role="status" data-testid="register-done">
          Account created. Opening your dashboard…
        </p>
      ) : null}
      <form className="auth-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormField
          id="register-tenant"
          testId="register-tenant"
          label="Organisation"
          hint="The organisation's slug, e.g. acme-corp. Your administrator can tell you."
          name="organization"
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.tenant}
          onChange={update('tenant')}
          errors={errors.tenant}
          inputRef={refs.tenant}
          autoFocus={!values.tenant}
        />
        <FormField
          id="register-username"
          testId="register-username"
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.username}
          onChange={update('username')}
          errors={errors.username}
          inputRef={refs.username}
          autoFocus={Boolean(values.tenant)}
        />
        <FormField
          id="register-email"
          testId="register-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={values.email}
          onChange={update('email')}
          errors={errors.email}
          inputRef={refs.email}
        />
        <div className="field-row">
          <FormField
            id="register-first-name"
            testId="register-first-name"
            label="First name (optional)"
            name="given-name"
            autoComplete="given-name"
            value={values.first_name}
            onChange={update('first_name')}
            errors={errors.first_name}
            inputRef={refs.first_name}
          />
          <FormField
            id="register-last-name"
            testId="register-last-name"
            label="Last name (optional)"
            name="family-name"
            autoComplete="family-name"
            value={values.last_name}
            onChange={update('last_name')}
            errors={errors.last_name}
            inputRef={refs.last_name}
          />
        </div>
        <FormField
          id="register-password"
          testId="register-password"
          label="Password"
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={values.password}
          onChange={update('password')}
          errors={errors.password}
          inputRef={refs.password}
          describedBy="register-password-rules"
        >
          <ul
            className="password-rules"
            id="register-password-rules"
            data-testid="password-checklist"
            aria-label="Password requirements"
          >
            {checks.map(({ rule, met }) => (
              <li
                key={rule.id}
                className={met ? 'password-rule password-rule--met' : 'password-rule'}
                data-rule={rule.id}
                data-met={met}
              >
                <span className="password-rule__mark" aria-hidden="true">
                  {met ? '✓' : '○'}
                </span>
                {rule.label}
                <span className="visually-hidden">{met ? ' (done)' : ' (not yet)'}</span>
              </li>
            ))}
          </ul>
        </FormField>
        <FormField
          id="register-confirm"
          testId="register-confirm"
          label="Confirm password"
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          required
          value={values.confirm}
          onChange={update('confirm')}
          onBlur={() => setConfirmTouched(true)}
          errors={confirmErrors}
          inputRef={refs.confirm}
        />
        <button type="submit" className="button button--block" data-testid="register-submit" disabled={pending || done}>
          {pending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-footer">
        Already have an account?{' '}
        <Link to="/login" data-testid="login-link">
          Sign in
        </Link>
        <br />
        Starting fresh?{' '}
        <Link to="/signup" data-testid="signup-link">
          Create your organisation
        </Link>
      </p>
    </>
  );
}
