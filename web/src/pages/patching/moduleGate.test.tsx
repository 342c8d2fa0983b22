import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp } from '../../test/fakeApi';
import { FakeSocket } from '../../test/fakeSocket';
import { hostFixture } from '../../test/hostFixture';
import { parseSession } from '../../auth/session';
import { patchRun, patchingApi, PATCHING_PERMISSIONS } from './testFixtures';

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

const DASHBOARD = { total_runs: 0, queued: 0, running: 0, completed: 0, failed: 0, pending_approval: 0, validated: 0, scheduled: 0, recent_runs: [] };
const PACKAGE = {
  id: 'openssl', name: 'openssl', description: null, category: null, latest_version: '3.0.13', status: 'security', last_reported_at: null,
  stats: { total_installs: 2, updates_needed: 2, security_updates: 2, up_to_date: 0 }, repositories: [],
};

function gatedApi(modules: string[] | undefined) {
  return patchingApi(
    {
      'GET /patching/dashboard': () => json(200, DASHBOARD),
      'GET /patching/policies': () => json(200, { policies: [] }),
      'GET /patching/runs/run_1': () => json(200, patchRun()),
      'GET /hosts': () => json(200, []),
      'GET /hosts/h-1': () => json(200, hostFixture({ friendly_name: 'web-1' })),
      'GET /hosts/h-1/details': () => json(200, { system: {}, network_interfaces: [], repositories: [] }),
      'GET /host-groups': () => json(200, []),
      'GET /patching/runs': () => json(200, { runs: [], total: 0, limit: 25, offset: 0 }),
      'GET /packages/openssl': () => json(200, PACKAGE),
      'GET /packages/openssl/hosts': () => json(200, { hosts: [], pagination: { page: 1, limit: 25, total: 0, pages: 0 } }),
    },
    PATCHING_PERMISSIONS,
    modules,
  );
}

describe('module gate (admin guide ch. 8 "Module Gate", ch. 10)', () => {
  it('reads the plan modules of a session; a session naming none has every module', () => {
    const base = { user: { id: 'u', username: 'a' }, tenant: { id: 't', name: 'T', slug: 't' }, permissions: [] };
    expect(parseSession(base)!.modules).toBeNull();
    expect(parseSession({ ...base, modules: ['patching', 7] })!.modules).toEqual(['patching']);
  });

  it('without patching: no Patching in the sidebar, the placeholder on /patching and run detail, no Patch buttons', async () => {
    gatedApi(['docker']);
    renderApp('/patching');
    expect((await screen.findByTestId('upgrade-required-patching')).textContent).toContain('Upgrade required');
    expect(screen.queryByTestId('nav-patching')).toBeNull();
    expect(screen.getByTestId('nav-hosts')).toBeTruthy();
    expect(screen.queryByTestId('patching-overview')).toBeNull();
    cleanup();

    gatedApi(['docker']);
    renderApp('/patching/runs/run_1');
    await screen.findByTestId('upgrade-required-patching');
    cleanup();

    gatedApi(['docker']);
    renderApp('/hosts/h-1?tab=patching');
    const tab = await screen.findByTestId('host-tab-patching');
    expect(within(tab).getByTestId('tier-badge-patching').textContent).toBe('Upgrade');
    expect(within(screen.getByTestId('host-panel-patching')).getByTestId('upgrade-required-patching')).toBeTruthy();
    expect(screen.queryByTestId('host-patching')).toBeNull();
    expect(screen.queryByTestId('header-patch-all')).toBeNull();
    cleanup();

    gatedApi(['docker']);
    renderApp('/packages/openssl');
    await screen.findByTestId('package-name');
    expect(screen.queryByTestId('patch-package')).toBeNull();
  });

  it('with patching but not patching_policies: the Policies tab has a tier badge and the placeholder, runs stay usable', async () => {
    const fake = gatedApi(['patching']);
    renderApp('/patching?tab=policies');
    const tab = await screen.findByTestId('patching-tab-policies');
    expect(within(tab).getByTestId('tier-badge-patching_policies')).toBeTruthy();
    expect(within(screen.getByTestId('patching-panel-policies')).getByTestId('upgrade-required-patching_policies').textContent).toContain(
      'Patch policies',
    );
    expect(fake.callsTo('GET', '/patching/policies')).toHaveLength(0);
    expect(screen.getByTestId('nav-patching')).toBeTruthy();
    act(() => {
      fireEvent.click(screen.getByTestId('patching-tab-runs'));
    });
    await screen.findByTestId('runs-table');
    expect(within(screen.getByTestId('patching-tab-runs')).queryByTestId(/tier-badge/)).toBeNull();
    cleanup();

    gatedApi(['patching']);
    renderApp('/settings/patch-management');
    await screen.findByTestId('upgrade-required-patching_policies');
    expect(screen.queryByTestId('policies-panel')).toBeNull();
    cleanup();

    gatedApi(['patching']);
    renderApp('/hosts/h-1');
    await screen.findByTestId('header-patch-all');
    expect(screen.queryByTestId('tier-badge-patching')).toBeNull();
  });

  it('with both modules (or none named) nothing is locked', async () => {
    gatedApi(['patching', 'patching_policies']);
    renderApp('/patching?tab=policies');
    await screen.findByTestId('policies-panel');
    expect(screen.queryByTestId(/tier-badge/)).toBeNull();
    cleanup();
    gatedApi(undefined);
    renderApp('/patching?tab=policies');
    await screen.findByTestId('policies-panel');
    await waitFor(() => expect(screen.queryByTestId(/upgrade-required/)).toBeNull());
  });
});
