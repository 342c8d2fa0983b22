import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PatchRun, RunStatus } from '../../api/patching';
import { json, renderApp, where } from '../../test/fakeApi';
import { FakeSocket } from '../../test/fakeSocket';
import { hostFixture } from '../../test/hostFixture';
import { formatTime } from './common';
import { RUNS_LIMIT_KEY } from './RunsTab';
import { READ_ONLY_PERMISSIONS, immediatePreview, nightlyPreview, patchRun, patchingApi, queriesTo } from './testFixtures';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  vi.stubGlobal('WebSocket', FakeSocket);
  FakeSocket.instances = [];
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function click(el: HTMLElement) {
  act(() => {
    fireEvent.click(el);
  });
}

function change(el: HTMLElement, value: string) {
  act(() => {
    fireEvent.change(el, { target: { value } });
  });
}

const ALL_STATUSES: RunStatus[] = [
  'queued',
  'pending_validation',
  'validated',
  'pending_approval',
  'approved',
  'scheduled',
  'running',
  'completed',
  'dry_run_completed',
  'failed',
  'cancelled',
];

const NOT_STARTED = { started_at: null, completed_at: null };

/** One run per status, ids run_<status>. */
const ONE_OF_EACH: PatchRun[] = ALL_STATUSES.map((status) =>
  patchRun({
    id: `run_${status}`,
    status,
    ...(['completed', 'failed', 'cancelled', 'dry_run_completed', 'running'].includes(status) ? {} : NOT_STARTED),
    ...(status === 'running' ? { completed_at: null } : {}),
  }),
);

function runsApi(runs: PatchRun[] = ONE_OF_EACH, total = runs.length, extra: Parameters<typeof patchingApi>[0] = {}, permissions?: string[]) {
  return patchingApi({ 'GET /patching/runs': () => json(200, { runs, total, limit: 25, offset: 0 }), ...extra }, permissions);
}

async function openRuns(path = '/patching?tab=runs') {
  const view = renderApp(path);
  // The pager appears with the first answer.
  await screen.findByTestId('runs-pager');
  return view;
}

const row = (id: string) => screen.getByTestId(`run-row-${id}`);

