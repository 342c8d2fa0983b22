import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { displayName } from '../../auth/session';
import { useDocumentTitle } from '../SectionPage';
import { TwoFactorSetupStep } from './TwoFactorSetupStep';

/**
 * First-run setup after sign-up: welcome, the organisation slug to sign in with, and the optional
 * two-factor step of the spec's setup wizard (chapter 25).
 */
export function SetupPage() {
  useDocumentTitle('Welcome');
  const { user, tenant } = useAuth();
  const navigate = useNavigate();
  if (!user || !tenant) return null;

  return (
    <>
      <h1 className="auth-title">Welcome to PatchMon Cloud, {displayName(user)}</h1>
      <p className="auth-subtitle">
        Your organisation <strong data-testid="setup-tenant-name">{tenant.name}</strong> is ready, and you are its
        administrator.
      </p>
      <div className="setup-slug">
        <p className="setup-slug__line">
          Your organisation: <code data-testid="setup-slug">{tenant.slug}</code>
        </p>
        <p className="field__hint">
          Keep this slug: if your username or email also exists in another organisation, enter it in the
          Organisation field when you sign in.
        </p>
      </div>
      <TwoFactorSetupStep
        finish={
          <button
            type="button"
            className="button button--block"
            data-testid="setup-continue"
            onClick={() => navigate('/', { replace: true })}
          >
            Go to dashboard
          </button>
        }
      />
    </>
  );
}
