/**
 * The product's top-level sections, in sidebar order. Each page states what it will hold
 * according to the PatchMon admin guide (shared/spec/patchmon-admin-guide.txt); the
 * capability itself arrives with its own work.
 */
export interface Section {
  /** Used for `data-testid="nav-<slug>"`. */
  slug: string;
  /** Sidebar label and the page's h1. */
  title: string;
  path: string;
  /** One sentence: what the page is for. */
  summary: string;
  /** What the page will hold. */
  features: string[];
  /** Where the guide describes it. */
  specChapters: string;
  /** The permission a user needs to see the section (null: every signed-in user). */
  permission: string | null;
  /** The plan module the section belongs to: without it the sidebar hides the section. */
  module?: string;
}

export const SECTIONS: readonly Section[] = [
  {
    slug: 'dashboard',
    title: 'Dashboard',
    path: '/',
    summary: 'A fleet-wide overview built from cards whose layout each user can customise.',
    features: [
      'Summary cards for hosts, hosts needing updates or reboots, connection status and outdated or security packages.',
      'Compliance and Docker summary cards when those modules are enabled.',
      'Every card links to the matching filtered list, e.g. Outdated Packages opens Packages filtered to outdated.',
    ],
    specChapters: 'Admin guide chapters 1, 6 and 14',
    permission: 'can_view_dashboard',
  },
  {
    slug: 'hosts',
    title: 'Hosts',
    path: '/hosts',
    summary: 'The host inventory: every enrolled Linux, FreeBSD and Windows host and its patch state.',
    features: [
      'Summary cards: Total Hosts, Needs Updates, Needs Reboots and Connection Status.',
      'A host table with search and filters (host group including Ungrouped, status, OS), grouping by group, status or OS, a Hide Stale toggle and configurable columns.',
      'Bulk selection to assign host groups or delete hosts.',
      'The Add Host wizard: choose the OS, name the host and pick groups, copy the install command, wait for the agent to connect.',
      'A detail page per host with its packages, repositories, integrations, patch runs, agent queue and credentials.',
    ],
    specChapters: 'Admin guide chapters 3–5',
    permission: 'can_view_hosts',
  },
  {
    slug: 'packages',
    title: 'Packages',
    path: '/packages',
    summary: 'The fleet-wide package inventory: one row per package name across all hosts.',
    features: [
      'Summary cards: Packages, Installations, Outdated Packages, Security Packages and Outdated Hosts.',
      'Search, category, update status (all, needing updates, security only, regular only) and host filters, with configurable columns.',
      'How many hosts have each package, how many need an update, and whether the update is security-flagged.',
      'A detail page per package and patching of the packages shown.',
    ],
    specChapters: 'Admin guide chapter 6',
    permission: 'can_view_packages',
  },
  {
    slug: 'repositories',
    title: 'Repositories',
    path: '/repositories',
    summary: 'Every package source the agents report (apt, yum/dnf, apk, pacman, pkg), collapsed by URL.',
    features: [
      'Summary cards: Total Repositories, Active Repositories, Secure (HTTPS) and Security Score.',
      'Search plus security (HTTPS/HTTP) and status (active/inactive) filters, and a per-host filter.',
      'A detail page per repository listing the hosts that use it.',
    ],
    specChapters: 'Admin guide chapter 7',
    permission: 'can_view_hosts',
  },
  {
    slug: 'patching',
    title: 'Patching',
    path: '/patching',
    summary: 'Deploying package and security updates to hosts, on demand or on a schedule.',
    features: [
      'Patch runs for all packages or chosen packages (with dry runs for chosen packages), with validation, approval, stop and retry.',
      'Runs & History with filters and bulk approve or delete, and a run detail page streaming the live log.',
      'Patch policies: scheduling, approval rules and exclusions, assigned to hosts or host groups.',
    ],
    specChapters: 'Admin guide chapters 8–11',
    permission: 'can_view_hosts',
    module: 'patching',
  },
  {
    slug: 'compliance',
    title: 'Security Compliance',
    path: '/compliance',
    summary: 'OpenSCAP benchmark scans and Docker Bench for Security results across the fleet.',
    features: [
      'Status cards: Total hosts, Compliant, Warning, Critical and Never scanned.',
      'Tabs for the Overview dashboard, Hosts with scan controls, Scan Results by rule, History and Settings.',
      'Rule detail with affected hosts and remediation.',
    ],
    specChapters: 'Admin guide chapters 14–16',
    permission: 'can_view_reports',
  },
  {
    slug: 'docker',
    title: 'Docker',
    path: '/docker',
    summary: 'The Docker inventory of the hosts that have the Docker integration enabled.',
    features: [
      'Summary cards: Hosts with Docker, Running containers, Total Images and Updates Available.',
      'Tabs for stacks, containers, images, volumes, networks and hosts, with a per-host view.',
      'Detail pages for containers, images, volumes and networks.',
    ],
    specChapters: 'Admin guide chapters 12–13',
    permission: 'can_view_hosts',
  },
  {
    slug: 'reporting',
    title: 'Reporting',
    path: '/reporting',
    summary: 'Alerts, their delivery to notification destinations, and scheduled reports.',
    features: [
      'Severity cards (Informational, Warning, Error, Critical) and the total of active alerts.',
      'Tabs: Overview, Alerts, Alert Lifecycle, Destinations (email, webhook, ntfy), Event Rules, Delivery Log and Scheduled Reports.',
    ],
    specChapters: 'Admin guide chapters 17–20',
    permission: 'can_view_reports',
  },
  {
    slug: 'settings',
    title: 'Settings',
    path: '/settings',
    summary: 'Users, roles, host groups, agent behaviour, integrations and server settings.',
    features: [
      'User management: users, roles, your own profile (password, two-factor authentication, trusted devices), Discord and OIDC sign-in.',
      'Hosts management: host groups, agent update behaviour and agent versions.',
      'Integrations: API and auto-enrollment tokens, AI terminal.',
      'Server: environment and branding.',
    ],
    specChapters: 'Admin guide chapters 2, 24 and 25',
    permission: null,
  },
];
