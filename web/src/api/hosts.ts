/** The `/hosts` and `/host-groups` calls (admin guide chapters 3–5). */
import { api } from './client';

export interface HostGroupRef {
  id: string;
  name: string;
  color: string;
}

export interface Host {
  id: string;
  friendly_name: string;
  hostname: string | null;
  ip: string | null;
  os_family: string | null;
  os_type: string | null;
  os_version: string | null;
  architecture: string | null;
  /** Stored lifecycle: pending until the first report, then active. */
  status: 'pending' | 'active' | string;
  /** `status` with staleness applied: a host silent for three update intervals is inactive. */
  effective_status: 'pending' | 'active' | 'inactive' | string;
  is_stale: boolean;
  api_id: string;
  agent_version: string | null;
  needs_reboot: boolean;
  docker_enabled: boolean;
  compliance_enabled: boolean;
  host_groups: HostGroupRef[];
  notes: string | null;
  /** Packages needing an update, security updates among them, installed packages (as of the last report). */
  updates_count: number;
  security_updates_count: number;
  total_packages: number;
  /** The interface an operator starred; its address is `ip`. Null: the agent's choice. */
  primary_interface?: string | null;
  last_update: string | null;
  created_at: string | null;
  updated_at: string | null;
  /** The agent holds a WebSocket connection now (commands need it); `connection_secure` says wss (true) or ws (false). */
  connected?: boolean;
  connection_secure?: boolean | null;
  connected_at?: string | null;
  /** A raised host_down: missed three update intervals, or disconnected past the grace period. */
  is_down?: boolean;
  down_since?: string | null;
  down_reason?: 'missed_updates' | 'disconnected' | string | null;
}

export interface HostGroup {
  id: string;
  name: string;
  description: string | null;
  color: string;
  created_at: string | null;
  updated_at: string | null;
  host_count: number;
}

export type OsFamily = 'linux' | 'freebsd' | 'windows';

export interface NewHost {
  friendly_name: string;
  os_family: OsFamily;
  groupIds: string[];
  docker_enabled: boolean;
  compliance_enabled: boolean;
}

export interface Credentials {
  message: string;
  host: Host;
  api_id: string;
  api_key: string;
}

/** Deep-link filters of the Hosts list (the dashboard cards and the Packages page link to them). */
export type HostListFilter = 'needs_updates' | 'security_updates' | 'needs_reboot' | 'up_to_date';

export const HOST_LIST_FILTERS: Record<HostListFilter, string> = {
  needs_updates: 'Needs updates',
  security_updates: 'Security updates',
  needs_reboot: 'Needs reboot',
  up_to_date: 'Up to date',
};

export interface HostFilters {
  group?: string;
  search?: string;
  status?: string;
  filter?: string;
  hideStale?: boolean;
  /** A repository record's id: only the hosts that report it. */
  repository?: string;
  /** A package name: only the hosts that have it installed. */
  package?: string;
}

export interface HostGroupInput {
  name: string;
  description?: string;
  color?: string;
}

export const DEFAULT_GROUP_COLOR = '#3B82F6';

export const listHosts = async (filters: HostFilters = {}): Promise<Host[]> => {
  const answer = await api.get<unknown>('/hosts', {
    query: {
      group: filters.group || undefined,
      search: filters.search || undefined,
      status: filters.status || undefined,
      filter: filters.filter || undefined,
      hide_stale: filters.hideStale ? 'true' : undefined,
      repository: filters.repository || undefined,
      package: filters.package || undefined,
    },
  });
  return Array.isArray(answer) ? (answer as Host[]) : [];
};
export const getHost = (id: string) => api.get<Host>(`/hosts/${encodeURIComponent(id)}`);
export const createHost = (body: NewHost) => api.post<Credentials>('/hosts', body);
export const updateHost = (
  id: string,
  body: Partial<Pick<Host, 'friendly_name' | 'hostname' | 'ip' | 'notes'>> & { primary_interface?: string },
) =>
  api.patch<{ message: string; host: Host }>(`/hosts/${encodeURIComponent(id)}`, body);
export const setHostGroups = (id: string, groupIds: string[]) =>
  api.put<{ message: string; host: Host }>(`/hosts/${encodeURIComponent(id)}/groups`, { groupIds });
export const bulkSetGroups = (hostIds: string[], groupIds: string[]) =>
  api.put<Host[]>('/hosts/bulk/groups', { hostIds, groupIds });
export const regenerateCredentials = (id: string) =>
  api.post<Credentials>(`/hosts/${encodeURIComponent(id)}/regenerate-credentials`);
export const deleteHost = (id: string) =>
  api.delete<{ message: string; deleted: { id: string; friendly_name: string }[] }>(`/hosts/${encodeURIComponent(id)}`);
export const bulkDeleteHosts = (hostIds: string[]) =>
  api.delete<{ message: string; deleted: { id: string; friendly_name: string }[] }>('/hosts/bulk', {
    body: { hostIds },
  });

export const listHostGroups = async (): Promise<HostGroup[]> => {
  const answer = await api.get<unknown>('/host-groups');
  return Array.isArray(answer) ? (answer as HostGroup[]) : [];
};
export const createHostGroup = (body: HostGroupInput) => api.post<HostGroup>('/host-groups', body);
export const updateHostGroup = (id: string, body: HostGroupInput) =>
  api.put<HostGroup>(`/host-groups/${encodeURIComponent(id)}`, body);
export const deleteHostGroup = (id: string) =>
  api.delete<{ message: string }>(`/host-groups/${encodeURIComponent(id)}`);
