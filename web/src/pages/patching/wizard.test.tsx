import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Host } from '../../api/hosts';
import type { PackageDetail, PackageHost } from '../../api/packages';
import type { PatchRun } from '../../api/patching';
import { deferred, json, renderApp, where, type Call } from '../../test/fakeApi';
import { hostFixture } from '../../test/hostFixture';
import { FakeSocket } from '../../test/fakeSocket';
import { neighbourStep, runPool, shownSteps, type WizardMode } from './wizardSteps';
import { immediatePreview, nightlyPreview, patchRun, patchingApi, queriesTo, READ_ONLY_PERMISSIONS } from './testFixtures';

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

const HOST = { id: 'h-1', name: 'web-1' };
const MODES: Record<string, WizardMode> = {
  patchAll: { kind: 'host', host: HOST, patchType: 'patch_all' },
  onePackage: { kind: 'host', host: HOST, patchType: 'patch_package', packages: ['curl'] },
  packages: { kind: 'host', host: HOST, patchType: 'patch_package', packages: ['curl', 'openssl'] },
  fleet: { kind: 'fleet', packageId: 'openssl', packageName: 'openssl' },
  approve: { kind: 'approve', runs: [patchRun({ status: 'validated' })] },
  group: { kind: 'group', group: { id: 'g-1', name: 'production' }, patchType: 'patch_all' },
};

describe('wizard steps', () => {
  it('auto-skips the steps with no decision for each starting point (ch. 9 table)', () => {
    expect(shownSteps(MODES.patchAll!)).toEqual(['timing', 'submit']);
    expect(shownSteps(MODES.onePackage!)).toEqual(['validate', 'timing', 'approval', 'submit']);
    expect(shownSteps(MODES.packages!)).toEqual(['packages', 'validate', 'timing', 'approval', 'submit']);
    expect(shownSteps(MODES.fleet!)).toEqual(['hosts', 'validate', 'timing', 'approval', 'submit']);
    expect(shownSteps(MODES.approve!)).toEqual(['timing', 'submit']);
    expect(shownSteps(MODES.group!)).toEqual(['timing', 'submit']);
  });

  it('steps Back and Next over hidden steps', () => {
    expect(neighbourStep('validate', MODES.fleet!, -1)).toBe('hosts');
    expect(neighbourStep('hosts', MODES.fleet!, 1)).toBe('validate');
    expect(neighbourStep('timing', MODES.onePackage!, -1)).toBe('validate');
    expect(neighbourStep('validate', MODES.onePackage!, -1)).toBeNull();
    expect(neighbourStep('submit', MODES.approve!, -1)).toBe('timing');
    expect(neighbourStep('submit', MODES.approve!, 1)).toBeNull();
  });

  it('runs a pool with at most the limit in flight and keeps the input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const gates = Array.from({ length: 12 }, () => deferred<void>());
    const done = runPool([...gates.keys()], 5, async (i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await gates[i]!.promise;
      inFlight -= 1;
      return i * 10;
    });
    await Promise.resolve();
    expect(inFlight).toBe(5);
    // Release in reverse so completion order differs from input order.
    for (const gate of [...gates].reverse()) {
      gate.resolve();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await done).toEqual(gates.map((_, i) => i * 10));
    expect(peak).toBe(5);
  });
});

function host(overrides: Partial<Host> = {}): Host {
  return hostFixture({
    friendly_name: 'web-1',
    hostname: 'web-1.example',
    updates_count: 2,
    security_updates_count: 1,
    total_packages: 10,
    connected: true,
    connection_secure: true,
    ...overrides,
  });
}

const OUTDATED = [
  { name: 'curl', current_version: '7.1', available_version: '7.2', needs_update: true, is_security_update: false, source_repository: null },
  { name: 'openssl', current_version: '3.0.11', available_version: '3.0.13', needs_update: true, is_security_update: true, source_repository: null },
];

function hostApi(handlers: Parameters<typeof patchingApi>[0] = {}, permissions?: string[]) {
  return patchingApi(
    {
      'GET /hosts/h-1': () => json(200, host()),
      'GET /hosts/h-1/details': () => json(200, { system: {}, network_interfaces: [], repositories: [] }),
      'GET /hosts/h-1/packages': () =>
        json(200, { packages: OUTDATED, total: 2, installed: 10, updates_available: 2, security_updates: 1, pagination: { page: 1, limit: 500, total: 2, pages: 1 } }),
      'GET /host-groups': () => json(200, []),
      'GET /patching/runs': () => json(200, { runs: [patchRun({ id: 'run_old', status: 'completed' })], total: 1, limit: 25, offset: 0 }),
      'GET /patching/preview-run': () => json(200, nightlyPreview('h-1')),
      ...handlers,
    },
    permissions,
  );
}

