import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { ApiError } from '../../api/client';
import { changePassword } from '../../api/profile';
import { describeAuthError } from '../../auth/errors';
import { FormField } from '../../components/FormField';
import { PASSWORD_RULES } from '../../auth/passwordPolicy';
import { PasswordChecklist } from '../settings/PasswordChecklist';

type Field = 'current' | 'next' | 'confirm';
type FieldErrors = Partial<Record<Field, string[]>>;
const ORDER: readonly Field[] = ['current', 'next', 'confirm'];

/** The API's parameter names for this form's fields. */
const PARAMS: Record<string, Field> = { current_password: 'current', new_password: 'next' };

export const PASSWORD_MISMATCH = 'Passwords do not match.';
const WRONG_CURRENT = 'Current password is incorrect';

/** `PUT /profile/password`: current, new and confirmation, with the policy checklist. */
export function ChangePasswordForm() {
  const [values, setValues] = useState<Record<Field, string>>({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const refs: Record<Field, RefObject<HTMLInputElement | null>> = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };

  const focusFirst = (found: FieldErrors) => {
    const first = ORDER.find((field) => found[field]?.length);
    if (first) refs[first].current?.focus();
  };

  const update = (field: Field) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      if (field === 'next') delete next.confirm;
      return next;
    });
    setDone(false);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const found: FieldErrors = {};
    if (!values.current) found.current = ['Enter your current password.'];
    if (!values.next) found.next = ['Choose a new password.'];
    if (!values.confirm) found.confirm = ['Enter the new password again.'];
    else if (values.confirm !== values.next) found.confirm = [PASSWORD_MISMATCH];
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setError(null);
      focusFirst(found);
      return;
    }

    setPending(true);
    setError(null);
    setErrors({});
    setDone(false);
    try {
      await changePassword(values.current, values.next);
      setValues({ current: '', next: '', confirm: '' });
      setDone(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        const mapped: FieldErrors = {};
        const unmapped: string[] = [];
        for (const e of caught.fieldErrors) {
          const field = e.param ? PARAMS[e.param] : undefined;
          if (field) mapped[field] = [...(mapped[field] ?? []), e.msg];
          else unmapped.push(e.msg);
        }
        setErrors(mapped);
        setError(unmapped.length > 0 ? unmapped.join(' ') : null);
        focusFirst(mapped);
      } else if (caught instanceof ApiError && caught.status === 400 && caught.error === WRONG_CURRENT) {
        setErrors({ current: [WRONG_CURRENT] });
        refs.current.current?.focus();
      } else {
        // 429 says how long to wait (Retry-After).
        setError(describeAuthError(caught));
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="profile-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <h2 className="card-title">Change password</h2>
      <p className="profile-muted">
        Changing your password signs you out everywhere else; this browser stays signed in. You can try up to 5 times
        in 15 minutes.
      </p>
      {error ? (
        <div className="form-error" role="alert" data-testid="password-error">
          {error}
        </div>
      ) : null}
      {done ? (
        <p className="notice notice--success" role="status" data-testid="password-changed">
          Your password has been changed. Your other sessions have been signed out.
        </p>
      ) : null}
      <FormField
        id="password-current"
        testId="password-current"
        label="Current password"
        name="current-password"
        type="password"
        autoComplete="current-password"
        required
        value={values.current}
        onChange={(e) => update('current')(e.target.value)}
        errors={errors.current}
        inputRef={refs.current}
      />
      <FormField
        id="password-new"
        testId="password-new"
        label="New password"
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        value={values.next}
        onChange={(e) => update('next')(e.target.value)}
        errors={errors.next}
        inputRef={refs.next}
        describedBy="password-new-rules"
      >
        <PasswordChecklist id="password-new-rules" password={values.next} rules={PASSWORD_RULES} />
      </FormField>
      <FormField
        id="password-confirm"
        testId="password-confirm"
        label="Confirm new password"
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        required
        value={values.confirm}
        onChange={(e) => update('confirm')(e.target.value)}
        errors={errors.confirm}
        inputRef={refs.confirm}
      />
      <div className="button-row">
        <button type="submit" className="button" data-testid="password-submit" disabled={pending}>
          {pending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
