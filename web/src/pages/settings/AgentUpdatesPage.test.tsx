import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, signedInApi, where } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const MANAGER = ['can_manage_settings', 'can_view_dashboard'];

function change(el: HTMLElement, value: string) {
  act(() => {
    fireEvent.change(el, { target: { value } });
  });
}

function click(el: HTMLElement) {
  act(() => {
    fireEvent.click(el);
  });
}

describe('Settings → Agent Updates', () => {
  it('loads the interval and switch, saves both with PUT and says how many agents were told', async () => {
    const fake = signedInApi({ permissions: MANAGER }, {
      'GET /settings/agent-updates': () => json(200, { update_interval: 60, auto_update: true, agents_notified: null }),
      'PUT /settings/agent-updates': () => json(200, { update_interval: 30, auto_update: false, agents_notified: 3 }),
    });
    renderApp('/settings/agent-config');
    const interval = (await screen.findByTestId('agent-update-interval')) as HTMLInputElement;
    const toggle = screen.getByTestId('agent-auto-update') as HTMLInputElement;
    expect(interval.value).toBe('60');
    expect(toggle.checked).toBe(true);
    await waitFor(() => expect(document.title).toBe('Agent Updates · PatchMon'));

    change(interval, '30');
    click(toggle);
    click(screen.getByTestId('agent-updates-save'));

    await waitFor(() => expect(screen.getByTestId('agent-updates-saved').textContent).toBe(
      'Agent update settings saved; 3 connected agents notified.'));
    expect(fake.callsTo('PUT', '/settings/agent-updates').map((c) => c.body)).toEqual([{ update_interval: 30, auto_update: false }]);
    expect((screen.getByTestId('agent-auto-update') as HTMLInputElement).checked).toBe(false);
  });

  it('refuses an interval outside 1–1440 minutes without asking the server, and shows the server’s own error', async () => {
    const fake = signedInApi({ permissions: MANAGER }, {
      'GET /settings/agent-updates': () => json(200, { update_interval: 60, auto_update: true }),
      'PUT /settings/agent-updates': () =>
        json(400, { errors: [{ msg: 'Update interval must be between 1 and 1440 minutes', param: 'update_interval', location: 'body' }] }),
    });
    renderApp('/settings/agent-config');
    const interval = await screen.findByTestId('agent-update-interval');

    change(interval, '0');
    click(screen.getByTestId('agent-updates-save'));
    expect((await screen.findByTestId('agent-updates-error')).textContent).toBe('Update interval must be between 1 and 1440 minutes');
    expect(fake.callsTo('PUT', '/settings/agent-updates')).toEqual([]);

    change(interval, '15');
    click(screen.getByTestId('agent-updates-save'));
    await waitFor(() => expect(fake.callsTo('PUT', '/settings/agent-updates')).toHaveLength(1));
    expect((await screen.findByTestId('agent-updates-error')).textContent).toContain('between 1 and 1440');
  });

  it('is closed to users without can_manage_settings, who never ask for the settings', async () => {
    const fake = signedInApi({ permissions: ['can_view_dashboard'] });
    const { router } = renderApp('/settings/agent-config');
    expect(await screen.findByRole('heading', { level: 1, name: 'Access denied' })).toBeTruthy();
    expect(screen.getByText('can_manage_settings')).toBeTruthy();
    expect(where(router)).toBe('/settings/agent-config');
    expect(screen.queryByTestId('agent-update-interval')).toBeNull();
    expect(fake.callsTo('GET', '/settings/agent-updates')).toEqual([]);
  });
});
