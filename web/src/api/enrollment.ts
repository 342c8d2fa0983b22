/**
 * Settings → API integrations: the auto-enrolment tokens (`/auto-enrollment/tokens`, admin guide
 * chapters 29 and 30). JSON is snake_case. The token secret only ever appears in the creation answer.
 */
import { api, type ApiClient } from './client';

/** The script types `GET /auto-enrollment/script?type=` serves: tokens of these types enrol hosts. */
export const SCRIPT_TYPES = ['proxmox-lxc', 'direct-host'] as const;
/** Every usage type: the two enrolment scripts, the Integration API (chapter 31) and the gethomepage widget (chapter 27). */
export const INTEGRATION_TYPES = [...SCRIPT_TYPES, 'api', 'gethomepage'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export function enrolsHosts(type: string | null): boolean {
  return (SCRIPT_TYPES as readonly string[]).includes(type ?? '');
}

/** The API's resource–action scopes: explicit, no action implies another (chapter 31). */
export type Scopes = Record<string, string[]>;
export const HOST_ACTIONS = ['get', 'delete'] as const;

export interface TokenGroup {
  id: string;
  name: string;
  color: string;
}

export interface TokenUser {
  id: string;
  username: string;
  first_name: string | null;
  last_name: string | null;
}

/** A token as the list and detail answers show it. */
export interface EnrollmentToken {
  id: string;
  token_name: string;
  token_key: string;
  is_active: boolean;
  allowed_ip_ranges: string[];
  max_hosts_per_day: number;
  hosts_created_today: number;
  last_used_at: string | null;
  expires_at: string | null;
  created_at: string;
  default_host_group_id: string | null;
  metadata: Record<string, unknown> | null;
  scopes: Record<string, unknown> | null;
  /** The default host group (the spec's name). */
  host_groups: TokenGroup | null;
  /** The creator (the spec's name). */
  users: TokenUser | null;
}

export interface NewToken {
  token_name: string;
  max_hosts_per_day?: number;
  default_host_group_id?: string;
  allowed_ip_ranges?: string[];
  /** ISO 8601 date or date-time. */
  expires_at?: string;
  metadata?: { integration_type: IntegrationType } & Record<string, unknown>;
  /** Only on `api` tokens, and required there. */
  scopes?: Scopes;
}

/** A partial update; an empty `default_host_group_id` or `expires_at` clears it. */
export interface TokenChanges {
  token_name?: string;
  is_active?: boolean;
  max_hosts_per_day?: number;
  allowed_ip_ranges?: string[];
  default_host_group_id?: string;
  expires_at?: string;
  scopes?: Scopes;
}

export interface CreatedToken {
  id: string;
  token_name: string;
  token_key: string;
  token_secret: string;
  is_active: boolean;
  allowed_ip_ranges: string[];
  max_hosts_per_day: number;
  default_host_group: TokenGroup | null;
  created_by: TokenUser | null;
  expires_at: string | null;
  created_at: string;
  metadata: Record<string, unknown> | null;
  scopes?: Record<string, unknown> | null;
}

export interface CreatedResponse {
  message: string;
  token: CreatedToken;
  warning: string;
}

export interface UpdatedResponse {
  message: string;
  token: EnrollmentToken;
}

export interface DeletedResponse {
  message: string;
  deleted_token: { id: string; token_name: string };
}

export function enrollmentApi(client: ApiClient = api) {
  const id = (tokenId: string) => `/auto-enrollment/tokens/${encodeURIComponent(tokenId)}`;
  return {
    listTokens: async (signal?: AbortSignal): Promise<EnrollmentToken[]> => {
      const answer = await client.get<unknown>('/auto-enrollment/tokens', signal ? { signal } : {});
      return Array.isArray(answer) ? (answer as EnrollmentToken[]) : [];
    },
    createToken: (token: NewToken) => client.post<CreatedResponse>('/auto-enrollment/tokens', token),
    updateToken: (tokenId: string, changes: TokenChanges) => client.patch<UpdatedResponse>(id(tokenId), changes),
    deleteToken: (tokenId: string) => client.delete<DeletedResponse>(id(tokenId)),
  };
}

/** The token's integration type from its metadata, when it has a known one. */
export function integrationType(metadata: Record<string, unknown> | null | undefined): string | null {
  const type = metadata?.['integration_type'];
  return typeof type === 'string' && type ? type : null;
}

/** The one-line enrolment command of chapter 29, with the credentials filled in. */
export function enrollmentCommand(origin: string, type: string, tokenKey: string, tokenSecret: string): string {
  const query = new URLSearchParams({ type, token_key: tokenKey, token_secret: tokenSecret });
  return `curl -s "${origin.replace(/\/$/, '')}/api/v1/auto-enrollment/script?${query.toString()}" | bash`;
}

/** "host: get, delete" for each resource of a scope object; anything that is not a list of actions is skipped. */
export function scopeSummary(scopes: Record<string, unknown> | null | undefined): string[] {
  if (!scopes) return [];
  return Object.entries(scopes)
    .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]))
    .map(([resource, actions]) => `${resource}: ${actions.join(', ')}`);
}

/** `base64(key:secret)`, the value after `Authorization: Basic` (keys and secrets are ASCII). */
export function basicCredentials(tokenKey: string, tokenSecret: string): string {
  return btoa(`${tokenKey}:${tokenSecret}`);
}

function base(origin: string): string {
  return origin.replace(/\/$/, '');
}

/** Chapter 31's cURL examples with the new credential filled in, one per granted capability. */
export function apiCurlExamples(origin: string, tokenKey: string, tokenSecret: string, scopes: Record<string, unknown> | null | undefined) {
  const user = `-u "${tokenKey}:${tokenSecret}"`;
  const hosts = `${base(origin)}/api/v1/api/hosts`;
  const actions = Array.isArray(scopes?.['host']) ? (scopes?.['host'] as string[]) : [];
  const examples: { label: string; command: string }[] = [];
  if (actions.includes('get')) {
    examples.push(
      { label: 'List all hosts', command: `curl ${user} ${hosts}` },
      { label: 'List hosts with stats', command: `curl ${user} "${hosts}?include=stats"` },
      { label: 'Filter by host group', command: `curl ${user} "${hosts}?hostgroup=Production"` },
      { label: 'Packages with available updates', command: `curl ${user} "${hosts}/HOST_UUID/packages?updates_only=true"` },
    );
  }
  if (actions.includes('delete')) {
    examples.push({ label: 'Delete a host', command: `curl -X DELETE ${user} ${hosts}/HOST_UUID` });
  }
  return examples;
}

/** Chapter 27's default widget: the three default metrics, ready for services.yml. */
export function gethomepageWidget(origin: string, credentials: string): string {
  const url = base(origin);
  return [
    '- PatchMon:',
    `    href: ${url}`,
    '    description: PatchMon Statistics',
    `    icon: ${url}/favicon.svg`,
    '    widget:',
    '      type: customapi',
    `      url: ${url}/api/v1/gethomepage/stats`,
    '      headers:',
    `        Authorization: Basic ${credentials}`,
    '      mappings:',
    '        - field: total_hosts',
    '          label: Total Hosts',
    '        - field: hosts_needing_updates',
    '          label: Needs Updates',
    '        - field: security_updates',
    '          label: Security Updates',
    '',
  ].join('\n');
}
