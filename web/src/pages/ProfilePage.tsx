import { useRef, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { ChangePasswordForm } from './profile/ChangePasswordForm';
import { MfaPanel } from './profile/MfaPanel';
import { ProfileDetailsForm } from './profile/ProfileDetailsForm';
import { TrustedDevicesPanel } from './profile/TrustedDevicesPanel';
import { useDocumentTitle } from './SectionPage';
import './profile/profile.css';

/** The page's tabs; the URL hash (`#tfa`) names the open one. */
export const PROFILE_TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'password', label: 'Change password' },
  { id: 'tfa', label: 'Multi-Factor Authentication' },
  { id: 'devices', label: 'Trusted devices' },
] as const;

export type ProfileTab = (typeof PROFILE_TABS)[number]['id'];

function tabOf(hash: string): ProfileTab {
  const id = hash.replace(/^#/, '');
  return PROFILE_TABS.find((tab) => tab.id === id)?.id ?? 'profile';
}

/** My Profile (admin guide chapter 2, "My Profile", and chapter 25): every signed-in user's own settings. */
export function ProfilePage() {
  useDocumentTitle('My profile');
  const { user, tenant } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const active = tabOf(location.hash);
  const tabRefs = useRef<Partial<Record<ProfileTab, HTMLButtonElement | null>>>({});

  const select = (tab: ProfileTab, focus = false) => {
    navigate({ pathname: location.pathname, search: location.search, hash: tab === 'profile' ? '' : `#${tab}` }, { replace: true });
    if (focus) tabRefs.current[tab]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = PROFILE_TABS.findIndex((tab) => tab.id === active);
    let target: number | null = null;
    if (event.key === 'ArrowRight') target = (index + 1) % PROFILE_TABS.length;
    else if (event.key === 'ArrowLeft') target = (index - 1 + PROFILE_TABS.length) % PROFILE_TABS.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = PROFILE_TABS.length - 1;
    if (target === null) return;
    event.preventDefault();
    select(PROFILE_TABS[target]!.id, true);
  };

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
            <dt>Organisation</dt>
            <dd>
              {tenant.name} (<code>{tenant.slug}</code>)
            </dd>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </dl>
        </div>
      ) : null}
      <div className="profile-tabs" role="tablist" aria-label="Profile settings" onKeyDown={onKeyDown}>
        {PROFILE_TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={`profile-tab-${tab.id}`}
            data-testid={`profile-tab-${tab.id}`}
            aria-selected={active === tab.id}
            aria-controls={`profile-panel-${tab.id}`}
            tabIndex={active === tab.id ? 0 : -1}
            className={active === tab.id ? 'profile-tab profile-tab--active' : 'profile-tab'}
            onClick={() => select(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        className="card profile-tab-panel"
        role="tabpanel"
        id={`profile-panel-${active}`}
        aria-labelledby={`profile-tab-${active}`}
        data-testid={`profile-panel-${active}`}
      >
        {active === 'profile' ? <ProfileDetailsForm /> : null}
        {active === 'password' ? <ChangePasswordForm /> : null}
        {active === 'tfa' ? <MfaPanel /> : null}
        {active === 'devices' ? <TrustedDevicesPanel /> : null}
      </div>
    </section>
  );
}
