import type { ReactNode } from 'react';
import { Navigate, NavLink, Outlet } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { ForbiddenPage } from '../ForbiddenPage';
import { landingPath, visibleGroups } from './settingsNav';
import './settings.css';

/** The Settings area: its grouped sub-navigation on the left, the page on the right. */
export function SettingsLayout() {
  const { hasPermission } = useAuth();
  const groups = visibleGroups(hasPermission);
  return (
    <div className="settings-layout">
      <nav className="settings-nav" aria-label="Settings">
        <p className="settings-nav__title">Settings</p>
        {groups.map((group) => (
          <div className="settings-nav__group" key={group.label}>
            <p className="settings-nav__group-label">{group.label}</p>
            <ul>
              {group.items.map((item) => (
                <li key={item.slug}>
                  {item.available ? (
                    <NavLink
                      to={item.path}
                      data-testid={`settings-nav-${item.slug}`}
                      className={({ isActive }) =>
                        isActive ? 'settings-nav__link settings-nav__link--active' : 'settings-nav__link'
                      }
                    >
                      {item.label}
                    </NavLink>
                  ) : (
                    <span
                      className="settings-nav__link settings-nav__link--unavailable"
                      aria-disabled="true"
                      data-testid={`settings-nav-${item.slug}`}
                      title="This page arrives with its capability."
                    >
                      {item.label}
                      <span className="settings-nav__soon">not yet available</span>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="settings-page">
        <Outlet />
      </div>
    </div>
  );
}

/** `/settings`: the first page the user may see. */
export function SettingsIndex() {
  const { hasPermission } = useAuth();
  return <Navigate to={landingPath(hasPermission)} replace />;
}

/** Renders its children for holders of any of `anyOf`; "Access denied" otherwise. */
export function RequireAnyPermission({ anyOf, children }: { anyOf: readonly string[]; children: ReactNode }) {
  const { hasPermission } = useAuth();
  if (anyOf.length > 0 && !anyOf.some((key) => hasPermission(key))) {
    return <ForbiddenPage permission={anyOf[0]!} />;
  }
  return <>{children}</>;
}
