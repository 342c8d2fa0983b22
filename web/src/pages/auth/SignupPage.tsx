import { useRef, useState, type ChangeEvent, type FormEvent, type RefObject } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { describeAuthError } from '../../auth/errors';
import { passwordChecks } from '../../auth/passwordPolicy';
import type { SignupDetails } from '../../auth/session';
import { FormField } from '../../components/FormField';
import { useDocumentTitle } from '../SectionPage';

/** The form's fields; the first six are the API's `param` names. */
type Field = 'tenant_name' | 'username' | 'email' | 'first_name' | 'last_name' | 'password' | 'confirm';
type Values = Record<Field, string>;
type FieldErrors = Partial<Record<Field, string[]>>;

/** Form order: the first field in error gets the focus. */
const ORDER: readonly Field[] = ['tenant_name', 'username', 'email', 'first_name', 'last_name', 'password', 'confirm'];
const API_PARAMS: readonly Field[] = ['tenant_name', 'username', 'email', 'first_name', 'last_name', 'password'];

const EMPTY: Values = {
  tenant_name: '',
  username: '',
  email: '',
  first_name: '',
  last_name: '',
  password: '',
  confirm: '',
};

export const PASSWORD_MISMATCH = 'Passwords do not match.';

function clientErrors(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.tenant_name.trim()) errors.tenant_name = ['Enter a name for your organisation.'];
  if (!values.username.trim()) errors.username = ['Choose a username.'];
  if (!values.email.trim()) errors.email = ['Enter your email address.'];
  if (!values.password) errors.password = ['Choose a password.'];
  if (!values.confirm) errors.confirm = ['Enter the password again.'];
  else if (values.confirm !== values.password) errors.confirm = [PASSWORD_MISMATCH];
  return errors;
}

export function SignupPage() {
  useDocumentTitle('Create your organisation');
  const { signup } = useAuth();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [confirmTouched, setConfirmTouched] = useState(false);

  const refs: Record<Field, RefObject<HTMLInputElement | null>> = {
    tenant_name: useRef<HTMLInputElement>(null),
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
    // Editing a field answers its error; the password also decides whether the confirmation matches.
    setErrors((current) => {
      const nextErrors = { ...current };
      delete nextErrors[field];
      if (field === 'password' || field === 'confirm') delete nextErrors.confirm;
      return nextErrors;
    });
  };

  // Once the user has left the confirmation field (or submitted), a mismatch shows live.
  const mismatch =
    confirmTouched && values.confirm !== '' && values.confirm !== values.password ? [PASSWORD_MISMATCH] : [];
  const confirmErrors = errors.confirm ?? mismatch;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const found = clientErrors(values);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setConfirmTouched(true);
      setError(null);
      focusFirst(found);
      return;
    }

    const details: SignupDetails = {
      tenant_name: values.tenant_name.trim(),
      username: values.username.trim(),
      email: values.email.trim(),
      password: values.password,
    };
    if (values.first_name.trim()) details.first_name = values.first_name.trim();
    if (values.last_name.trim()) details.last_name = values.last_name.trim();

    setPending(true);
    setError(null);
    setErrors({});
    try {
      await signup(details);
      // Signed in: the route guard continues to the first-run setup.
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
        setError(
          unmapped.length > 0
            ? unmapped.join(' ')
            : 'Some details need your attention: see the highlighted fields.',
        );
        focusFirst(mapped);
      } else {
        setError(describeAuthError(caught));
      }
    }
  };

  const checks = passwordChecks(values.password);

  return (
    <>
      <h1 className="auth-title">Create your organisation</h1>
      <p className="auth-subtitle">
        Set up PatchMon Cloud for your organisation. You will be its first administrator.
      </p>
      {error ? (
        <div className="form-error" role="alert" data-testid="signup-error">
          {error}
        </div>
      ) : null}
      <form className="auth-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormField
          id="signup-tenant-name"
          testId="signup-tenant-name"
          label="Organisation name"
          name="organization"
          autoComplete="organization"
          required
          maxLength={100}
          value={values.tenant_name}
          onChange={update('tenant_name')}
          errors={errors.tenant_name}
          inputRef={refs.tenant_name}
          autoFocus
        />
        <FormField
          id="signup-username"
          testId="signup-username"
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
        />
        <FormField
          id="signup-email"
          testId="signup-email"
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
            id="signup-first-name"
            testId="signup-first-name"
            label="First name (optional)"
            name="given-name"
            autoComplete="given-name"
            value={values.first_name}
            onChange={update('first_name')}
            errors={errors.first_name}
            inputRef={refs.first_name}
          />
          <FormField
            id="signup-last-name"
            testId="signup-last-name"
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
          id="signup-password"
          testId="signup-password"
          label="Password"
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={values.password}
          onChange={update('password')}
          errors={errors.password}
          inputRef={refs.password}
          describedBy="signup-password-rules"
        >
          <ul className="password-rules" id="signup-password-rules" data-testid="password-checklist" aria-label="Password requirements">
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
          id="signup-confirm"
          testId="signup-confirm"
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
        <button type="submit" className="button button--block" data-testid="signup-submit" disabled={pending}>
          {pending ? 'Creating your organisation…' : 'Create organisation'}
        </button>
      </form>
      <p className="auth-footer">
        Already have an account?{' '}
        <Link to="/login" data-testid="login-link">
          Sign in
        </Link>
      </p>
    </>
  );
}
