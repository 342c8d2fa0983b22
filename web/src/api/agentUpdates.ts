/** Settings → Agent Updates and Host Detail's Agent Auto-update switch (admin guide chapters 2 and 4). */
import { api } from './client';

export interface AgentUpdatesSettings {
  /** Minutes between agent reports, 1–1440. */
  update_interval: number;
  /** The global switch: while off, no agent updates itself on its schedule. */
  auto_update: boolean;
  /** After a save: how many connected agents the change was pushed to. */
  agents_notified?: number | null;
}

export interface HostAutoUpdate {
  host_id: string;
  /** The host's own switch. */
  auto_update: boolean;
  /** Settings → Agent Updates' switch. */
  global_auto_update: boolean;
  /** Both on: the agent updates itself on its schedule. */
  effective: boolean;
  /** After a change: whether the connected agent was told at once. */
  agent_notified?: boolean | null;
}

export const getAgentUpdates = () => api.get<AgentUpdatesSettings>('/settings/agent-updates');
export const saveAgentUpdates = (change: Partial<Pick<AgentUpdatesSettings, 'update_interval' | 'auto_update'>>) =>
  api.put<AgentUpdatesSettings>('/settings/agent-updates', change);

const path = (id: string) => `/hosts/${encodeURIComponent(id)}/auto-update`;

export const getHostAutoUpdate = (id: string) => api.get<HostAutoUpdate>(path(id));
export const setHostAutoUpdate = (id: string, enabled: boolean) => api.patch<HostAutoUpdate>(path(id), { auto_update: enabled });
