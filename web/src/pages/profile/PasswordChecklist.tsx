import { passwordChecks } from '../../auth/passwordPolicy';

/** The default password policy as a live checklist (the same rules as sign-up; the server decides). */
export function PasswordChecklist({ id, password }: { id: string; password: string }) {
  return (
    <ul className="password-rules" id={id} data-testid="password-checklist" aria-label="Password requirements">
      {passwordChecks(password).map(({ rule, met }) => (
        <li
          key={rule.id}
          className={met ? 'password-rule password-rule--met' : 'password-rule'}
          data-rule={rule.id}
          data-met={met}
        >
          <span className="password-rule__mark" aria-hidden="true">
            {met ? '✓' : '○'}
          </span>
          {rule.label}
          <span className="visually-hidden">{met ? ' (done)' : ' (not yet)'}</span>
        </li>
      ))}
    </ul>
  );
}
