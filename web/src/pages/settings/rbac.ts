/**
 * Roles and permissions as the admin guide (chapter 24) describes them: labels, risk tiers, role
 * ranks, who may assign which role, the role presets and the role-name rule. The server remains
 * the authority; these rules only decide what the UI offers.
 */
import type { PermissionInfo, RoleView, Tier } from '../../api/users';

export interface TierInfo {
  id: Tier;
  label: string;
  risk: string;
  description: string;
}

/** The four risk tiers, in display order. */
export const TIERS: readonly TierInfo[] = [
  {
    id: 'monitoring',
    label: 'Monitoring & Visibility',
    risk: 'Low risk',
    description: 'Read-only access to dashboards, hosts, packages, reports, and logs.',
  },
  {
    id: 'host_infrastructure',
    label: 'Host & Infrastructure',
    risk: 'Medium risk',
    description: 'Create, modify and delete hosts, packages, and containers.',
  },
  {
    id: 'operations',
    label: 'Operations',
    risk: 'Medium-High risk',
    description: 'Day-to-day NOC tasks.',
  },
  {
    id: 'administration',
    label: 'Administration',
    risk: 'High risk',
    description: 'Organisation-wide control.',
  },
];

export function tierInfo(tier: string): TierInfo {
  return (
    TIERS.find((t) => t.id === tier) ?? { id: tier as Tier, label: tier, risk: '', description: '' }
  );
}

export const PERMISSION_LABELS: Readonly<Record<string, string>> = {
  can_view_dashboard: 'View Dashboard',
  can_view_hosts: 'View Hosts',
  can_view_packages: 'View Packages',
  can_view_reports: 'View Reports',
  can_view_notification_logs: 'View Notification Logs',
  can_manage_hosts: 'Manage Hosts',
  can_manage_packages: 'Manage Packages',
  can_manage_docker: 'Manage Docker',
  can_manage_patching: 'Manage Patching',
  can_manage_compliance: 'Manage Compliance',
  can_manage_alerts: 'Manage Alerts',
  can_manage_automation: 'Manage Automation',
  can_use_remote_access: 'Remote Access',
  can_view_users: 'View Users',
  can_manage_users: 'Manage Users',
  can_manage_superusers: 'Manage Superusers',
  can_manage_settings: 'Manage Settings',
  can_manage_notifications: 'Manage Notifications',
  can_export_data: 'Export Data',
  can_manage_billing: 'Manage Billing',
};

/** "can_view_hosts" → "View Hosts"; unknown keys are spelled out from the key. */
export function permissionLabel(key: string): string {
  const known = PERMISSION_LABELS[key];
  if (known) return known;
  const words = key.replace(/^can_/, '').split('_').filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

export const BUILT_IN_ROLE_LABELS: Readonly<Record<string, string>> = {
  superadmin: 'Super Admin',
  admin: 'Admin',
  host_manager: 'Host Manager',
  user: 'User',
  readonly: 'Readonly',
};

/** "host_manager" → "Host Manager"; a custom role is shown by its name. */
export function roleLabel(name: string): string {
  return BUILT_IN_ROLE_LABELS[name] ?? name;
}

/** Role ranks for user management (chapter 24, "How Permissions Are Evaluated"). */
export const ROLE_RANKS: Readonly<Record<string, number>> = {
  superadmin: 100,
  admin: 90,
  host_manager: 50,
  user: 20,
  readonly: 10,
};

/** Every custom role shares this rank, between host_manager and user. */
export const CUSTOM_ROLE_RANK = 30;

export function rankOf(role: string): number {
  return ROLE_RANKS[role] ?? CUSTOM_ROLE_RANK;
}

const ELEVATED_ROLES = new Set(['superadmin', 'admin']);

export function isElevatedRole(role: string): boolean {
  return ELEVATED_ROLES.has(role);
}

export interface Actor {
  role: string;
  hasPermission: (key: string) => boolean;
}

/**
 * Superadmins, and non-admin holders of can_manage_superusers (the admin role's blanket
 * permissions never include minting superadmins).
 */
export function managesSuperusers(actor: Actor): boolean {
  if (actor.role === 'superadmin') return true;
  return actor.role !== 'admin' && actor.hasPermission('can_manage_superusers');
}

/** Whether `actor` may give someone `role`: never above their own rank, admin/superadmin only for superuser managers. */
export function canAssignRole(actor: Actor, role: string): boolean {
  if (rankOf(role) > rankOf(actor.role)) return false;
  return !isElevatedRole(role) || managesSuperusers(actor);
}

/** The roles `actor` may assign, in the order given (the server's: most privileged first). */
export function assignableRoles<T extends { name: string }>(actor: Actor, roles: readonly T[]): T[] {
  return roles.filter((role) => canAssignRole(actor, role.name));
}

/** Self-registered users may not get these (the server refuses them as default role). */
export function canBeDefaultRole(role: string): boolean {
  return !isElevatedRole(role);
}

export interface Preset {
  id: string;
  label: string;
  /** The tiers whose permissions the preset ticks. */
  tiers: readonly Tier[];
}

export const PRESETS: readonly Preset[] = [
  { id: 'read_only', label: 'Read Only', tiers: ['monitoring'] },
  { id: 'operator', label: 'Operator', tiers: ['monitoring', 'host_infrastructure', 'operations'] },
  { id: 'admin', label: 'Admin', tiers: ['monitoring', 'host_infrastructure', 'operations', 'administration'] },
  { id: 'clear_all', label: 'Clear All', tiers: [] },
];

/** A full permission map (every key) with the preset's ticks. */
export function presetPermissions(preset: Preset, permissions: readonly PermissionInfo[]): Record<string, boolean> {
  return Object.fromEntries(permissions.map((p) => [p.key, preset.tiers.includes(p.tier)]));
}

/** A full permission map (every key) with a role's ticks. */
export function rolePermissions(role: RoleView, permissions: readonly PermissionInfo[]): Record<string, boolean> {
  return Object.fromEntries(permissions.map((p) => [p.key, role.permissions[p.key] === true]));
}

export function countGranted(map: Record<string, boolean>): number {
  return Object.values(map).filter(Boolean).length;
}

/** The permissions grouped by tier, in tier order; unknown tiers go last. */
export function groupByTier(permissions: readonly PermissionInfo[]): { tier: TierInfo; permissions: PermissionInfo[] }[] {
  const order: string[] = TIERS.map((t) => t.id);
  for (const p of permissions) if (!order.includes(p.tier)) order.push(p.tier);
  return order
    .map((id) => ({ tier: tierInfo(id), permissions: permissions.filter((p) => p.tier === id) }))
    .filter((group) => group.permissions.length > 0);
}

export const ROLE_NAME_RULE =
  'Role name must be lowercase letters, numbers and underscores (2-50 characters, starting with a letter)';

const ROLE_NAME = /^[a-z][a-z0-9_]{1,49}$/;

/** The server's rule for a new role's name; null when valid. */
export function roleNameError(name: string): string | null {
  if (!name) return 'Enter a role name.';
  return ROLE_NAME.test(name) ? null : ROLE_NAME_RULE;
}