describe('Patching page', () => {
  it('opens on Overview with dashboard cards linking to filtered Runs & History', async () => {
    patchingApi({
      'GET /patching/dashboard': () =>
        json(200, {
          total_runs: 12,
          queued: 1,
          running: 2,
          completed: 6,
          failed: 3,
          pending_approval: 0,
          validated: 0,
          scheduled: 0,
          recent_runs: [patchRun({ id: 'run_r' })],
        }),
    });
    const { router } = renderApp('/patching');
    expect((await screen.findByTestId('patching-card-total_runs-value')).textContent).toBe('—');
    await waitFor(() => expect(screen.getByTestId('patching-card-total_runs-value').textContent).toBe('12'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Patching');
    expect(screen.getByTestId('nav-patching').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('patching-tab-overview').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('patching-card-total_runs').getAttribute('href')).toBe('/patching?tab=runs');
    expect(screen.getByTestId('patching-card-queued').getAttribute('href')).toBe('/patching?tab=runs&status=queued');
    expect(screen.getByTestId('patching-card-completed').getAttribute('href')).toBe('/patching?tab=runs&status=completed');
    expect(screen.getByTestId('patching-card-failed').getAttribute('href')).toBe('/patching?tab=runs&status=failed');
    expect(screen.getByTestId('patching-card-failed-value').textContent).toBe('3');
    expect(within(screen.getByTestId('recent-runs')).getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe('/patching/runs/run_r');
    click(screen.getByTestId('patching-tab-runs'));
    expect(where(router)).toBe('/patching?tab=runs');
  });

  it('has a Policies tab holding the policy editor, read-only without can_manage_patching', async () => {
    patchingApi(
      {
        'GET /patching/policies': () =>
          json(200, {
            policies: [
              {
                id: 'pol_1', name: 'Nightly', description: null, patch_delay_type: 'fixed_time', delay_minutes: null,
                fixed_time_utc: '03:00', timezone: 'Europe/London', assignment_count: 0, exclusion_count: 0,
                created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-01T00:00:00Z',
              },
            ],
          }),
      },
      READ_ONLY_PERMISSIONS,
    );
    renderApp('/patching?tab=policies');
    expect((await screen.findByTestId('patching-tab-policies')).getAttribute('aria-selected')).toBe('true');
    expect((await screen.findByTestId('policy-schedule-Nightly')).textContent).toContain('03:00 Europe/London');
    expect(screen.queryByTestId('create-policy')).toBeNull();
  });
});

describe('Patching Overview trigger', () => {
  const DASHBOARD = { total_runs: 0, queued: 0, running: 0, completed: 0, failed: 0, pending_approval: 0, validated: 0, scheduled: 0, recent_runs: [] };
  const hosts = [
    { id: 'h-1', friendly_name: 'web-1', hostname: 'web-1.example', os_family: 'linux' },
    { id: 'h-w', friendly_name: 'win-1', hostname: null, os_family: 'windows' },
  ];

  it('starts a Patch all on a chosen non-Windows host and refreshes the cards', async () => {
    const fake = patchingApi({
      'GET /patching/dashboard': () => json(200, DASHBOARD),
      'GET /hosts': () => json(200, hosts),
      'GET /patching/preview-run': () => json(200, immediatePreview('h-1')),
      'POST /patching/trigger': () =>
        json(201, { runs: [patchRun({ id: 'run_s', patch_type: 'patch_all', package_names: [], status: 'scheduled', ...NOT_STARTED, scheduled_at: '2026-12-02T03:00:00Z' })] }),
    });
    renderApp('/patching');
    const select = (await screen.findByTestId('quick-patch-host')) as HTMLSelectElement;
    await waitFor(() => expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Choose a host…', 'web-1']));
    expect((screen.getByTestId('quick-patch-all') as HTMLButtonElement).disabled).toBe(true);
    change(select, 'h-1');
    click(screen.getByTestId('quick-patch-all'));
    expect(screen.getByTestId('wizard-step-timing').getAttribute('aria-current')).toBe('step');
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('wizard-fire'));
    expect((await screen.findByTestId('quick-patch-result')).textContent).toBe(`Scheduled Patch all on web-1 for ${formatTime('2026-12-02T03:00:00Z')}`);
    expect(fake.callsTo('POST', '/patching/trigger')[0]!.body).toEqual({ host_ids: ['h-1'], patch_type: 'patch_all' });
    await waitFor(() => expect(fake.callsTo('GET', '/patching/dashboard')).toHaveLength(2));
  });

  it('targets a host group: Patch all on its non-Windows members as they are when submitted, split by Run immediately', async () => {
    const members = [
      [hosts[0]!, { id: 'h-2', friendly_name: 'web-2', hostname: null, os_family: 'linux' }, hosts[1]!],
      // h-3 joined the group while the wizard was open.
      [hosts[0]!, { id: 'h-2', friendly_name: 'web-2', hostname: null, os_family: 'linux' }, { id: 'h-3', friendly_name: 'web-3', hostname: null, os_family: 'linux' }],
    ];
    let memberReads = 0;
    const fake = patchingApi({
      'GET /patching/dashboard': () => json(200, DASHBOARD),
      'GET /host-groups': () => json(200, [{ id: 'g-1', name: 'production', description: null, color: '#3B82F6', created_at: null, updated_at: null, host_count: 3 }]),
      'GET /hosts': () => {
        const query = new URL(String(fake.fetchMock.mock.calls.at(-1)![0]), 'http://localhost').searchParams;
        if (query.get('group') !== 'g-1') return json(200, hosts);
        memberReads += 1;
        return json(200, members[Math.min(memberReads, 2) - 1]);
      },
      'GET /patching/preview-run': () => json(200, nightlyPreview('h')),
      'POST /patching/trigger': (call) => {
        const body = call.body as { host_ids: string[]; schedule_override?: string };
        return json(201, {
          runs: body.host_ids.map((id) =>
            patchRun({ id: `run_${id}`, host_id: id, patch_type: 'patch_all', package_names: [], ...NOT_STARTED, status: body.schedule_override ? 'queued' : 'scheduled' }),
          ),
        });
      },
    });
    renderApp('/patching');
    change(await screen.findByTestId('quick-patch-type'), 'host_group');
    const group = screen.getByTestId('quick-patch-group') as HTMLSelectElement;
    await waitFor(() => expect(Array.from(group.options).map((o) => o.textContent)).toEqual(['Choose a group…', 'production (3 hosts)']));
    change(group, 'g-1');
    click(screen.getByTestId('quick-patch-all'));
    expect(screen.getByRole('dialog', { name: 'Patch all on group production' })).toBeTruthy();
    expect(screen.getByTestId('wizard-step-timing').getAttribute('aria-current')).toBe('step');
    expect(['hosts', 'packages', 'validate', 'approval'].map((s) => screen.getByTestId(`wizard-step-${s}`).getAttribute('data-skipped'))).toEqual(
      Array(4).fill('true'),
    );
    // The Windows member is left out; each member's effective policy is previewed.
    await screen.findByTestId('timing-h-2');
    expect(screen.queryByTestId('timing-h-w')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('timing-text-h-1').textContent).toContain('Runs at 03:00 Europe/London'));
    click(screen.getByTestId('run-immediately-h-2'));
    click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('group-expansion').textContent).toContain('members of production at the moment you submit');
    click(screen.getByTestId('wizard-fire'));
    expect((await screen.findByTestId('quick-patch-result')).textContent).toBe('Patch all on 3 hosts of production: 1 queued, 2 scheduled');
    expect(fake.callsTo('POST', '/patching/trigger').map((c) => c.body)).toEqual([
      { host_ids: ['h-2'], patch_type: 'patch_all', schedule_override: 'immediate' },
      { host_ids: ['h-1', 'h-3'], patch_type: 'patch_all' },
    ]);
  });

  it('refuses a host group without members to patch, with nothing triggered', async () => {
    const fake = patchingApi({
      'GET /patching/dashboard': () => json(200, DASHBOARD),
      'GET /host-groups': () => json(200, [{ id: 'g-2', name: 'empty', description: null, color: '#3B82F6', created_at: null, updated_at: null, host_count: 0 }]),
      'GET /hosts': () => json(200, []),
    });
    renderApp('/patching');
    change(await screen.findByTestId('quick-patch-type'), 'host_group');
    await waitFor(() => expect((screen.getByTestId('quick-patch-group') as HTMLSelectElement).options).toHaveLength(2));
    change(screen.getByTestId('quick-patch-group'), 'g-2');
    click(screen.getByTestId('quick-patch-all'));
    expect((await screen.findByTestId('wizard-group-empty')).textContent).toBe('empty has no hosts to patch.');
    click(screen.getByTestId('wizard-next'));
    expect((screen.getByTestId('wizard-fire') as HTMLButtonElement).disabled).toBe(true);
    expect(fake.callsTo('POST', '/patching/trigger')).toHaveLength(0);
  });

  it('has no trigger without can_manage_patching', async () => {
    patchingApi({ 'GET /patching/dashboard': () => json(200, DASHBOARD) }, READ_ONLY_PERMISSIONS);
    renderApp('/patching');
    await screen.findByTestId('patching-overview');
    expect(screen.queryByTestId('quick-patch')).toBeNull();
  });
});

describe('Runs & History table', () => {
  it('shows the columns, host name fallback, type summary, Started and Completed per status', async () => {
    runsApi([
      patchRun({ id: 'a', patch_type: 'patch_all', package_names: [], status: 'completed' }),
      patchRun({ id: 'b', host: { id: 'h-2', friendly_name: null, hostname: 'db.example' }, host_id: 'h-2', status: 'scheduled', ...NOT_STARTED, scheduled_at: '2026-12-02T03:00:00Z' }),
      patchRun({ id: 'c', host: null, host_id: 'h-3-uuid', status: 'queued', ...NOT_STARTED, initiated_by: null }),
      patchRun({ id: 'd', status: 'validated', extra_deps: true, extra_deps_count: 2, ...NOT_STARTED }),
    ]);
    await openRuns();
    const headers = screen.getAllByRole('columnheader');
    expect(within(headers[0]!).getByRole('checkbox').getAttribute('aria-label')).toBe('Select all deletable runs on this page');
    expect(within(headers[1]!).getByRole('checkbox').getAttribute('aria-label')).toBe('Select all approvable runs on this page');
    expect(headers.slice(2).map((th) => th.textContent)).toEqual([
      'Host',
      'Type',
      'Status',
      'Initiated by',
      'Started',
      'Completed',
      'Actions',
    ]);
    expect(within(row('a')).getByTestId('row-host').textContent).toBe('web-1');
    expect(within(row('b')).getByTestId('row-host').textContent).toBe('db.example');
    expect(within(row('c')).getByTestId('row-host').textContent).toBe('h-3-uuid');
    expect(within(row('a')).getByTestId('row-type').textContent).toBe('Patch all');
    expect(within(row('b')).getByTestId('row-type').textContent).toBe('curl, openssl');
    expect(within(row('a')).getByTestId('row-started').textContent).toBe(formatTime('2026-12-01T10:01:00Z'));
    expect(within(row('b')).getByTestId('row-started').textContent).toBe(formatTime('2026-12-02T03:00:00Z'));
    expect(within(row('c')).getByTestId('row-started').textContent).toBe(formatTime('2026-12-01T10:00:00Z'));
    expect(within(row('a')).getByTestId('row-completed').textContent).toBe(formatTime('2026-12-01T10:02:00Z'));
    expect(within(row('c')).getByTestId('row-completed').textContent).toBe('');
    expect(within(row('d')).getByTestId('extra-deps').textContent).toBe('Extra deps');
    expect(within(row('a')).queryByTestId('extra-deps')).toBeNull();
  });

  it('offers the delete and approve checkboxes and the inline actions by status', async () => {
    runsApi();
    await openRuns();
    const deletable = ['queued', 'pending_validation', 'pending_approval', 'validated', 'approved', 'scheduled'];
    const approvable = ['validated', 'pending_validation', 'pending_approval'];
    for (const status of ALL_STATUSES) {
      const r = row(`run_${status}`);
      expect([status, Boolean(within(r).queryByTestId('row-delete'))]).toEqual([status, deletable.includes(status)]);
      expect([status, Boolean(within(r).queryByTestId('row-approve'))]).toEqual([status, approvable.includes(status)]);
      const actions = Array.from(r.querySelectorAll('button, a')).map((el) => el.textContent);
      const byStatus =
        status === 'pending_validation' ? ['Retry', 'Skip & Patch', 'View'] : status === 'pending_approval' || status === 'validated' ? ['Approve', 'View'] : ['View'];
      const expected = deletable.includes(status) ? [...byStatus, 'Delete'] : byStatus;
      expect([status, actions]).toEqual([status, expected]);
      expect(within(r).getByTestId('row-view').getAttribute('href')).toBe(`/patching/runs/run_${status}`);
    }
    expect(within(row('run_pending_validation')).getByTestId('row-skip').className).toContain('button--amber');
  });

  it('is read-only without can_manage_patching: View only, no checkboxes', async () => {
    runsApi(ONE_OF_EACH, ONE_OF_EACH.length, {}, READ_ONLY_PERMISSIONS);
    await openRuns();
    expect(screen.queryAllByTestId('row-delete')).toHaveLength(0);
    expect(screen.queryAllByTestId('row-approve')).toHaveLength(0);
    expect(screen.queryAllByTestId('row-skip')).toHaveLength(0);
    expect(screen.queryAllByTestId('row-approve-button')).toHaveLength(0);
    expect(screen.queryAllByTestId('row-delete-button')).toHaveLength(0);
    expect(screen.getAllByTestId('row-view')).toHaveLength(ALL_STATUSES.length);
  });

  it('keeps Status and Type in the URL, sends them, resets to page 1 and clears them', async () => {
    const fake = runsApi(ONE_OF_EACH, 120);
    const { router } = await openRuns('/patching?tab=runs&status=pending_approval&type=patch_all&page=3');
    const first = queriesTo(fake.fetchMock, 'GET', '/patching/runs')[0]!;
    expect(first.get('status')).toBe('pending_approval');
    expect(first.get('type')).toBe('patch_all');
    expect(first.get('offset')).toBe('50');
    expect(first.get('limit')).toBe('25');
    expect((screen.getByTestId('runs-status-filter') as HTMLSelectElement).value).toBe('pending_approval');

    change(screen.getByTestId('runs-status-filter'), 'active');
    expect(where(router)).toBe('/patching?tab=runs&status=active&type=patch_all');
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.get('status')).toBe('active'));
    expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.get('offset')).toBe('0');

    click(screen.getByTestId('runs-clear-filters'));
    expect(where(router)).toBe('/patching?tab=runs');
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.has('status')).toBe(false));
    expect(screen.queryByTestId('runs-clear-filters')).toBeNull();
    expect(Array.from((screen.getByTestId('runs-status-filter') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      'All',
      'Active (queued + running)',
      'Queued',
      'Pending validation',
      'Pending approval',
      'Validated (awaiting approval)',
      'Approved',
      'Scheduled',
      'Running',
      'Completed',
      'Failed',
      'Cancelled',
    ]);
  });

  it('filters by host through host_id in the URL, listing the hosts by name', async () => {
    const fake = runsApi(ONE_OF_EACH, 3, {
      'GET /hosts': () => json(200, [hostFixture({ id: 'h-1', friendly_name: 'web-1' }), hostFixture({ id: 'h-2', friendly_name: 'db-1' })]),
    });
    const { router } = await openRuns('/patching?tab=runs&host_id=h-2&page=2');
    expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs')[0]!.get('host_id')).toBe('h-2');
    await waitFor(() => expect((screen.getByTestId('runs-host-filter') as HTMLSelectElement).value).toBe('h-2'));
    expect(Array.from((screen.getByTestId('runs-host-filter') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      'All',
      'web-1',
      'db-1',
    ]);
    change(screen.getByTestId('runs-host-filter'), 'h-1');
    expect(where(router)).toBe('/patching?tab=runs&host_id=h-1');
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.get('host_id')).toBe('h-1'));
    click(screen.getByTestId('runs-clear-filters'));
    expect(where(router)).toBe('/patching?tab=runs');
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.has('host_id')).toBe(false));
  });

  it('pages with the page size remembered in localStorage patching-runs-limit', async () => {
    const fake = runsApi(ONE_OF_EACH, 120);
    const { router } = await openRuns();
    expect(screen.getByTestId('runs-pager-position').textContent).toBe('Page 1 of 5 · 120 total');
    click(screen.getByTestId('runs-pager-next'));
    expect(where(router)).toBe('/patching?tab=runs&page=2');
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.get('offset')).toBe('25'));
    change(screen.getByTestId('runs-pager-size'), '100');
    expect(window.localStorage.getItem(RUNS_LIMIT_KEY)).toBe('100');
    expect(where(router)).toBe('/patching?tab=runs');
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs').at(-1)!.get('limit')).toBe('100'));
    cleanup();
    const again = runsApi(ONE_OF_EACH, 120);
    await openRuns();
    expect(queriesTo(again.fetchMock, 'GET', '/patching/runs')[0]!.get('limit')).toBe('100');
    expect(Array.from((screen.getByTestId('runs-pager-size') as HTMLSelectElement).options).map((o) => o.value)).toEqual(['25', '50', '100', '200']);
  });

  it('shows the two empty states', async () => {
    runsApi([], 0);
    await openRuns();
    expect(screen.getByTestId('runs-empty').textContent).toBe(
      'No patch runs yet. Patch runs triggered from the Overview tab or from host detail pages will appear here.',
    );
    cleanup();
    runsApi([], 0);
    await openRuns('/patching?tab=runs&status=failed');
    expect(screen.getByTestId('runs-empty').textContent).toContain('No runs match your filters');
  });
});

