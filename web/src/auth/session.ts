/**
 * The signed-in session as the API describes it (`/auth/me`, and the `user`, `tenant` and
 * `permissions` of the sign-in, sign-up and refresh answers). JSON is snake_case.
 */

export interface User {
  id: string;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: string;
  is_active: boolean;
  last_login: string | null;
  created_at: string | null;
  updated_at: string | null;
  tfa_enabled: boolean;
  theme_preference: string | null;
}

export interface Tenant {
  id: string;
  name: string;
  /** The organisation slug: the `tenant` of a sign-in when a username exists in several. */
  slug: string;
}

export interface Session {
  user: User;
  tenant: Tenant;
  /** Permission keys, e.g. `can_view_hosts`. */
  permissions: string[];
  /**
   * The capability modules of the organisation's plan (`patching`, `patching_policies`, …; admin guide ch. 8, 10).
   * Null when the answer names none: every module is enabled.
   */
  modules: string[] | null;
}

/** Body of `POST /auth/login`. */
export interface LoginCredentials {
  /** Username or email. */
  username: string;
  password: string;
  /** Organisation slug; only needed when the username exists in several organisations. */
  tenant?: string;
}

/** Body of `POST /auth/signup`. */
export interface SignupDetails {
  tenant_name: string;
  username: string;
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
}

/** `POST /auth/login` for an account with two-factor authentication on an untrusted browser. */
export interface TfaChallenge {
  requiresTfa: true;
  /** Five-minute token for `POST /auth/verify-tfa`. */
  tfaToken: string;
  message: string;
}

/** The sign-in's second step: a TOTP code or a backup code, and whether to trust this browser. */
export interface TfaVerification {
  tfaToken: string;
  code: string;
  rememberMe: boolean;
}

export function isTfaChallenge(value: unknown): value is TfaChallenge {
  return isRecord(value) && value.requiresTfa === true && typeof value.tfaToken === 'string';
}

/** Reads `{requires_tfa: true, tfa_token, message}`; null for any other answer. */
export function parseTfaChallenge(body: unknown): TfaChallenge | null {
  if (!isRecord(body) || body.requires_tfa !== true) return null;
  if (typeof body.tfa_token !== 'string' || body.tfa_token === '') return null;
  return {
    requiresTfa: true,
    tfaToken: body.tfa_token,
    message: text(body.message) ?? 'Two-factor authentication required',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Reads a user (`/profile`, the `user` of a session) out of an API answer; null if it is not one. */
export function parseUser(body: unknown): User | null {
  if (!isRecord(body)) return null;
  const u = body;
  if (typeof u.id !== 'string' || typeof u.username !== 'string') return null;
  return {
    id: u.id,
    username: u.username,
    email: text(u.email) ?? '',
    first_name: text(u.first_name),
    last_name: text(u.last_name),
    role: text(u.role) ?? '',
    is_active: u.is_active !== false,
    last_login: text(u.last_login),
    created_at: text(u.created_at),
    updated_at: text(u.updated_at),
    tfa_enabled: u.tfa_enabled === true,
    theme_preference: text(u.theme_preference),
  };
}

/** Reads a session out of an API answer; null when the answer does not describe one. */
export function parseSession(body: unknown): Session | null {
  if (!isRecord(body) || !isRecord(body.tenant)) return null;
  const user = parseUser(body.user);
  const t = body.tenant;
  if (!user) return null;
  if (typeof t.id !== 'string' || typeof t.name !== 'string' || typeof t.slug !== 'string') return null;
  const permissions = Array.isArray(body.permissions)
    ? body.permissions.filter((p): p is string => typeof p === 'string')
    : [];
  const modules = Array.isArray(body.modules) ? body.modules.filter((m): m is string => typeof m === 'string') : null;
  return {
    user,
    tenant: { id: t.id, name: t.name, slug: t.slug },
    permissions,
    modules,
  };
}

/** "First Last", or the username when the user has no name. */
export function displayName(user: Pick<User, 'username' | 'first_name' | 'last_name'>): string {
  const name = [user.first_name, user.last_name]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return name || user.username;
}
