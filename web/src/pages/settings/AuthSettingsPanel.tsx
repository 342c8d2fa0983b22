import { useState, type FormEvent } from 'react';
import { usersApi, type AuthSettings, type PasswordPolicySettings, type TfaLimits } from '../../api/users';
import { errorText } from './formErrors';
import { SelectField } from './UserDialogs';
import { canBeDefaultRole, roleLabel } from './rbac';

const client = usersApi();

const READ_ONLY_NOTE = 'Only users with the can_manage_settings permission can change these settings.';

function Status({ message, testId }: { message: string | null; testId: string }) {
  return (
    <p className="inline-status" role="status" data-testid={testId}>
      {message ?? ''}
    </p>
  );
}

function Alert({ message, testId }: { message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}

/** Settings → Users → "User Registration Settings" (chapter 24, "Self-Service Sign-Up"). */
export function RegistrationSettings({
  settings,
  roles,
  editable,
  slug,
  onSaved,
}: {
  settings: AuthSettings;
  /** Every role's name (most privileged first). */
  roles: readonly string[];
  editable: boolean;
  /** The organisation slug, for the registration link. */
  slug: string;
  onSaved: (settings: AuthSettings) => void;
}) {
  const [enabled, setEnabled] = useState(settings.self_registration_enabled);
  const [defaultRole, setDefaultRole] = useState(settings.default_role);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const choices = roles.filter(canBeDefaultRole);
  if (!choices.includes(defaultRole)) choices.push(defaultRole);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editable || pending) return;
    setPending(true);
    setError(null);
    setSaved(null);
    try {
      const next = await client.updateAuthSettings({ self_registration_enabled: enabled, default_role: defaultRole });
      setEnabled(next.self_registration_enabled);
      setDefaultRole(next.default_role);
      setSaved('Registration settings saved.');
      onSaved(next);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setPending(false);
    }
  };

  const link = `${window.location.origin}/register?org=${encodeURIComponent(slug)}`;

  return (
    <section className="card settings-card" aria-labelledby="registration-title" data-testid="registration-settings">
      <h2 className="card-title" id="registration-title">
        User Registration Settings
      </h2>
      <p className="settings-card__intro">
        Let people create their own account in this organisation from the registration page. Only enable
        self-registration for internal or private-network use; otherwise invite users yourself.
      </p>
      {!editable ? (
        <p className="notice" role="note">
          {READ_ONLY_NOTE}
        </p>
      ) : null}
      <Alert message={error} testId="registration-error" />
      <form className="settings-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <div className="checkbox-field">
          <input
            id="registration-enabled"
            type="checkbox"
            data-testid="registration-enabled"
            checked={enabled}
            disabled={!editable}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <label htmlFor="registration-enabled">Enable User Self-Registration</label>
        </div>
        <SelectField
          id="registration-default-role"
          testId="registration-default-role"
          label="Default Role for New Users"
          hint="The role self-registered accounts get. Admin and Super Admin cannot be the default."
          value={defaultRole}
          onChange={setDefaultRole}
          disabled={!editable}
          options={choices.map((name) => ({
            value: name,
            label: name === roleLabel(name) ? name : `${roleLabel(name)} (${name})`,
          }))}
        />
        {settings.self_registration_enabled ? (
          <p className="field__hint" data-testid="registration-link">
            Registration page: <code>{link}</code>
          </p>
        ) : null}
        {editable ? (
          <div className="settings-form__actions">
            <button type="submit" className="button" data-testid="registration-save" disabled={pending}>
              {pending ? 'Saving…' : 'Save Settings'}
            </button>
            <Status message={saved} testId="registration-saved" />
          </div>
        ) : null}
      </form>
    </section>
  );
}

type NumberField = 'min_length' | 'max_attempts' | 'lockout_minutes' | 'remember_me_days' | 'max_remember_sessions';

const NUMBER_FIELDS: readonly {
  id: NumberField;
  label: string;
  min: number;
  max: number;
  unit?: string;
}[] = [
  { id: 'min_length', label: 'Minimum length', min: 8, max: 72, unit: 'characters' },
  { id: 'max_attempts', label: 'Failed code attempts before lockout', min: 1, max: 20 },
  { id: 'lockout_minutes', label: 'Lockout duration', min: 1, max: 1440, unit: 'minutes' },
  { id: 'remember_me_days', label: 'Trusted device lifetime', min: 1, max: 365, unit: 'days' },
  { id: 'max_remember_sessions', label: 'Trusted devices per user', min: 1, max: 50 },
];

const REQUIREMENTS: readonly { id: keyof Omit<PasswordPolicySettings, 'min_length'>; label: string }[] = [
  { id: 'require_uppercase', label: 'Require an uppercase letter' },
  { id: 'require_lowercase', label: 'Require a lowercase letter' },
  { id: 'require_number', label: 'Require a number' },
  { id: 'require_special', label: 'Require a special character' },
];

