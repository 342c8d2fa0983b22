import { useEffect, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { UpgradeRequired } from '../components/UpgradeRequired';
import { ForbiddenPage } from '../pages/ForbiddenPage';
import { useAuth } from './AuthProvider';
import { loginPath } from './next';

/** Protected routes: signed-out visitors go to `/login?next=<where they were>`. */
export function RequireAuth() {
  const { status, signedOutByUser, redirectTo, clearRedirect } = useAuth();
  const location = useLocation();
  const signedIn = status === 'signed-in';

  // The one-shot destination after sign-in has been reached: forget it.
  useEffect(() => {
    if (signedIn && redirectTo !== null) clearRedirect();
  }, [signedIn, redirectTo, clearRedirect]);

  if (!signedIn) {
    const to = signedOutByUser ? '/login' : loginPath(`${location.pathname}${location.search}${location.hash}`);
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}

/** `/login` and `/signup`: a signed-in user goes on (to `?next=` right after signing in, else `/`). */
export function PublicOnly() {
  const { status, redirectTo } = useAuth();
  if (status === 'signed-in') return <Navigate to={redirectTo ?? '/'} replace />;
  return <Outlet />;
}

/** Renders its children only when the organisation's plan includes `module`, else the "Upgrade required" placeholder. */
export function RequireModule({ module, children }: { module: string | undefined; children: ReactNode }) {
  const { hasModule } = useAuth();
  if (module && !hasModule(module)) {
    return (
      <section className="page">
        <UpgradeRequired module={module} />
      </section>
    );
  }
  return <>{children}</>;
}

/** Renders its children only for users holding `permission` (null: everyone signed in). */
export function RequirePermission({ permission, children }: { permission: string | null; children: ReactNode }) {
  const { hasPermission } = useAuth();
  if (permission && !hasPermission(permission)) return <ForbiddenPage permission={permission} />;
  return <>{children}</>;
}
