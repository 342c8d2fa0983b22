import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { PasswordRule } from '../../auth/passwordPolicy';
import { usersApi, type NewUser, type User, type UserChanges } from '../../api/users';
import { FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import { displayName } from '../../auth/session';
import { errorText, splitErrors } from './formErrors';
import { PasswordChecklist } from './PasswordChecklist';
import { roleLabel } from './rbac';

const client = usersApi();

export const PASSWORD_MISMATCH = 'Passwords do not match.';

function FormAlert({ message, testId }: { message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}

export interface RoleOption {
  name: string;
  /** Shown but not selectable (e.g. a role the current user may not assign). */
  disabled?: boolean;
}

export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  testId,
  errors = [],
  disabled,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string; disabled?: boolean }[];
  testId: string;
  errors?: readonly string[];
  disabled?: boolean;
  hint?: ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const described = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        className="field__input"
        data-testid={testId}
        value={value}
        disabled={disabled}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={described}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      {errors.length > 0 ? (
        <ul className="field__errors" id={errorId} data-testid={`${testId}-error`}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function roleOptions(roles: readonly RoleOption[]) {
  return roles.map((role) => ({
    value: role.name,
    label: role.name === roleLabel(role.name) ? role.name : `${roleLabel(role.name)} (${role.name})`,
    disabled: role.disabled,
  }));
}

// ---------------------------------------------------------------------------------------------
// Add User

type AddField = 'username' | 'email' | 'first_name' | 'last_name' | 'password' | 'role';
const ADD_FIELDS: readonly AddField[] = ['username', 'email', 'first_name', 'last_name', 'password', 'role'];

export function AddUserDialog({
  assignable,
  rules,
  onCreated,
  onClose,
}: {
  /** The roles the current user may assign. */
  assignable: readonly string[];
  rules: readonly PasswordRule[];
  onCreated: (user: User, message: string) => void;
  onClose: () => void;
}) {
  const initialRole = assignable.includes('user') ? 'user' : (assignable[assignable.length - 1] ?? '');
  const [values, setValues] = useState<Record<AddField, string>>({
    username: '',
    email: '',
    first_name: '',
    last_name: '',
    password: '',
    role: initialRole,
  });
  const [errors, setErrors] = useState<Partial<Record<AddField, string[]>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (field: AddField) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const missing: Partial<Record<AddField, string[]>> = {};
    if (values.username.trim().length < 3) missing.username = ['Username must be at least 3 characters'];
    if (!values.email.trim()) missing.email = ['Enter an email address.'];
    if (!values.password) missing.password = ['Enter a password.'];
    if (!values.role) missing.role = ['Choose a role.'];
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      setGeneral(null);
      focusFirstInvalid();
      return;
    }
    const body: NewUser = {
      username: values.username.trim(),
      email: values.email.trim(),
      password: values.password,
      role: values.role,
    };
    if (values.first_name.trim()) body.first_name = values.first_name.trim();
    if (values.last_name.trim()) body.last_name = values.last_name.trim();
    setPending(true);
    setGeneral(null);
    try {
      const answer = await client.createUser(body);
      onCreated(answer.user, answer.message || 'User created successfully');
    } catch (caught) {
      setPending(false);
      const split = splitErrors(caught, ADD_FIELDS);
      setErrors(split.fields);
      setGeneral(split.general);
      focusFirstInvalid();
    }
  };

  return (
    <Modal title="Add User" onClose={onClose} testId="add-user-dialog" busy={pending}>
      <form ref={formRef} className="modal__body" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormAlert message={general} testId="add-user-error" />
        <FormField
          id="add-user-username"
          testId="add-user-username"
          label="Username"
          hint="At least 3 characters. Lowercase recommended."
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={values.username}
          onChange={(e) => set('username')(e.target.value)}
          errors={errors.username}
        />
        <FormField
          id="add-user-email"
          testId="add-user-email"
          label="Email"
          type="email"
          autoComplete="off"
          required
          value={values.email}
          onChange={(e) => set('email')(e.target.value)}
          errors={errors.email}
        />
        <div className="field-row">
          <FormField
            id="add-user-first-name"
            testId="add-user-first-name"
            label="First name (optional)"
            autoComplete="off"
            value={values.first_name}
            onChange={(e) => set('first_name')(e.target.value)}
            errors={errors.first_name}
          />
          <FormField
            id="add-user-last-name"
            testId="add-user-last-name"
            label="Last name (optional)"
            autoComplete="off"
            value={values.last_name}
            onChange={(e) => set('last_name')(e.target.value)}
            errors={errors.last_name}
          />
        </div>
        <FormField
          id="add-user-password"
          testId="add-user-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={values.password}
          onChange={(e) => set('password')(e.target.value)}
          errors={errors.password}
          describedBy="add-user-password-rules"
        >
          <PasswordChecklist id="add-user-password-rules" password={values.password} rules={rules} />
        </FormField>
        <SelectField
          id="add-user-role"
          testId="add-user-role"
          label="Role"
          value={values.role}
          onChange={set('role')}
          options={roleOptions(assignable.map((name) => ({ name })))}
          errors={errors.role}
          hint="Only the roles you may assign are listed."
        />
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" data-testid="add-user-submit" disabled={pending}>
            {pending ? 'Adding…' : 'Add User'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Edit User

type EditField = 'username' | 'email' | 'first_name' | 'last_name' | 'role' | 'is_active';
const EDIT_FIELDS: readonly EditField[] = ['username', 'email', 'first_name', 'last_name', 'role', 'is_active'];

export function EditUserDialog({
  user,
  isSelf,
  assignable,
  onSaved,
  onClose,
}: {
  user: User;
  isSelf: boolean;
  /** The roles the current user may assign. */
  assignable: readonly string[];
  onSaved: (user: User, message: string) => void;
  onClose: () => void;
}) {
  const [username, setUsername] = useState(user.username);
  const [email, setEmail] = useState(user.email);
  const [firstName, setFirstName] = useState(user.first_name ?? '');
  const [lastName, setLastName] = useState(user.last_name ?? '');
  const [role, setRole] = useState(user.role);
  const [active, setActive] = useState(user.is_active);
  const [errors, setErrors] = useState<Partial<Record<EditField, string[]>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  // The user's current role stays visible even when it is not one the current user may assign.
  const options: RoleOption[] = assignable.includes(user.role)
    ? assignable.map((name) => ({ name }))
    : [{ name: user.role }, ...assignable.map((name) => ({ name }))];

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const changes: UserChanges = {};
    if (username.trim() !== user.username) changes.username = username.trim();
    if (email.trim() !== user.email) changes.email = email.trim();
    if (firstName.trim() !== (user.first_name ?? '')) changes.first_name = firstName.trim();
    if (lastName.trim() !== (user.last_name ?? '')) changes.last_name = lastName.trim();
    if (role !== user.role) changes.role = role;
    if (active !== user.is_active) changes.is_active = active;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setPending(true);
    setGeneral(null);
    setErrors({});
    try {
      const answer = await client.updateUser(user.id, changes);
      onSaved(answer.user, answer.message || 'User updated successfully');
    } catch (caught) {
      setPending(false);
      const split = splitErrors(caught, EDIT_FIELDS);
      setErrors(split.fields);
      setGeneral(split.general);
    }
  };

  return (
    <Modal
      title="Edit User"
      description={
        <>
          Editing <strong>{displayName(user)}</strong> ({user.username})
        </>
      }
      onClose={onClose}
      testId="edit-user-dialog"
      busy={pending}
    >
      <form className="modal__body" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormAlert message={general} testId="edit-user-error" />
        <FormField
          id="edit-user-username"
          testId="edit-user-username"
          label="Username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          errors={errors.username}
        />
        <FormField
          id="edit-user-email"
          testId="edit-user-email"
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={errors.email}
        />
        <div className="field-row">
          <FormField
            id="edit-user-first-name"
            testId="edit-user-first-name"
            label="First name"
            autoComplete="off"
            value={firstName}
            onChange={(e) => setFirstName(e.target.value)}
            errors={errors.first_name}
          />
          <FormField
            id="edit-user-last-name"
            testId="edit-user-last-name"
            label="Last name"
            autoComplete="off"
            value={lastName}
            onChange={(e) => setLastName(e.target.value)}
            errors={errors.last_name}
          />
        </div>
        <SelectField
          id="edit-user-role"
          testId="edit-user-role"
          label="Role"
          value={role}
          onChange={setRole}
          options={roleOptions(options)}
          errors={errors.role}
          disabled={isSelf}
          hint={
            isSelf
              ? 'You cannot change your own role.'
              : 'Changing the role signs the user out everywhere; they must sign in again.'
          }
        />
        <div className="checkbox-field">
          <input
            id="edit-user-active"
            type="checkbox"
            data-testid="edit-user-active"
            checked={active}
            disabled={isSelf}
            onChange={(e) => setActive(e.target.checked)}
            aria-describedby="edit-user-active-hint"
          />
          <label htmlFor="edit-user-active">Active</label>
          <p className="field__hint" id="edit-user-active-hint">
            {isSelf
              ? 'You cannot deactivate your own account.'
              : 'Inactive users cannot sign in; deactivating ends their sessions and trusted devices.'}
          </p>
        </div>
        {errors.is_active ? <p className="field__errors">{errors.is_active.join(' ')}</p> : null}
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" data-testid="edit-user-submit" disabled={pending}>
            {pending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Reset password

type ResetField = 'new_password' | 'confirm';

export function ResetPasswordDialog({
  user,
  rules,
  onDone,
  onClose,
}: {
  user: User;
  rules: readonly PasswordRule[];
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<ResetField, string[]>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<ResetField, string[]>> = {};
    if (!password) found.new_password = ['Enter a new password.'];
    if (!confirm) found.confirm = ['Enter the password again.'];
    else if (confirm !== password) found.confirm = [PASSWORD_MISMATCH];
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setGeneral(null);
      return;
    }
    setPending(true);
    setGeneral(null);
    setErrors({});
    try {
      const answer = await client.resetPassword(user.id, password);
      onDone(answer?.message || 'Password reset successfully');
    } catch (caught) {
      setPending(false);
      const split = splitErrors(caught, ['new_password'] as const);
      setErrors(split.fields);
      setGeneral(split.general);
    }
  };

  return (
    <Modal
      title="Reset Password"
      description={
        <>
          Set a new password for <strong>{user.username}</strong>. All of their sessions and trusted devices are
          revoked; they must sign in again with the new password.
        </>
      }
      onClose={onClose}
      testId="reset-password-dialog"
      busy={pending}
    >
      <form className="modal__body" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormAlert message={general} testId="reset-password-error" />
        <FormField
          id="reset-password-new"
          testId="reset-password-new"
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setErrors({});
          }}
          errors={errors.new_password}
          describedBy="reset-password-rules"
        >
          <PasswordChecklist id="reset-password-rules" password={password} rules={rules} />
        </FormField>
        <FormField
          id="reset-password-confirm"
          testId="reset-password-confirm"
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => {
            setConfirm(e.target.value);
            setErrors((current) => ({ ...current, confirm: [] }));
          }}
          errors={errors.confirm}
        />
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" data-testid="reset-password-submit" disabled={pending}>
            {pending ? 'Resetting…' : 'Reset Password'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Confirm (delete)

/** A destructive confirmation: Cancel has the focus; the action's error stays in the dialog. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  testId,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  testId: string;
  /** Resolves when done (the caller closes the dialog); rejects with the error to show. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setPending(false);
      setError(errorText(caught));
    }
  };

  return (
    <Modal title={title} onClose={onClose} testId={testId} busy={pending}>
      <div className="modal__body">
        <FormAlert message={error} testId={`${testId}-error`} />
        <div className="modal__text">{children}</div>
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            data-testid={`${testId}-confirm`}
            disabled={pending}
            onClick={confirm}
          >
            {pending ? pendingLabel : confirmLabel}
          </button>
        </div>
      </div>
    </Modal>
  );
}