function numbersOf(settings: AuthSettings): Record<NumberField, string> {
  return {
    min_length: String(settings.password_policy.min_length),
    max_attempts: String(settings.tfa.max_attempts),
    lockout_minutes: String(settings.tfa.lockout_minutes),
    remember_me_days: String(settings.tfa.remember_me_days),
    max_remember_sessions: String(settings.tfa.max_remember_sessions),
  };
}

/** The organisation's password policy and two-factor limits. */
export function SecuritySettings({
  settings,
  editable,
  onSaved,
}: {
  settings: AuthSettings;
  editable: boolean;
  onSaved: (settings: AuthSettings) => void;
}) {
  const [numbers, setNumbers] = useState<Record<NumberField, string>>(() => numbersOf(settings));
  const [flags, setFlags] = useState(() => ({
    require_uppercase: settings.password_policy.require_uppercase,
    require_lowercase: settings.password_policy.require_lowercase,
    require_number: settings.password_policy.require_number,
    require_special: settings.password_policy.require_special,
  }));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editable || pending) return;
    const bad = NUMBER_FIELDS.filter((field) => {
      const value = Number(numbers[field.id]);
      return !/^\d+$/.test(numbers[field.id].trim()) || value < field.min || value > field.max;
    });
    if (bad.length > 0) {
      setError(bad.map((f) => `${f.label} must be a whole number from ${f.min} to ${f.max}.`).join(' '));
      setSaved(null);
      return;
    }
    const policy: PasswordPolicySettings = { min_length: Number(numbers.min_length), ...flags };
    const tfa: TfaLimits = {
      max_attempts: Number(numbers.max_attempts),
      lockout_minutes: Number(numbers.lockout_minutes),
      remember_me_days: Number(numbers.remember_me_days),
      max_remember_sessions: Number(numbers.max_remember_sessions),
    };
    setPending(true);
    setError(null);
    setSaved(null);
    try {
      const next = await client.updateAuthSettings({ password_policy: policy, tfa });
      setNumbers(numbersOf(next));
      setFlags({
        require_uppercase: next.password_policy.require_uppercase,
        require_lowercase: next.password_policy.require_lowercase,
        require_number: next.password_policy.require_number,
        require_special: next.password_policy.require_special,
      });
      setSaved('Security settings saved.');
      onSaved(next);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setPending(false);
    }
  };

  const numberInput = (field: (typeof NUMBER_FIELDS)[number]) => (
    <div className="field field--number" key={field.id}>
      <label className="field__label" htmlFor={`security-${field.id}`}>
        {field.label}
      </label>
      <div className="field__with-unit">
        <input
          id={`security-${field.id}`}
          className="field__input"
          type="number"
          inputMode="numeric"
          min={field.min}
          max={field.max}
          data-testid={`security-${field.id}`}
          value={numbers[field.id]}
          disabled={!editable}
          onChange={(e) => setNumbers((current) => ({ ...current, [field.id]: e.target.value }))}
        />
        {field.unit ? <span className="field__unit">{field.unit}</span> : null}
      </div>
    </div>
  );

  return (
    <section className="card settings-card" aria-labelledby="security-title" data-testid="security-settings">
      <h2 className="card-title" id="security-title">
        Password Policy &amp; Two-Factor Limits
      </h2>
      {!editable ? (
        <p className="notice" role="note">
          {READ_ONLY_NOTE}
        </p>
      ) : null}
      <Alert message={error} testId="security-error" />
      <form className="settings-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <fieldset className="settings-fieldset">
          <legend>Password policy</legend>
          {numberInput(NUMBER_FIELDS[0]!)}
          <div className="checkbox-grid">
            {REQUIREMENTS.map((requirement) => (
              <div className="checkbox-field" key={requirement.id}>
                <input
                  id={`security-${requirement.id}`}
                  type="checkbox"
                  data-testid={`security-${requirement.id}`}
                  checked={flags[requirement.id]}
                  disabled={!editable}
                  onChange={(e) => setFlags((current) => ({ ...current, [requirement.id]: e.target.checked }))}
                />
                <label htmlFor={`security-${requirement.id}`}>{requirement.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className="settings-fieldset">
          <legend>Two-factor authentication</legend>
          <div className="number-grid">{NUMBER_FIELDS.slice(1).map(numberInput)}</div>
        </fieldset>
        {editable ? (
          <div className="settings-form__actions">
            <button type="submit" className="button" data-testid="security-save" disabled={pending}>
              {pending ? 'Saving…' : 'Save Security Settings'}
            </button>
            <Status message={saved} testId="security-saved" />
          </div>
        ) : null}
      </form>
    </section>
  );
}
