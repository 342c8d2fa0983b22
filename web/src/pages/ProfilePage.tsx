import { useAuth } from '../auth/AuthProvider';
import { useDocumentTitle } from './SectionPage';

/** What My Profile will hold (admin guide chapter 2, "My Profile", and chapter 25). */
export const PROFILE_FEATURES: readonly string[] = [
  'Your first name, last name and email.',
  'Changing your password, checked live against your organisation’s password policy (rate-limited: by default 5 attempts per 15 minutes).',
  'Two-factor authentication: enable or disable an authenticator app (TOTP) and regenerate your one-time backup codes.',
  'Trusted devices: the browsers that skip the two-factor prompt for 30 days, with when each was last used, and revoking one or all of them.',
  'Preferences: light or dark theme, dashboard card layout and default landing tab.',
];

export function ProfilePage() {
  useDocumentTitle('My profile');
  const { user, tenant } = useAuth();
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">My profile</h1>
        <p className="page-summary">Your own account settings. Every signed-in user has access.</p>
      </header>
      {user && tenant ? (
        <div className="card profile-account">
          <h2 className="card-title">Signed in as</h2>
          <dl className="facts">
            <dt>Username</dt>
            <dd data-testid="profile-username">{user.username}</dd>
            <dt>Email</dt>
            <dd>{user.email}</dd>
            <dt>Organisation</dt>
            <dd>
              {tenant.name} (<code>{tenant.slug}</code>)
            </dd>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </dl>
        </div>
      ) : null}
      <div className="card">
        <h2 className="card-title">What this page will hold</h2>
        <ul className="feature-list">
          {PROFILE_FEATURES.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
        <p className="notice" role="note">
          This page arrives with its capability; until then there is nothing to change here. (Admin guide chapters 2
          and 25)
        </p>
      </div>
    </section>
  );
}
