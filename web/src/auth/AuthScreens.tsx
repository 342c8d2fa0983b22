import type { ApiError } from '../api/client';
import { AuthFrame } from '../layout/AuthFrame';

/** Shown while `/auth/me` is answering: neither protected content nor the login form. */
export function AuthLoading() {
  return (
    <AuthFrame>
      <p className="auth-loading" role="status" data-testid="auth-loading">
        Loading PatchMon…
      </p>
    </AuthFrame>
  );
}

/** `/auth/me` failed for a reason other than "not signed in". */
export function AuthUnavailable({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <AuthFrame>
      <h1 className="auth-title">PatchMon is unavailable</h1>
      <p className="form-error" role="alert" data-testid="auth-unavailable">
        {error.message}
      </p>
      <button type="button" className="button button--block" data-testid="auth-retry" onClick={onRetry}>
        Try again
      </button>
    </AuthFrame>
  );
}
