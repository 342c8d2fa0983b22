import { api } from './client';

export type JobStatus = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed';

export interface AgentJob {
  id: string;
  job_id: string;
  job_name: string;
  status: JobStatus | string;
  attempt: number;
  created_at: string;
  sent_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  output: string | null;
  history: { status: string; at: string; error: string | null }[];
}

export interface AgentQueue {
  host_id: string;
  queue_status: { waiting: number; active: number; delayed: number; failed: number };
  job_history: AgentJob[];
  total_jobs: number;
}

export type ComplianceMode = 'enabled' | 'on-demand' | 'disabled';

export interface PendingConfig {
  docker?: boolean;
  compliance?: ComplianceMode;
  openscap_enabled?: boolean;
  docker_bench_enabled?: boolean;
  staged_at?: string;
  job_id?: string;
}

export interface HostIntegrations {
  host_id: string;
  integrations: { docker: boolean; compliance: ComplianceMode };
  pending: PendingConfig | null;
  apply_job: AgentJob | null;
}

const path = (id: string, rest: string) => `/hosts/${encodeURIComponent(id)}/${rest}`;

export const getAgentQueue = (id: string, limit = 25) => api.get<AgentQueue>(path(id, `agent-queue?limit=${limit}`));
export const fetchReport = (id: string) => api.post<{ message: string; job_id: string }>(path(id, 'fetch-report'));
export const updateAgent = (id: string) => api.post<{ message: string; job: AgentJob }>(path(id, 'update-agent'));
export const getIntegrations = (id: string) => api.get<HostIntegrations>(path(id, 'integrations'));
export const stageConfig = (id: string, change: Partial<Pick<PendingConfig, 'docker' | 'compliance' | 'openscap_enabled' | 'docker_bench_enabled'>>) =>
  api.put<HostIntegrations>(path(id, 'pending-config'), change);
export const discardConfig = (id: string) => api.delete<HostIntegrations>(path(id, 'pending-config'));
export const applyConfig = (id: string) => api.post<{ message: string; job: AgentJob }>(path(id, 'apply-config'));
