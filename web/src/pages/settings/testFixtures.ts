/** Test data for the Settings pages: the API's users, roles and auth settings. */
import type { AuthSettings, PermissionInfo, RoleView, RolesResponse, Tier, User } from '../../api/users';
import { sessionBody } from '../../test/fakeApi';

export const PERMISSIONS: PermissionInfo[] = [
  ['can_view_dashboard', 'monitoring'],
  ['can_view_hosts', 'monitoring'],
  ['can_view_packages', 'monitoring'],
  ['can_view_reports', 'monitoring'],
  ['can_view_notification_logs', 'monitoring'],
  ['can_manage_hosts', 'host_infrastructure'],
  ['can_manage_packages', 'host_infrastructure'],
  ['can_manage_docker', 'host_infrastructure'],
  ['can_manage_patching', 'operations'],
  ['can_manage_compliance', 'operations'],
  ['can_manage_alerts', 'operations'],
  ['can_manage_automation', 'operations'],
  ['can_use_remote_access', 'operations'],
  ['can_view_users', 'administration'],
  ['can_manage_users', 'administration'],
  ['can_manage_superusers', 'administration'],
  ['can_manage_settings', 'administration'],
  ['can_manage_notifications', 'administration'],
  ['can_export_data', 'administration'],
  ['can_manage_billing', 'administration'],
].map(([key, tier]) => ({ key: key!, tier: tier as Tier }));

export const ALL_KEYS = PERMISSIONS.map((p) => p.key);

export function keysIn(...tiers: Tier[]): string[] {
  return PERMISSIONS.filter((p) => tiers.includes(p.tier)).map((p) => p.key);
}

export function role(
  name: string,
  granted: readonly string[],
  options: { builtIn?: boolean; locked?: boolean; rank?: number; users?: number } = {},
): RoleView {
  const permissions = Object.fromEntries(ALL_KEYS.map((key) => [key, granted.includes(key)]));
  return {
    name,
    is_built_in: options.builtIn ?? false,
    is_locked: options.locked ?? false,
    rank: options.rank ?? 30,
    user_count: options.users ?? 0,
    permissions,
    permission_count: granted.length,
  };
}

export function builtInRoles(): RoleView[] {
  return [
    role('superadmin', ALL_KEYS, { builtIn: true, locked: true, rank: 100, users: 1 }),
    role(
      'admin',
      ALL_KEYS.filter((k) => k !== 'can_manage_superusers'),
      { builtIn: true, locked: true, rank: 90, users: 0 },
    ),
    role('host_manager', keysIn('monitoring', 'host_infrastructure', 'operations'), {
      builtIn: true,
      rank: 50,
      users: 1,
    }),
    role('user', [...keysIn('monitoring'), 'can_export_data'], { builtIn: true, locked: true, rank: 20, users: 1 }),
    role('readonly', keysIn('monitoring'), { builtIn: true, rank: 10, users: 0 }),
  ];
}

export function rolesResponse(extra: RoleView[] = []): RolesResponse {
  return {
    roles: [...builtInRoles(), ...extra],
    permissions: PERMISSIONS,
    total_permissions: 20,
    presets: ['read_only', 'operator', 'admin', 'clear_all'],
  };
}

export function user(overrides: Partial<User> & Pick<User, 'id' | 'username'>): User {
  return {
    email: `${overrides.username}@example.com`,
    first_name: null,
    last_name: null,
    role: 'user',
    is_active: true,
    last_login: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    tfa_enabled: false,
    theme_preference: null,
    ...overrides,
  };
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** alice (u-1) is the signed-in superadmin of sessionBody(). */
export function usersList(): User[] {
  return [
    user({
      id: 'u-1',
      username: 'alice',
      email: 'alice@example.com',
      first_name: 'Alice',
      last_name: 'Liddell',
      role: 'superadmin',
      tfa_enabled: true,
      last_login: minutesAgo(5),
    }),
    user({ id: 'u-2', username: 'bob', first_name: 'Bob', last_name: 'Builder', role: 'host_manager', last_login: minutesAgo(60 * 24 * 3) }),
    user({ id: 'u-3', username: 'carol', first_name: 'Carol', role: 'user', is_active: false }),
  ];
}

export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return {
    self_registration_enabled: false,
    default_role: 'user',
    password_policy: {
      min_length: 12,
      require_uppercase: true,
      require_lowercase: true,
      require_number: true,
      require_special: false,
    },
    tfa: { max_attempts: 5, lockout_minutes: 30, remember_me_days: 30, max_remember_sessions: 5 },
    ...overrides,
  };
}

/** Every permission a superadmin holds. */
export const ADMIN_PERMISSIONS = ALL_KEYS;

/** `/auth/me` for a user with another role and permissions. */
export function meAs(roleName: string, permissions: string[]) {
  const body = sessionBody({ permissions });
  return { ...body, user: { ...body.user, role: roleName } };
}
