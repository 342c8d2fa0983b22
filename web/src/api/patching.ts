/** The `/patching` calls: patch runs, the dashboard and the run-time preview (admin guide chapters 8–11). */
import { api } from './client';

export type PatchType = 'patch_all' | 'patch_package';

export type RunStatus =
  | 'queued'
  | 'pending_validation'
  | 'validated'
  | 'pending_approval'
  | 'approved'
  | 'scheduled'
  | 'running'
  | 'completed'
  | 'dry_run_completed'
  | 'failed'
  | 'cancelled';

/** `active` is the list filter for queued + running. */
export type RunStatusFilter = RunStatus | 'active';

export type ScheduleOverride = 'immediate';

export type PatchDelayType = 'immediate' | 'delayed' | 'fixed_time';

export interface PackageAffected {
  name: string;
  arch?: string | null;
  current_version?: string | null;
  new_version?: string | null;
  action?: string | null;
  /** Pulled in by dependency resolution rather than asked for. */
  dependency?: boolean;
}

export interface PolicySnapshot {
  id: string | null;
  name: string;
  patch_delay_type: PatchDelayType;
  delay_minutes: number | null;
  fixed_time_utc: string | null;
  timezone: string | null;
}

export interface RunHost {
  id: string;
  friendly_name: string | null;
  hostname: string | null;
}

export interface PatchRun {
  id: string;
  host_id: string;
  host: RunHost | null;
  patch_type: PatchType;
  dry_run: boolean;
  package_names: string[] | null;
  status: RunStatus;
  /** Only on `GET /patching/runs/{id}`; list rows omit it. */
  shell_output?: string | null;
  error_message: string | null;
  packages_affected: PackageAffected[] | null;
  extra_deps: boolean;
  extra_deps_count: number;
  initiated_by: string | null;
  approved_by: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  scheduled_at: string | null;
  validation_run_id: string | null;
  /** On an approved validation run, the execution run it created. */
  approved_run_id: string | null;
  policy_id: string | null;
  policy_name: string | null;
  policy_snapshot: PolicySnapshot | null;
  schedule_override: ScheduleOverride | null;
  awaiting_post_patch_report: boolean;
  post_patch_report_received: boolean;
}

export interface RunList {
  runs: PatchRun[];
  total: number;
  limit: number;
  offset: number;
}

export interface RunQuery {
  limit?: number;
  offset?: number;
  status?: RunStatusFilter;
  type?: PatchType;
  host_id?: string;
  sort_by?: 'created_at' | 'started_at' | 'completed_at' | 'status';
  sort_dir?: 'asc' | 'desc';
}

export interface PatchingDashboard {
  total_runs: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  pending_approval: number;
  validated: number;
  scheduled: number;
  recent_runs: PatchRun[];
}

export interface TriggerRequest {
  host_ids: string[];
  patch_type: PatchType;
  package_names?: string[];
  dry_run?: boolean;
  submit_for_approval?: boolean;
  schedule_override?: ScheduleOverride;
}

export interface ApproveAnswer {
  run: PatchRun;
  validation_run_id: string;
}

export interface BulkFailure {
  id: string;
  error: string;
}

export interface BulkDeleteAnswer {
  deleted: string[];
  failed: BulkFailure[];
}

export interface BulkApproveAnswer {
  approved: ApproveAnswer[];
  failed: BulkFailure[];
}

export interface PreviewPolicy {
  id: string | null;
  name: string;
  patch_delay_type: PatchDelayType;
  delay_minutes: number | null;
  fixed_time_utc: string | null;
  timezone: string | null;
}

export interface RunPreview {
  host_id: string;
  run_at_iso: string | null;
  immediate: boolean;
  policy: PreviewPolicy | null;
}

const runPath = (id: string) => `/patching/runs/${encodeURIComponent(id)}`;
const override = (value: ScheduleOverride | undefined) => (value ? { schedule_override: value } : {});

export const triggerRuns = (request: TriggerRequest) => api.post<{ runs: PatchRun[] }>('/patching/trigger', request);

export const listRuns = (q: RunQuery = {}) =>
  api.get<RunList>('/patching/runs', {
    query: {
      limit: q.limit,
      offset: q.offset,
      status: q.status || undefined,
      type: q.type || undefined,
      host_id: q.host_id || undefined,
      sort_by: q.sort_by,
      sort_dir: q.sort_dir,
    },
  });

export const getRun = (id: string) => api.get<PatchRun>(runPath(id));

export const getPatchingDashboard = () => api.get<PatchingDashboard>('/patching/dashboard');

export const approveRun = (id: string, scheduleOverride?: ScheduleOverride) =>
  api.post<ApproveAnswer>(`${runPath(id)}/approve`, override(scheduleOverride));

export const retryValidation = (id: string) => api.post<PatchRun>(`${runPath(id)}/retry-validation`);

export const stopRun = (id: string) => api.post<{ message: string }>(`${runPath(id)}/stop`);

export const deleteRun = (id: string) => api.delete<{ message: string }>(runPath(id));

export const bulkDeleteRuns = (runIds: string[]) =>
  api.post<BulkDeleteAnswer>('/patching/runs/bulk-delete', { run_ids: runIds });

export const bulkApproveRuns = (runIds: string[], scheduleOverride?: ScheduleOverride) =>
  api.post<BulkApproveAnswer>('/patching/runs/bulk-approve', { run_ids: runIds, ...override(scheduleOverride) });

export const previewRun = (hostId: string) => api.get<RunPreview>('/patching/preview-run', { query: { host_id: hostId } });

/** Runs that have not started and can still be removed (ch. 11 "Deleting Runs"). */
export const DELETABLE_STATUSES: readonly RunStatus[] = [
  'queued',
  'pending_validation',
  'pending_approval',
  'validated',
  'approved',
  'scheduled',
];

/** Runs an operator can turn into an execution run (Skip & Patch for pending_validation). */
export const APPROVABLE_STATUSES: readonly RunStatus[] = ['validated', 'pending_validation', 'pending_approval'];

/** Statuses before the agent started executing (the table's Started column shows the planned time). */
export const NOT_STARTED_STATUSES: readonly RunStatus[] = [
  'queued',
  'pending_validation',
  'validated',
  'pending_approval',
  'approved',
  'scheduled',
];

export const isDeletable = (run: Pick<PatchRun, 'status'>) => DELETABLE_STATUSES.includes(run.status);
export const isApprovable = (run: Pick<PatchRun, 'status'>) => APPROVABLE_STATUSES.includes(run.status);

/** Retry Validation re-queues a dry-run: a stuck pending_validation or a failed dry-run of chosen packages. */
export const canRetryValidation = (run: Pick<PatchRun, 'status' | 'patch_type' | 'dry_run'>) =>
  run.patch_type === 'patch_package' && (run.status === 'pending_validation' || (run.status === 'failed' && run.dry_run));
