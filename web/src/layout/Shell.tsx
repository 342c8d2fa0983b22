import { NavLink, Outlet } from 'react-router-dom';
import { SECTIONS } from '../sections';
import { useTheme } from '../theme/theme';
import { ApiStatus } from './ApiStatus';

export function Shell() {
  const { theme, toggleTheme } = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
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
          <button
            type="button"
            className="icon-button"
            data-testid="theme-toggle"
            onClick={toggleTheme}
            aria-label={`Switch to ${next} theme`}
            title={`Switch to ${next} theme`}
          >
            <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {SECTIONS.map((section) => (
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
