import type { PatchRun, PolicySnapshot, PreviewPolicy, RunHost, RunStatus, RunStatusFilter } from '../../api/patching';
import { NOT_STARTED_STATUSES } from '../../api/patching';

export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  pending_validation: 'Pending validation',
  validated: 'Validated',
  pending_approval: 'Pending approval',
  approved: 'Approved',
  scheduled: 'Scheduled',
  running: 'Running',
  completed: 'Completed',
  dry_run_completed: 'Dry run completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The Status filter of Runs & History, in the guide's order. */
export const STATUS_FILTERS: readonly [RunStatusFilter | '', string][] = [
  ['', 'All'],
  ['active', 'Active (queued + running)'],
  ['queued', 'Queued'],
  ['pending_validation', 'Pending validation'],
  ['pending_approval', 'Pending approval'],
  ['validated', 'Validated (awaiting approval)'],
  ['approved', 'Approved'],
  ['scheduled', 'Scheduled'],
  ['running', 'Running'],
  ['completed', 'Completed'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
];

export const TYPE_FILTERS: readonly [string, string][] = [
  ['', 'All'],
  ['patch_all', 'Patch all'],
  ['patch_package', 'Patch package'],
];

const TONES: Record<RunStatus, string> = {
  queued: 'accent',
  pending_validation: 'warning',
  validated: 'accent',
  pending_approval: 'warning',
  approved: 'muted',
  scheduled: 'accent',
  running: 'accent',
  completed: 'success',
  dry_run_completed: 'success',
  failed: 'danger',
  cancelled: 'muted',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge badge--${TONES[status] ?? 'muted'}`} data-testid="run-status" data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}

export function ExtraDepsPill({ run }: { run: Pick<PatchRun, 'extra_deps' | 'extra_deps_count'> }) {
  if (!run.extra_deps) return null;
  return (
    <span
      className="badge badge--warning patch-pill"
      title={`${run.extra_deps_count} package${run.extra_deps_count === 1 ? '' : 's'} pulled in by dependencies`}
      data-testid="extra-deps"
    >
      Extra deps
    </span>
  );
}

/** Friendly name, else hostname, else the host id (ch. 11 Host column). */
export function hostName(run: { host?: RunHost | null; host_id: string }): string {
  return run.host?.friendly_name || run.host?.hostname || run.host?.id || run.host_id;
}

/** "Patch all", or the package names of a patch_package run. */
export function typeSummary(run: Pick<PatchRun, 'patch_type' | 'package_names'>): string {
  if (run.patch_type === 'patch_all') return 'Patch all';
  const names = run.package_names ?? [];
  return names.length > 0 ? names.join(', ') : 'Patch package';
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** The Started column: the planned time before the agent starts, the start time after. */
export function startedAt(run: PatchRun): string | null {
  if (NOT_STARTED_STATUSES.includes(run.status)) return run.scheduled_at ?? run.created_at;
  return run.started_at ?? run.created_at;
}

/** HH:MM of an instant in an IANA zone (UTC when none or unknown). */
export function clockTime(iso: string, timezone: string | null | undefined): { time: string; zone: string } {
  const zone = timezone || 'UTC';
  const date = new Date(iso);
  try {
    const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: zone }).format(date);
    return { time, zone };
  } catch {
    const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' }).format(date);
    return { time, zone: 'UTC' };
  }
}

type PolicyLike = Pick<PolicySnapshot | PreviewPolicy, 'name' | 'patch_delay_type' | 'delay_minutes' | 'fixed_time_utc' | 'timezone'> & {
  id: string | null;
};

/** The implicit Default policy: no id, immediate. */
export function isDefaultPolicy(policy: PolicyLike | null | undefined): boolean {
  return !policy || (policy.id === null && policy.patch_delay_type === 'immediate');
}

/** How a policy schedules, as the Policies list labels it. */
export function policyDescription(policy: PolicyLike): string {
  if (policy.patch_delay_type === 'delayed') {
    return `Delayed ${policy.delay_minutes ?? 0} minute${policy.delay_minutes === 1 ? '' : 's'} after trigger`;
  }
  if (policy.patch_delay_type === 'fixed_time') {
    return `Fixed time at ${policy.fixed_time_utc ?? '—'}${policy.timezone ? ` ${policy.timezone}` : ' UTC'}`;
  }
  return 'Runs immediately on trigger';
}
