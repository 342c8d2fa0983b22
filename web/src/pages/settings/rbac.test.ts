import { describe, expect, it } from 'vitest';
import { relativeTime } from './format';
import { canAssignRole, rankOf, roleNameError } from './rbac';
import { landingPath } from './settingsNav';

const landingPathFor = (held: string[]) => landingPath((key) => held.includes(key));

const actor = (role: string, permissions: string[] = []) => ({
  role,
  hasPermission: (key: string) => permissions.includes(key),
});

describe('role assignment (chapter 24 ranks)', () => {
  it('ranks built-ins and gives every custom role 30', () => {
    expect(['superadmin', 'admin', 'host_manager', 'noc_operator', 'user', 'readonly'].map(rankOf)).toEqual([
      100, 90, 50, 30, 20, 10,
    ]);
  });

  it.each([
    ['superadmin', [], ['superadmin', 'admin', 'host_manager', 'noc_operator', 'user', 'readonly']],
    ['admin', [], ['host_manager', 'noc_operator', 'user', 'readonly']],
    // The admin role's blanket permissions never mint superadmins.
    ['admin', ['can_manage_superusers'], ['host_manager', 'noc_operator', 'user', 'readonly']],
    ['host_manager', ['can_manage_users'], ['host_manager', 'noc_operator', 'user', 'readonly']],
    ['noc_operator', ['can_manage_users'], ['noc_operator', 'user', 'readonly']],
    ['user', ['can_manage_users'], ['user', 'readonly']],
  ] as const)('%s with %j may assign %j', (role, permissions, expected) => {
    const all = ['superadmin', 'admin', 'host_manager', 'noc_operator', 'user', 'readonly'];
    expect(all.filter((r) => canAssignRole(actor(role, [...permissions]), r))).toEqual(expected);
  });

  it('never lets a lower rank assign admin, even with can_manage_superusers', () => {
    expect(canAssignRole(actor('host_manager', ['can_manage_superusers']), 'admin')).toBe(false);
  });
});

describe('role names', () => {
  it.each(['noc_operator', 'ab', 'a1_b2', 'x'.repeat(50)])('accepts %s', (name) => {
    expect(roleNameError(name)).toBeNull();
  });
  it.each(['', 'a', 'Noc', '1abc', '_abc', 'noc-operator', 'noc operator', 'x'.repeat(51)])('refuses %j', (name) => {
    expect(roleNameError(name)).not.toBeNull();
  });
});

describe('settings landing page', () => {
  it('is Users, then Roles, then My Profile', () => {
    expect(landingPathFor(['can_view_users'])).toBe('/settings/users');
    expect(landingPathFor(['can_manage_users'])).toBe('/settings/users');
    expect(landingPathFor(['can_manage_settings'])).toBe('/settings/roles');
    expect(landingPathFor([])).toBe('/settings/profile');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it.each([
    [null, 'Never'],
    ['2025-06-01T11:59:50Z', 'just now'],
    ['2025-06-01T11:59:00Z', '1 minute ago'],
    ['2025-06-01T11:15:00Z', '45 minutes ago'],
    ['2025-06-01T09:00:00Z', '3 hours ago'],
    ['2025-05-31T12:00:00Z', '1 day ago'],
    ['2025-05-01T12:00:00Z', '1 month ago'],
    ['2023-06-01T12:00:00Z', '2 years ago'],
  ])('%s → %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});
