import type { PasswordPolicySettings } from '../../api/users';
import { PASSWORD_RULES, type PasswordRule } from '../../auth/passwordPolicy';

/** The organisation's password policy as checklist rules (the default policy when unknown). */
export function policyRules(policy: PasswordPolicySettings | null | undefined): PasswordRule[] {
  if (!policy) return [...PASSWORD_RULES];
  const min = Math.max(policy.min_length, 1);
  const byId = (id: PasswordRule['id']) => PASSWORD_RULES.find((rule) => rule.id === id)!;
  const rules: PasswordRule[] = [
    { id: 'length', label: `At least ${min} characters`, test: (p) => p.length >= min },
  ];
  if (policy.require_uppercase) rules.push(byId('uppercase'));
  if (policy.require_lowercase) rules.push(byId('lowercase'));
  if (policy.require_number) rules.push(byId('number'));
  if (policy.require_special) rules.push(byId('special'));
  return rules;
}

/** A live checklist of the password rules; `id` is referenced by the input's aria-describedby. */
export function PasswordChecklist({
  id,
  password,
  rules,
}: {
  id: string;
  password: string;
  rules: readonly PasswordRule[];
}) {
  return (
    <ul className="password-rules" id={id} data-testid="password-checklist" aria-label="Password requirements">
      {rules.map((rule) => {
        const met = rule.test(password);
        return (
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
        );
      })}
    </ul>
  );
}