describe('Runs & History bulk actions', () => {
  it('deletes one row after confirming, and keeps it with the API error in the banner when refused', async () => {
    let refuse = false;
    const fake = runsApi(ONE_OF_EACH, ONE_OF_EACH.length, {
      'DELETE /patching/runs/run_scheduled': () =>
        refuse
          ? json(400, { error: 'Only queued, pending, validated, approved or scheduled runs can be deleted' })
          : json(200, { message: 'Patch run deleted' }),
    });
    await openRuns();
    click(within(row('run_scheduled')).getByTestId('row-delete-button'));
    const dialog = screen.getByTestId('row-delete-dialog');
    expect(dialog.textContent).toContain('removed from the queue');
    click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('row-delete-dialog')).toBeNull();
    expect(fake.callsTo('DELETE', '/patching/runs/run_scheduled')).toHaveLength(0);

    click(within(row('run_scheduled')).getByTestId('row-delete-button'));
    click(screen.getByTestId('row-delete-confirm'));
    expect((await screen.findByTestId('runs-banner')).textContent).toBe('Deleted the curl, openssl run on web-1');
    expect(screen.getByTestId('runs-banner').className).toContain('notice--success');
    await waitFor(() => expect(screen.queryByTestId('row-delete-dialog')).toBeNull());
    expect(fake.callsTo('DELETE', '/patching/runs/run_scheduled')).toHaveLength(1);
    // The table is read again after the delete.
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs')).toHaveLength(2));

    refuse = true;
    click(within(await screen.findByTestId('run-row-run_scheduled')).getByTestId('row-delete-button'));
    click(screen.getByTestId('row-delete-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId('runs-banner').textContent).toBe('Only queued, pending, validated, approved or scheduled runs can be deleted'),
    );
    expect(screen.getByTestId('runs-banner').className).toContain('notice--danger');
    await waitFor(() => expect(screen.queryByTestId('row-delete-dialog')).toBeNull());
  });

  it('selects deletable rows (header selects every eligible row), deletes them and reports failures', async () => {
    const fake = runsApi(ONE_OF_EACH, ONE_OF_EACH.length, {
      'POST /patching/runs/bulk-delete': () =>
        json(200, { deleted: ['run_queued', 'run_scheduled'], failed: [{ id: 'run_approved', error: 'Only queued, pending, validated, approved or scheduled runs can be deleted' }] }),
    });
    await openRuns();
    expect(screen.queryByTestId('runs-bulk-bar')).toBeNull();
    click(within(row('run_queued')).getByTestId('row-delete'));
    expect(screen.getByTestId('bulk-delete').textContent).toBe('Delete 1 selected');
    click(screen.getByTestId('clear-delete'));
    expect(screen.queryByTestId('runs-bulk-bar')).toBeNull();
    click(screen.getByTestId('select-all-delete'));
    expect(screen.getByTestId('bulk-delete').textContent).toBe('Delete 6 selected');
    // The approve selection is tracked separately.
    click(within(row('run_validated')).getByTestId('row-approve'));
    expect(screen.getByTestId('bulk-approve').textContent).toBe('Approve 1 selected');
    click(screen.getByTestId('clear-approve'));
    expect(screen.queryByTestId('bulk-approve')).toBeNull();
    expect(screen.getByTestId('bulk-delete').textContent).toBe('Delete 6 selected');

    click(screen.getByTestId('bulk-delete'));
    click(screen.getByTestId('bulk-delete-confirm'));
    expect((await screen.findByTestId('runs-banner')).textContent).toContain('Deleted 2, 1 failed');
    expect((fake.callsTo('POST', '/patching/runs/bulk-delete')[0]!.body as { run_ids: string[] }).run_ids.sort()).toEqual(
      ['run_queued', 'run_pending_validation', 'run_pending_approval', 'run_validated', 'run_approved', 'run_scheduled'].sort(),
    );
    await waitFor(() => expect(screen.queryByTestId('runs-bulk-bar')).toBeNull());
  });

  it('bulk-approves through the wizard in approve mode with one Timing/Submit and shows "Approved 5, 1 failed"', async () => {
    const validations = [1, 2, 3, 4, 5, 6].map((i) =>
      patchRun({ id: `run_v${i}`, host_id: `h-${i}`, host: { id: `h-${i}`, friendly_name: `web-${i}`, hostname: null }, status: 'validated', dry_run: true, ...NOT_STARTED }),
    );
    const fake = runsApi(validations, 6, {
      'GET /patching/preview-run': () => json(200, immediatePreview('h')),
      'POST /patching/runs/bulk-approve': (call) => {
        const ids = (call.body as { run_ids: string[] }).run_ids;
        return json(200, {
          approved: ids.filter((id) => id !== 'run_v6').map((id) => ({ validation_run_id: id, run: patchRun({ id: `x_${id}`, status: 'queued' }) })),
          failed: ids.includes('run_v6') ? [{ id: 'run_v6', error: 'Only validated, pending approval or pending validation runs can be approved' }] : [],
        });
      },
    });
    await openRuns();
    click(screen.getByTestId('select-all-approve'));
    click(screen.getByTestId('bulk-approve'));
    expect(screen.getByTestId('wizard-step-timing').getAttribute('aria-current')).toBe('step');
    expect(['hosts', 'packages', 'validate', 'approval'].map((s) => screen.getByTestId(`wizard-step-${s}`).getAttribute('data-skipped'))).toEqual(
      Array(4).fill('true'),
    );
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/preview-run')).toHaveLength(6));
    click(screen.getByTestId('run-immediately-h-1'));
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('wizard-fire'));
    expect((await screen.findByTestId('runs-banner')).textContent).toContain('Approved 5, 1 failed');
    const calls = fake.callsTo('POST', '/patching/runs/bulk-approve').map((c) => c.body);
    expect(calls).toEqual([
      { run_ids: ['run_v1'], schedule_override: 'immediate' },
      { run_ids: ['run_v2', 'run_v3', 'run_v4', 'run_v5', 'run_v6'] },
    ]);
  });

  it('retries a pending validation inline without the wizard', async () => {
    const fake = runsApi(ONE_OF_EACH, ONE_OF_EACH.length, {
      'POST /patching/runs/run_pending_validation/retry-validation': () => json(202, patchRun({ id: 'run_pending_validation', status: 'pending_validation' })),
    });
    await openRuns();
    click(within(row('run_pending_validation')).getByTestId('row-retry'));
    expect((await screen.findByTestId('runs-banner')).textContent).toBe('Validation re-queued for web-1');
    expect(fake.callsTo('POST', '/patching/runs/run_pending_validation/retry-validation')).toHaveLength(1);
    expect(screen.queryByTestId('patch-wizard')).toBeNull();
  });

  it('Skip & Patch opens the wizard in approve mode and approves the pending validation', async () => {
    const fake = runsApi(ONE_OF_EACH, ONE_OF_EACH.length, {
      'GET /patching/preview-run': () => json(200, immediatePreview('h-1')),
      'POST /patching/runs/run_pending_validation/approve': () => json(201, { run: patchRun({ id: 'run_new', status: 'scheduled' }), validation_run_id: 'run_pending_validation' }),
    });
    await openRuns();
    click(within(row('run_pending_validation')).getByTestId('row-skip'));
    expect(screen.getByTestId('patch-wizard')).toBeTruthy();
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('wizard-fire'));
    // A scheduled run does not start now: the page stays and says so.
    expect((await screen.findByTestId('runs-banner')).textContent).toBe('Approved 1');
    expect(fake.callsTo('POST', '/patching/runs/run_pending_validation/approve')[0]!.body).toEqual({});
  });
});
