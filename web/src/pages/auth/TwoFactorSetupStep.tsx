import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { TfaEnrolment, useTfaSetupStarter } from '../../components/tfa/TfaEnrolment';
import '../../components/tfa/tfa.css';

type Choice = 'undecided' | 'skipped' | 'enabled';

/**
 * Step 2 of first-run setup (spec chapter 25, "First-Time Wizard: Optional 2FA Setup"): set up
 * an authenticator now, or skip. `finish` is the page's own way on ("Go to dashboard"): it is
 * hidden while an enrolment is under way, whose Done takes over (leaving after verification
 * would lose the backup codes).
 */
export function TwoFactorSetupStep({ finish }: { finish?: ReactNode }) {
  const { user, tenant, updateUser } = useAuth();
  const navigate = useNavigate();
  const starter = useTfaSetupStarter();
  const [choice, setChoice] = useState<Choice>(user?.tfa_enabled ? 'enabled' : 'undecided');

  if (!user) return null;
  const account = tenant ? `${user.username} (${tenant.name})` : user.username;

  let body;
  if (choice === 'enabled') {
    body = (
      <p className="setup-mfa__text" data-testid="setup-mfa-enabled">
        Two-factor authentication is on for your account.
      </p>
    );
  } else if (choice === 'skipped') {
    body = (
      <p className="setup-mfa__text" data-testid="setup-mfa-skipped" role="status">
        Skipped. You can turn it on later from My profile → Multi-Factor Authentication.
      </p>
    );
  } else if (starter.setup) {
    body = (
      <TfaEnrolment
        setup={starter.setup}
        account={account}
        doneLabel="Done: go to dashboard"
        onEnabled={() => updateUser({ ...user, tfa_enabled: true })}
        onDone={() => navigate('/', { replace: true })}
        onCancel={() => {
          starter.reset();
          setChoice('undecided');
        }}
      />
    );
  } else {
    body = (
      <>
        <p className="setup-mfa__text">
          Protect your administrator account with a code from an authenticator app at every sign-in. This is optional
          and only for your own account.
        </p>
        {starter.error ? (
          <div className="form-error" role="alert" data-testid="setup-mfa-error">
            {starter.error}
          </div>
        ) : null}
        <div className="button-row">
          <button
            type="button"
            className="button"
            data-testid="setup-mfa-start"
            disabled={starter.pending}
            onClick={() => void starter.start()}
          >
            {starter.pending ? 'Preparing…' : 'Set up MFA now'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            data-testid="setup-mfa-skip"
            disabled={starter.pending}
            onClick={() => setChoice('skipped')}
          >
            Skip for now
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <section className="setup-mfa" aria-labelledby="setup-mfa-title" data-testid="setup-mfa">
        <h2 className="setup-mfa__title" id="setup-mfa-title">
          Multi-Factor Authentication (optional)
        </h2>
        {body}
      </section>
      {starter.setup ? null : finish}
    </>
  );
}
