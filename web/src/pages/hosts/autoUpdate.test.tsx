import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostAutoUpdate } from '../../api/agentUpdates';
import type { Host } from '../../api/hosts';
import { ALL_PERMISSIONS, json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';
import { hostFixture } from '../../test/hostFixture';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HOST: Host = hostFixture({
  hostname: 'web01',
  architecture: 'x86_64',
  total_packages: 1,
  last_update: new Date().toISOString(),
  updated_at: '2025-01-01T00:00:00Z',
  connected: true,
});

const ON: HostAutoUpdate = { host_id: 'h-1', auto_update: true, global_auto_update: true, effective: true };

function api(state: HostAutoUpdate, handlers: Record<string, Handler> = {}, permissions: string[] = ALL_PERMISSIONS) {
  return signedInApi({ permissions }, {
    'GET /hosts/h-1': () => json(200, HOST),
    'GET /hosts/h-1/details': () => json(404, { error: 'No report yet' }),
    'GET /host-groups': () => json(200, []),
    'GET /hosts/h-1/auto-update': () => json(200, state),
    ...handlers,
  });
}

function click(el: HTMLElement) {
  act(() => {
    fireEvent.click(el);
  });
}

describe('Host Info → Agent Auto-update', () => {
  it('turns the host’s auto-update off with PATCH {auto_update: false} and shows the saved state', async () => {
    const fake = api(ON, {
      'PATCH /hosts/h-1/auto-update': () => json(200, { ...ON, auto_update: false, effective: false, agent_notified: true }),
    });
    renderApp('/hosts/h-1');
    const toggle = (await screen.findByTestId('host-auto-update')) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    expect(toggle.disabled).toBe(false);
    expect(screen.queryByTestId('host-auto-update-global-off')).toBeNull();

    click(toggle);

    await waitFor(() => expect((screen.getByTestId('host-auto-update') as HTMLInputElement).checked).toBe(false));
    expect(fake.callsTo('PATCH', '/hosts/h-1/auto-update').map((c) => c.body)).toEqual([{ auto_update: false }]);
    expect(screen.getByTestId('host-auto-update').closest('label')?.textContent).toContain('Disabled');
  });

  it('shows a yellow badge pointing to Settings → Agent Updates while the global switch is off', async () => {
    api({ ...ON, global_auto_update: false, effective: false });
    const { router } = renderApp('/hosts/h-1');
    const badge = await screen.findByTestId('host-auto-update-global-off');
    expect(badge.className).toContain('badge--warning');
    expect(badge.getAttribute('title')).toContain('Settings → Agent Updates');

    click(screen.getByRole('link', { name: 'Disabled globally' }));
    await waitFor(() => expect(where(router)).toBe('/settings/agent-config'));
  });

  it('keeps the switch and says why when the server refuses the change', async () => {
    api(ON, { 'PATCH /hosts/h-1/auto-update': () => json(404, { error: 'Host not found' }) });
    renderApp('/hosts/h-1');
    click(await screen.findByTestId('host-auto-update'));

    expect((await screen.findByRole('alert')).textContent).toBe('Host not found');
    expect((screen.getByTestId('host-auto-update') as HTMLInputElement).checked).toBe(true);
  });

  it('is read-only without can_manage_hosts', async () => {
    api({ ...ON, auto_update: false, effective: false }, {}, ALL_PERMISSIONS.filter((p) => p !== 'can_manage_hosts'));
    renderApp('/hosts/h-1');
    const toggle = (await screen.findByTestId('host-auto-update')) as HTMLInputElement;
    expect(toggle.disabled).toBe(true);
    expect(toggle.checked).toBe(false);
  });
});