async function openPatchingTab(handlers: Parameters<typeof patchingApi>[0] = {}, permissions?: string[]) {
  const fake = hostApi(handlers, permissions);
  const view = renderApp('/hosts/h-1?tab=patching');
  await screen.findByTestId('host-patching');
  return { fake, ...view };
}

function skipped(): string[] {
  return within(screen.getByTestId('wizard-steps'))
    .getAllByRole('listitem')
    .filter((li) => li.getAttribute('data-skipped') === 'true')
    .map((li) => li.getAttribute('data-testid')!.replace('wizard-step-', ''));
}

const current = () => screen.getByTestId('wizard-steps').querySelector('[aria-current="step"]')!.getAttribute('data-testid');

describe('Host Detail → Patching', () => {
  it("lists the host's runs linking to run detail and the host's outdated packages", async () => {
    const { fake } = await openPatchingTab();
    const row = await screen.findByTestId('host-run-run_old');
    expect(within(row).getByRole('link', { name: 'View' }).getAttribute('href')).toBe('/patching/runs/run_old');
    expect(queriesTo(fake.fetchMock, 'GET', '/patching/runs')[0]!.get('host_id')).toBe('h-1');
    await screen.findByTestId('outdated-curl');
    const packageQuery = queriesTo(fake.fetchMock, 'GET', '/hosts/h-1/packages').find((q) => q.get('updates_only') === 'true');
    expect(packageQuery?.get('limit')).toBe('500');
  });

  it("re-reads the host's runs on a new report without closing an open wizard", async () => {
    const { fake } = await openPatchingTab();
    await screen.findByTestId('host-run-run_old');
    click(screen.getByTestId('patch-all'));
    await waitFor(() => expect(FakeSocket.instances.length).toBeGreaterThan(0));
    const socket = FakeSocket.last();
    act(() => socket.open());
    const before = fake.callsTo('GET', '/patching/runs').length;
    act(() => socket.receive({ type: 'report_received', channel: 'host:h-1', host_id: 'h-1', status: 'active' }));
    await waitFor(() => expect(fake.callsTo('GET', '/patching/runs').length).toBeGreaterThan(before));
    expect(screen.getByTestId('patch-wizard')).toBeTruthy();
  });

  it('is read-only without can_manage_patching', async () => {
    await openPatchingTab({}, READ_ONLY_PERMISSIONS);
    await screen.findByTestId('host-run-run_old');
    expect(screen.queryByTestId('patch-all')).toBeNull();
    expect(screen.queryByTestId('patch-selected')).toBeNull();
    expect(screen.queryByTestId('header-patch-all')).toBeNull();
  });

  it('Patch all opens at Timing with the policy time, runs immediately on request and deep-links to the run', async () => {
    const { fake, router } = await openPatchingTab({
      'POST /patching/trigger': () => json(201, { runs: [patchRun({ id: 'run_new', patch_type: 'patch_all', status: 'queued' })] }),
      'GET /patching/runs/run_new': () => json(200, patchRun({ id: 'run_new', patch_type: 'patch_all', status: 'queued' })),
    });
    click(screen.getByTestId('patch-all'));
    expect(current()).toBe('wizard-step-timing');
    expect(skipped()).toEqual(['hosts', 'packages', 'validate', 'approval']);
    expect(screen.queryByTestId('wizard-back')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('timing-text-h-1').textContent).toBe('Runs at 03:00 Europe/London via Nightly 03:00'));
    expect(queriesTo(fake.fetchMock, 'GET', '/patching/preview-run')[0]!.get('host_id')).toBe('h-1');
    click(screen.getByTestId('run-immediately'));
    expect(screen.getByTestId('timing-text-h-1').textContent).toBe('Runs immediately (override)');
    click(screen.getByTestId('wizard-next'));
    expect(current()).toBe('wizard-step-submit');
    expect(screen.getByTestId('summary-h-1').textContent).toContain('Patch all');
    // Back returns to Timing (the only earlier shown step).
    click(screen.getByTestId('wizard-back'));
    expect(current()).toBe('wizard-step-timing');
    click(screen.getByTestId('wizard-next'));
    expect(screen.getByTestId('wizard-fire').textContent).toBe('Queue & patch');
    click(screen.getByTestId('wizard-fire'));
    await waitFor(() => expect(where(router)).toBe('/patching/runs/run_new'));
    expect(fake.callsTo('POST', '/patching/trigger')[0]!.body).toEqual({
      host_ids: ['h-1'],
      patch_type: 'patch_all',
      schedule_override: 'immediate',
    });
  });

  it('Patch all can be submitted for approval, staying on the host with a message', async () => {
    const { fake, router } = await openPatchingTab({
      'POST /patching/trigger': () => json(201, { runs: [patchRun({ id: 'run_new', patch_type: 'patch_all', status: 'pending_approval' })] }),
    });
    click(screen.getByTestId('patch-all'));
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('submit-for-approval'));
    expect(screen.getByTestId('wizard-fire').textContent).toBe('Submit for approval');
    click(screen.getByTestId('wizard-fire'));
    expect((await screen.findByTestId('host-patching-message')).textContent).toBe('Submitted web-1 for approval');
    expect(fake.callsTo('POST', '/patching/trigger')[0]!.body).toEqual({ host_ids: ['h-1'], patch_type: 'patch_all', submit_for_approval: true });
    expect(where(router)).toBe('/hosts/h-1?tab=patching');
  });

  it('Patch selected packages trims the list, validates with a dry-run polled until validated, then approves', async () => {
    let reads = 0;
    const validated = patchRun({
      id: 'run_v',
      dry_run: true,
      package_names: ['curl'],
      status: 'validated',
      extra_deps: true,
      extra_deps_count: 1,
      packages_affected: [
        { name: 'curl', new_version: '7.2' },
        { name: 'libcurl4', new_version: '7.2', dependency: true },
      ],
    });
    const { fake, router } = await openPatchingTab({
      'GET /patching/preview-run': () => json(200, immediatePreview('h-1')),
      'POST /patching/trigger': () => json(201, { runs: [{ ...validated, status: 'pending_validation', packages_affected: [] }] }),
      'GET /patching/runs/run_v': () => {
        reads += 1;
        return json(200, reads > 1 ? validated : { ...validated, status: 'running', shell_output: 'Reading package lists...\r' });
      },
      'POST /patching/runs/run_v/approve': () => json(201, { run: patchRun({ id: 'run_x', status: 'queued' }), validation_run_id: 'run_v' }),
      'GET /patching/runs/run_x': () => json(200, patchRun({ id: 'run_x', status: 'queued' })),
    });
    click(await screen.findByTestId('outdated-curl'));
    click(screen.getByTestId('outdated-openssl'));
    click(screen.getByTestId('patch-selected'));
    expect(current()).toBe('wizard-step-packages');
    expect(skipped()).toEqual(['hosts']);
    click(screen.getByTestId('wizard-package-openssl'));
    click(screen.getByTestId('wizard-next'));
    expect(current()).toBe('wizard-step-validate');
    // Back skips the hidden Hosts step to Packages while no dry-run has started.
    click(screen.getByTestId('wizard-back'));
    expect(current()).toBe('wizard-step-packages');
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('run-dry-run'));
    await screen.findByTestId('validation-h-1');
    expect(fake.callsTo('POST', '/patching/trigger')[0]!.body).toEqual({
      host_ids: ['h-1'],
      patch_type: 'patch_package',
      package_names: ['curl'],
      dry_run: true,
    });
    // Forward-only once dry-runs exist.
    expect(screen.queryByTestId('wizard-back')).toBeNull();
    expect((screen.getByTestId('wizard-next') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getByTestId('validation-excerpt').textContent).toContain('Reading package lists...'), { timeout: 6000 });
    await waitFor(() => expect(within(screen.getByTestId('validation-h-1')).getByTestId('run-status').textContent).toBe('Validated'), {
      timeout: 6000,
    });
    expect(within(screen.getByTestId('validation-h-1')).getByTestId('extra-deps')).toBeTruthy();
    expect(screen.getByTestId('validation-packages-h-1').textContent).toContain('libcurl4');
    const pollsAtValidated = reads;

    click(screen.getByTestId('wizard-next'));
    expect(current()).toBe('wizard-step-timing');
    await waitFor(() => expect(screen.getByTestId('timing-text-h-1').textContent).toBe('Runs immediately via Default'));
    click(screen.getByTestId('wizard-next'));
    expect(current()).toBe('wizard-step-approval');
    expect((screen.getByTestId('approval-approve') as HTMLInputElement).checked).toBe(true);
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('wizard-fire'));
    await waitFor(() => expect(where(router)).toBe('/patching/runs/run_x'));
    expect(fake.callsTo('POST', '/patching/runs/run_v/approve')[0]!.body).toEqual({});
    // Polling stopped once the dry-run ended.
    expect(reads).toBe(pollsAtValidated);
  }, 20000);
});

