/**
 * The `/patching/policies` and `/patching/preview-run` calls (admin guide chapter 10).
 *
 * PatchMon Cloud reads `fixed_time_utc` as wall-clock time in `timezone` when one is set (DST honoured); without a
 * timezone it is UTC. PatchMon reads it as UTC and shows the timezone only as a label.
 */
import { api } from './client';

export type PatchDelayType = 'immediate' | 'delayed' | 'fixed_time';
export type AssignmentTargetType = 'host' | 'host_group';

export interface PolicyAssignment {
  id: string;
  target_type: AssignmentTargetType;
  target_id: string;
  /** Null when the target vanished meanwhile. */
  target_name: string | null;
  created_at: string;
}

export interface PolicyExclusion {
  host_id: string;
  host_name: string | null;
  created_at: string;
}

export interface PatchPolicy {
  id: string;
  name: string;
  description: string | null;
  patch_delay_type: PatchDelayType;
  delay_minutes: number | null;
  fixed_time_utc: string | null;
  timezone: string | null;
  assignment_count: number;
  exclusion_count: number;
  created_at: string;
  updated_at: string;
  /** Only on `GET /patching/policies/{id}`. */
  assignments?: PolicyAssignment[];
  exclusions?: PolicyExclusion[];
}

export interface PolicyInput {
  name: string;
  description?: string | null;
  patch_delay_type: PatchDelayType;
  delay_minutes?: number | null;
  fixed_time_utc?: string | null;
  timezone?: string | null;
}

/** The policy part of a preview (and of a run's `policy_snapshot`); `id` is null for the implicit Default policy. */
export interface PolicySnapshot {
  id: string | null;
  name: string;
  patch_delay_type: PatchDelayType;
  delay_minutes: number | null;
  fixed_time_utc: string | null;
  timezone: string | null;
}

export interface RunPreview {
  host_id: string;
  run_at_iso: string;
  immediate: boolean;
  policy: PolicySnapshot;
}

const policyPath = (id: string) => `/patching/policies/${encodeURIComponent(id)}`;

export const listPolicies = async (): Promise<PatchPolicy[]> => {
  const answer = await api.get<{ policies?: PatchPolicy[] }>('/patching/policies');
  return Array.isArray(answer?.policies) ? answer.policies : [];
};
export const getPolicy = (id: string) => api.get<PatchPolicy>(policyPath(id));
export const createPolicy = (body: PolicyInput) => api.post<PatchPolicy>('/patching/policies', body);
export const updatePolicy = (id: string, body: PolicyInput) => api.put<PatchPolicy>(policyPath(id), body);
export const deletePolicy = (id: string) => api.delete<{ message: string }>(policyPath(id));

export const addAssignment = (policyId: string, targetType: AssignmentTargetType, targetId: string) =>
  api.post<PolicyAssignment>(`${policyPath(policyId)}/assignments`, { target_type: targetType, target_id: targetId });
export const removeAssignment = (policyId: string, assignmentId: string) =>
  api.delete<{ message: string }>(`${policyPath(policyId)}/assignments/${encodeURIComponent(assignmentId)}`);

export const addExclusion = (policyId: string, hostId: string) =>
  api.post<PolicyExclusion>(`${policyPath(policyId)}/exclusions`, { host_id: hostId });
export const removeExclusion = (policyId: string, hostId: string) =>
  api.delete<{ message: string }>(`${policyPath(policyId)}/exclusions/${encodeURIComponent(hostId)}`);

/** What the Patch Wizard's Timing step shows: when a run triggered now would fire on the host, and under which policy. */
export const previewRun = (hostId: string) => api.get<RunPreview>('/patching/preview-run', { query: { host_id: hostId } });

/** "Immediate", "Delayed 30 min", "Fixed time at 03:00 Europe/London" (UTC when no zone is set). */
export function scheduleLabel(policy: Pick<PolicySnapshot, 'patch_delay_type' | 'delay_minutes' | 'fixed_time_utc' | 'timezone'>): string {
  switch (policy.patch_delay_type) {
    case 'delayed':
      return `Delayed ${policy.delay_minutes ?? '?'} min`;
    case 'fixed_time':
      return `Fixed time at ${policy.fixed_time_utc ?? '??:??'} ${policy.timezone || 'UTC'}`;
    default:
      return 'Immediate';
  }
}

/** IANA zone names for the timezone dropdown: the browser's list when it has one, else a short fallback. */
export function timeZoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const names = typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('timeZone') : [];
  const list = names.length > 0 ? [...names] : [...FALLBACK_ZONES];
  if (!list.includes('UTC')) list.unshift('UTC');
  return list;
}

const FALLBACK_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;
