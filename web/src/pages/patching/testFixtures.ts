/** Patch runs and API answers shared by the patching page tests. */
import type { PatchRun, RunPreview } from '../../api/patching';
import { ALL_PERMISSIONS, json, signedInApi, type Handler } from '../../test/fakeApi';

export const PATCHING_PERMISSIONS = [...ALL_PERMISSIONS, 'can_manage_patching'];
/** can_view_hosts without can_manage_patching: the read-only Patching page. */
export const READ_ONLY_PERMISSIONS = ALL_PERMISSIONS;

export function patchRun(overrides: Partial<PatchRun> = {}): PatchRun {
  return {
    id: 'run_1',
    host_id: 'h-1',
    host: { id: 'h-1', friendly_name: 'web-1', hostname: 'web-1.example' },
    patch_type: 'patch_package',
    dry_run: false,
    package_names: ['curl', 'openssl'],
    status: 'completed',
    shell_output: '',
    error_message: null,
    packages_affected: [],
    extra_deps: false,
    extra_deps_count: 0,
    initiated_by: 'alice',
    approved_by: null,
    created_at: '2026-12-01T10:00:00Z',
    started_at: '2026-12-01T10:01:00Z',
    completed_at: '2026-12-01T10:02:00Z',
    scheduled_at: null,
    validation_run_id: null,
    approved_run_id: null,
    policy_id: null,
    policy_name: 'Default',
    policy_snapshot: { id: null, name: 'Default', patch_delay_type: 'immediate', delay_minutes: null, fixed_time_utc: null, timezone: null },
    schedule_override: null,
    awaiting_post_patch_report: false,
    post_patch_report_received: false,
    ...overrides,
  };
}

export function immediatePreview(hostId: string): RunPreview {
  return {
    host_id: hostId,
    run_at_iso: null,
    immediate: true,
    policy: { id: null, name: 'Default', patch_delay_type: 'immediate', delay_minutes: null, fixed_time_utc: null, timezone: null },
  };
}

/** A 03:00 Europe/London fixed-time policy whose next run is 2026-12-02 03:00 UTC (GMT in winter). */
export function nightlyPreview(hostId: string): RunPreview {
  return {
    host_id: hostId,
    run_at_iso: '2026-12-02T03:00:00Z',
    immediate: false,
    policy: { id: 'pol_1', name: 'Nightly 03:00', patch_delay_type: 'fixed_time', delay_minutes: null, fixed_time_utc: '03:00', timezone: 'Europe/London' },
  };
}

export function patchingApi(handlers: Record<string, Handler> = {}, permissions: string[] = PATCHING_PERMISSIONS, modules?: string[]) {
  return signedInApi(
    { permissions, modules },
    {
      'POST /auth/ws-ticket': () => json(200, { ticket: 'tkt-1', expires_at: '2030-01-01T00:00:00Z' }),
      ...handlers,
    },
  );
}

/** The query string of every call to `path`, in order. */
export function queriesTo(fetchMock: { mock: { calls: unknown[][] } }, method: string, path: string): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([input, init]) => ({ url: new URL(String(input), 'http://localhost'), method: (init as RequestInit | undefined)?.method ?? 'GET' }))
    .filter(({ url, method: m }) => m === method && url.pathname === `/api/v1${path}`)
    .map(({ url }) => url.searchParams);
}
