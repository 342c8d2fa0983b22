import type { ReactNode } from 'react';
import { Outlet } from 'react-router-dom';
import { useTheme } from '../theme/theme';
import { ThemeToggle } from './ThemeToggle';

/** The public pages' frame: no sidebar, a centred card under the product name. */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { theme, toggleTheme } = useTheme();
  return (
    <div className="auth-page">
      <div className="auth-page__actions">
        <ThemeToggle theme={theme} onToggle={toggleTheme} />
      </div>
      <main className="auth-page__main" id="main">
        <div className="auth-brand">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          <span className="auth-brand__name">PatchMon Cloud</span>
        </div>
        <div className="card auth-card">{children}</div>
      </main>
    </div>
  );
}

/** Route element for `/login`, `/signup` and `/setup`. */
export function AuthLayout() {
  return (
    <AuthFrame>
      <Outlet />
    </AuthFrame>
  );
}