function packageDetail(): PackageDetail {
  return {
    id: 'openssl',
    name: 'openssl',
    description: null,
    category: null,
    latest_version: '3.0.13',
    status: 'security',
    last_reported_at: null,
    stats: { total_installs: 9, updates_needed: 7, security_updates: 7, up_to_date: 2 },
    repositories: [],
  };
}

function packageHost(i: number, needsUpdate = true): PackageHost {
  return {
    host_id: `h-${i}`,
    friendly_name: `web-${i}`,
    hostname: null,
    os_type: null,
    os_version: null,
    current_version: '3.0.11',
    available_version: '3.0.13',
    needs_update: needsUpdate,
    is_security_update: true,
    source_repository: null,
    last_update: null,
    needs_reboot: false,
  };
}

describe('Package Detail → Patch this package (fleet rollout)', () => {
  it('lists only hosts needing the package, fans dry-runs out five at a time and reports "Approved 5, 1 failed"', async () => {
    // The server filters to pending hosts; a row that says it is up to date is still left out.
    const hosts = [...[1, 2, 3, 4, 5, 6, 7].map((i) => packageHost(i)), packageHost(8, false)];
    const gates: { call: Call; release: () => void }[] = [];
    let inFlight = 0;
    let peak = 0;
    const fake = patchingApi({
      'GET /packages/openssl': () => json(200, packageDetail()),
      'GET /packages/openssl/hosts': () => json(200, { hosts, pagination: { page: 1, limit: 100, total: 8, pages: 1 } }),
      'GET /patching/preview-run': () => json(200, immediatePreview('x')),
      'POST /patching/trigger': async (call) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        const gate = deferred<void>();
        gates.push({ call, release: () => gate.resolve() });
        await gate.promise;
        inFlight -= 1;
        const hostId = (call.body as { host_ids: string[] }).host_ids[0]!;
        // h-7's dry-run fails on the agent: it cannot be approved.
        const status: PatchRun['status'] = hostId === 'h-7' ? 'failed' : 'validated';
        return json(201, { runs: [patchRun({ id: `run_${hostId}`, host_id: hostId, host: { id: hostId, friendly_name: `web-${hostId.slice(2)}`, hostname: null }, dry_run: true, status, package_names: ['openssl'] })] });
      },
    });
    // Approving web-6 fails: another operator got there first.
    for (let i = 1; i <= 6; i += 1) {
      fake.set(`POST /patching/runs/run_h-${i}/approve`, () =>
        i === 6
          ? json(400, { error: 'Only validated, pending approval or pending validation runs can be approved' })
          : json(201, { run: patchRun({ id: `run_x${i}`, status: 'queued' }), validation_run_id: `run_h-${i}` }),
      );
    }
    renderApp('/packages/openssl');
    click(await screen.findByTestId('patch-package'));
    expect(current()).toBe('wizard-step-hosts');
    expect(skipped()).toEqual(['packages']);
    await screen.findByTestId('wizard-host-h-1');
    expect(screen.queryByTestId('wizard-host-h-8')).toBeNull();
    const hostQuery = queriesTo(fake.fetchMock, 'GET', '/packages/openssl/hosts').find((q) => q.get('limit') === '100');
    expect(hostQuery?.get('only_pending')).toBe('true');
    expect((screen.getByTestId('wizard-next') as HTMLButtonElement).disabled).toBe(true);
    click(screen.getByTestId('wizard-hosts-all'));
    click(screen.getByTestId('wizard-next'));
    expect(current()).toBe('wizard-step-validate');
    click(screen.getByTestId('run-dry-run'));

    await waitFor(() => expect(gates).toHaveLength(5));
    expect(inFlight).toBe(5);
    for (let released = 0; released < 7; released += 1) {
      await waitFor(() => expect(gates.length).toBeGreaterThan(released));
      act(() => gates[released]!.release());
    }
    await waitFor(() => expect(within(screen.getByTestId('validation-h-7')).getByTestId('run-status').textContent).toBe('Failed'));
    expect(peak).toBe(5);
    expect(gates.map((g) => (g.call.body as { package_names: string[] }).package_names)).toEqual(Array(7).fill(['openssl']));
    expect((screen.getByTestId('validation-include-h-7') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('validation-include-h-1') as HTMLInputElement).checked).toBe(true);
    // The failed dry-run can be re-queued from the wizard; it waits again and stays out of the approval.
    fake.set('POST /patching/runs/run_h-7/retry-validation', () =>
      json(202, patchRun({ id: 'run_h-7', host_id: 'h-7', dry_run: true, status: 'pending_validation', package_names: ['openssl'] })),
    );
    fake.set('GET /patching/runs/run_h-7', () => json(200, patchRun({ id: 'run_h-7', host_id: 'h-7', dry_run: true, status: 'pending_validation' })));
    click(screen.getByTestId('validation-retry-h-7'));
    await waitFor(() => expect(within(screen.getByTestId('validation-h-7')).getByTestId('run-status').textContent).toBe('Pending validation'));
    expect(fake.callsTo('POST', '/patching/runs/run_h-7/retry-validation')).toHaveLength(1);

    click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(queriesTo(fake.fetchMock, 'GET', '/patching/preview-run')).toHaveLength(6));
    // Per-host override: only web-2 runs immediately.
    click(screen.getByTestId('run-immediately-h-2'));
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('wizard-next'));
    expect(within(screen.getByTestId('submit-summary')).getAllByRole('row')).toHaveLength(7);
    click(screen.getByTestId('wizard-fire'));
    expect((await screen.findByTestId('patch-package-result')).textContent).toContain('Approved 5, 1 failed');
    expect(fake.callsTo('POST', '/patching/runs/run_h-2/approve')[0]!.body).toEqual({ schedule_override: 'immediate' });
    expect(fake.callsTo('POST', '/patching/runs/run_h-1/approve')[0]!.body).toEqual({});
    expect(fake.callsTo('POST', '/patching/runs/run_h-7/approve')).toHaveLength(0);
  }, 20000);

  it('adds a host group on the Hosts step: its members among the hosts needing the update', async () => {
    const fake = patchingApi({
      'GET /packages/openssl': () => json(200, packageDetail()),
      'GET /packages/openssl/hosts': () => json(200, { hosts: [1, 2, 3].map((i) => packageHost(i)), pagination: { page: 1, limit: 100, total: 3, pages: 1 } }),
      'GET /host-groups': () => json(200, [{ id: 'g-1', name: 'production', description: null, color: '#3B82F6', created_at: null, updated_at: null, host_count: 3 }]),
      'GET /hosts': () => {
        const query = new URL(String(fake.fetchMock.mock.calls.at(-1)![0]), 'http://localhost').searchParams;
        // h-9 is in the group but up to date: there is nothing to pick for it.
        return json(200, query.get('group') === 'g-1' ? ['h-2', 'h-3', 'h-9'].map((id) => host({ id })) : []);
      },
    });
    renderApp('/packages/openssl');
    click(await screen.findByTestId('patch-package'));
    await screen.findByTestId('wizard-host-h-1');
    const group = screen.getByTestId('wizard-hosts-group') as HTMLSelectElement;
    await waitFor(() => expect(group.options).toHaveLength(2));
    act(() => {
      fireEvent.change(group, { target: { value: 'g-1' } });
    });
    expect((await screen.findByTestId('wizard-hosts-group-note')).textContent).toBe('production: 2 of 3 hosts need the update');
    expect(['h-1', 'h-2', 'h-3'].map((id) => (screen.getByTestId(`wizard-host-${id}`) as HTMLInputElement).checked)).toEqual([false, true, true]);
    expect((screen.getByTestId('wizard-next') as HTMLButtonElement).disabled).toBe(false);
  });

  it('has no Patch this package button without can_manage_patching', async () => {
    patchingApi(
      {
        'GET /packages/openssl': () => json(200, packageDetail()),
        'GET /packages/openssl/hosts': () => json(200, { hosts: [], pagination: { page: 1, limit: 25, total: 0, pages: 0 } }),
      },
      READ_ONLY_PERMISSIONS,
    );
    renderApp('/packages/openssl');
    await screen.findByTestId('package-name');
    expect(screen.queryByTestId('patch-package')).toBeNull();
  });
});
