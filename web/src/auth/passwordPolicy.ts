/**
 * The default password policy (spec: environment reference, "Password Policy"), shown as a live
 * checklist. The server remains the authority: it checks the organisation's own policy and its
 * field errors are what count.
 */

export interface PasswordRule {
  id: 'length' | 'uppercase' | 'lowercase' | 'number' | 'special';
  label: string;
  test: (password: string) => boolean;
}

export const MIN_PASSWORD_LENGTH = 8;

export const PASSWORD_RULES: readonly PasswordRule[] = [
  { id: 'length', label: `At least ${MIN_PASSWORD_LENGTH} characters`, test: (p) => p.length >= MIN_PASSWORD_LENGTH },
  { id: 'uppercase', label: 'An uppercase letter', test: (p) => /\p{Lu}/u.test(p) },
  { id: 'lowercase', label: 'A lowercase letter', test: (p) => /\p{Ll}/u.test(p) },
  { id: 'number', label: 'A number', test: (p) => /\p{Nd}/u.test(p) },
  // The server counts anything that is not a letter or a digit as special.
  { id: 'special', label: 'A special character', test: (p) => /[^\p{L}\p{Nd}]/u.test(p) },
];

export function passwordChecks(password: string): { rule: PasswordRule; met: boolean }[] {
  return PASSWORD_RULES.map((rule) => ({ rule, met: rule.test(password) }));
}
