import { NavLink, Outlet } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { SECTIONS } from '../sections';
import { useTheme } from '../theme/theme';
import { ApiStatus } from './ApiStatus';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

export function Shell() {
  const { theme, toggleTheme } = useTheme();
  const { hasPermission, hasModule } = useAuth();
  const sections = SECTIONS.filter(
    (section) => (!section.permission || hasPermission(section.permission)) && (!section.module || hasModule(section.module)),
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="PatchMon home">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          <span className="brand__name">PatchMon</span>
        </NavLink>
        <div className="topbar__actions">
          <ApiStatus />
          <ThemeToggle theme={theme} onToggle={toggleTheme} />
          <UserMenu />
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {sections.map((section) => (
            <li key={section.slug}>
              <NavLink
                to={section.path}
                end={section.path === '/'}
                data-testid={`nav-${section.slug}`}
                className={({ isActive }) => (isActive ? 'nav-link nav-link--active' : 'nav-link')}
              >
                {section.title}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
