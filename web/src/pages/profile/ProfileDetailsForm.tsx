import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { ApiError } from '../../api/client';
import { getProfile, updateProfile, type ProfileChanges } from '../../api/profile';
import { useAuth } from '../../auth/AuthProvider';
import type { User } from '../../auth/session';
import { FormField } from '../../components/FormField';
import { applyThemePreference, type ThemePreference } from '../../theme/theme';

type Field = 'first_name' | 'last_name' | 'email' | 'theme_preference';
type FieldErrors = Partial<Record<Field, string[]>>;
const FIELDS: readonly Field[] = ['first_name', 'last_name', 'email', 'theme_preference'];

interface Values {
  first_name: string;
  last_name: string;
  email: string;
  theme_preference: ThemePreference;
}

export const THEME_OPTIONS: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System (follow this device)' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function isPreference(value: unknown): value is ThemePreference {
  return value === 'light' || value === 'dark' || value === 'system';
}

function valuesOf(user: User): Values {
  return {
    first_name: user.first_name ?? '',
    last_name: user.last_name ?? '',
    email: user.email,
    theme_preference: isPreference(user.theme_preference) ? user.theme_preference : 'system',
  };
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.error ?? error.message;
  return 'Something went wrong. Please try again.';
}

/** First name, last name, email and theme preference (`GET`/`PUT /profile`). */
export function ProfileDetailsForm() {
  const { updateUser } = useAuth();
  const [loaded, setLoaded] = useState<User | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [values, setValues] = useState<Values | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  const refs: Record<Field, RefObject<HTMLInputElement | HTMLSelectElement | null>> = {
    first_name: useRef<HTMLInputElement>(null),
    last_name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    theme_preference: useRef<HTMLSelectElement>(null),
  };

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    getProfile(undefined, controller.signal).then(
      (user) => {
        if (controller.signal.aborted) return;
        setLoaded(user);
        setValues(valuesOf(user));
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(caught));
      },
    );
    return () => controller.abort();
  }, [attempt]);

  if (loadError) {
    return (
      <div>
        <p className="form-error" role="alert" data-testid="profile-load-error">
          Could not load your profile: {loadError}
        </p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }
  if (!loaded || !values) {
    return (
      <p className="profile-muted" role="status" data-testid="profile-loading">
        Loading your profile…
      </p>
    );
  }

  const update = (field: Field, value: string) => {
    setValues((current) => (current ? { ...current, [field]: value } : current));
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });
    setSaved(false);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    if (!values.email.trim()) {
      setErrors({ email: ['Enter your email address.'] });
      setError(null);
      refs.email.current?.focus();
      return;
    }
    const before = valuesOf(loaded);
    const changes: ProfileChanges = {
      first_name: values.first_name.trim(),
      last_name: values.last_name.trim(),
      email: values.email.trim(),
    };
    const themeChanged = values.theme_preference !== before.theme_preference;
    if (themeChanged) changes.theme_preference = values.theme_preference;

    setPending(true);
    setError(null);
    setErrors({});
    setSaved(false);
    try {
      const user = await updateProfile(changes);
      setLoaded(user);
      setValues(valuesOf(user));
      updateUser(user);
      if (themeChanged) applyThemePreference(values.theme_preference);
      setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        const mapped: FieldErrors = {};
        const unmapped: string[] = [];
        for (const e of caught.fieldErrors) {
          const param = e.param as Field | undefined;
          if (param && FIELDS.includes(param)) mapped[param] = [...(mapped[param] ?? []), e.msg];
          else unmapped.push(e.msg);
        }
        setErrors(mapped);
        setError(unmapped.length > 0 ? unmapped.join(' ') : null);
        const first = FIELDS.find((field) => mapped[field]?.length);
        if (first) refs[first].current?.focus();
      } else {
        setError(messageOf(caught));
      }
    } finally {
      setPending(false);
    }
  };

  const themeErrors = errors.theme_preference ?? [];
  return (
    <form className="profile-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <h2 className="card-title">Profile</h2>
      {error ? (
        <div className="form-error" role="alert" data-testid="profile-error">
          {error}
        </div>
      ) : null}
      <div className="field-row">
        <FormField
          id="profile-first-name"
          testId="profile-first-name"
          label="First name"
          name="given-name"
          autoComplete="given-name"
          value={values.first_name}
          onChange={(e) => update('first_name', e.target.value)}
          errors={errors.first_name}
          inputRef={refs.first_name as RefObject<HTMLInputElement>}
        />
        <FormField
          id="profile-last-name"
          testId="profile-last-name"
          label="Last name"
          name="family-name"
          autoComplete="family-name"
          value={values.last_name}
          onChange={(e) => update('last_name', e.target.value)}
          errors={errors.last_name}
          inputRef={refs.last_name as RefObject<HTMLInputElement>}
        />
      </div>
      <FormField
        id="profile-email"
        testId="profile-email"
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        value={values.email}
        onChange={(e) => update('email', e.target.value)}
        errors={errors.email}
        inputRef={refs.email as RefObject<HTMLInputElement>}
      />
      <div className="field">
        <label className="field__label" htmlFor="profile-theme">
          Theme
        </label>
        <p className="field__hint" id="profile-theme-hint">
          Applied to this browser when you save.
        </p>
        <select
          id="profile-theme"
          className="field__input"
          data-testid="profile-theme"
          value={values.theme_preference}
          onChange={(e) => update('theme_preference', e.target.value)}
          ref={refs.theme_preference as RefObject<HTMLSelectElement>}
          aria-invalid={themeErrors.length > 0 ? true : undefined}
          aria-describedby={themeErrors.length > 0 ? 'profile-theme-hint profile-theme-error' : 'profile-theme-hint'}
        >
          {THEME_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {themeErrors.length > 0 ? (
          <ul className="field__errors" id="profile-theme-error" data-testid="profile-theme-error">
            {themeErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="button-row">
        <button type="submit" className="button" data-testid="profile-save" disabled={pending}>
          {pending ? 'Saving…' : 'Save changes'}
        </button>
        <span className="button-row__status" role="status" data-testid="profile-saved">
          {saved ? 'Your profile has been saved.' : null}
        </span>
      </div>
    </form>
  );
}
