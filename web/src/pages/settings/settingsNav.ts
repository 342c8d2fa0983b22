/**
 * The Settings area's sub-navigation, grouped like the admin guide's Settings sidebar
 * (chapter 2). Pages that have not arrived yet are listed as unavailable, never as links.
 */

export interface SettingsItem {
  slug: string;
  label: string;
  /** Path under /settings. */
  path: string;
  /** Who sees the item: any of these permissions (empty: every signed-in user). */
  anyOf: readonly string[];
  /** False while the page has not arrived with its capability. */
  available: boolean;
}

export interface SettingsGroup {
  label: string;
  items: readonly SettingsItem[];
}

const SETTINGS = ['can_manage_settings'] as const;

export const USERS_PERMISSIONS = ['can_view_users', 'can_manage_users'] as const;
/** `GET /roles` answers these; editing needs can_manage_settings. */
export const ROLES_PERMISSIONS = ['can_manage_settings', 'can_view_users', 'can_manage_users'] as const;

/** Settings → Host Groups: creating, editing and deleting groups needs can_manage_settings. */
export const HOST_GROUPS_PERMISSIONS = SETTINGS;

/** Settings → Patch Management: reading policies needs can_view_hosts, changing them can_manage_patching. */
export const PATCH_MANAGEMENT_PERMISSIONS = ['can_view_hosts', 'can_manage_patching'] as const;

/** Settings → Agent Updates: reading and changing the interval and auto-update switch need can_manage_settings. */
export const AGENT_UPDATES_PERMISSIONS = SETTINGS;

/** Settings → API integrations: every auto-enrolment token route needs can_manage_settings. */
export const INTEGRATIONS_PERMISSIONS = SETTINGS;

export const SETTINGS_GROUPS: readonly SettingsGroup[] = [
  {
    label: 'User Management',
    items: [
      { slug: 'users', label: 'Users', path: '/settings/users', anyOf: USERS_PERMISSIONS, available: true },
      { slug: 'roles', label: 'Roles', path: '/settings/roles', anyOf: ROLES_PERMISSIONS, available: true },
      { slug: 'profile', label: 'My Profile', path: '/settings/profile', anyOf: [], available: true },
      { slug: 'discord-auth', label: 'Discord Auth', path: '/settings/discord-auth', anyOf: SETTINGS, available: false },
      { slug: 'oidc-auth', label: 'OIDC / SSO', path: '/settings/oidc-auth', anyOf: SETTINGS, available: false },
    ],
  },
  {
    label: 'Hosts Management',
    items: [
      { slug: 'host-groups', label: 'Host Groups', path: '/settings/host-groups', anyOf: HOST_GROUPS_PERMISSIONS, available: true },
      {
        slug: 'patch-management',
        label: 'Patch Management',
        path: '/settings/patch-management',
        anyOf: PATCH_MANAGEMENT_PERMISSIONS,
        available: true,
      },
      { slug: 'agent-config', label: 'Agent Updates', path: '/settings/agent-config', anyOf: AGENT_UPDATES_PERMISSIONS, available: true },
      { slug: 'agent-version', label: 'Agent Version', path: '/settings/agent-version', anyOf: SETTINGS, available: false },
    ],
  },
  {
    label: 'Integrations',
    items: [
      { slug: 'integrations', label: 'API integrations', path: '/settings/integrations', anyOf: INTEGRATIONS_PERMISSIONS, available: true },
      { slug: 'ai-terminal', label: 'AI Terminal', path: '/settings/ai-terminal', anyOf: SETTINGS, available: false },
    ],
  },
  {
    label: 'Server',
    items: [
      { slug: 'environment', label: 'Environment', path: '/settings/environment', anyOf: SETTINGS, available: false },
      { slug: 'branding', label: 'Branding', path: '/settings/branding', anyOf: SETTINGS, available: false },
      { slug: 'server-version', label: 'Server Version', path: '/settings/server-version', anyOf: SETTINGS, available: false },
    ],
  },
];

export function mayView(item: Pick<SettingsItem, 'anyOf'>, hasPermission: (key: string) => boolean): boolean {
  return item.anyOf.length === 0 || item.anyOf.some((key) => hasPermission(key));
}

/** The groups with only the items this user may see; empty groups are left out. */
export function visibleGroups(hasPermission: (key: string) => boolean): SettingsGroup[] {
  return SETTINGS_GROUPS.map((group) => ({
    label: group.label,
    items: group.items.filter((item) => mayView(item, hasPermission)),
  })).filter((group) => group.items.length > 0);
}

/** Where `/settings` lands: the first available page the user may see (My Profile at the latest). */
export function landingPath(hasPermission: (key: string) => boolean): string {
  for (const group of SETTINGS_GROUPS) {
    for (const item of group.items) {
      if (item.available && mayView(item, hasPermission)) return item.path;
    }
  }
  return '/settings/profile';
}
