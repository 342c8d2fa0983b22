import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';
import { hostFixture } from '../../test/hostFixture';
import { FakeSocket } from '../../test/fakeSocket';

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

const host = hostFixture;

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

function liveApi(handlers: Record<string, Handler>) {
  return signedInApi({}, {
    'POST /auth/ws-ticket': () => json(200, { ticket: 'tkt-1', expires_at: '2030-01-01T00:00:00Z' }),
    'GET /host-groups': () => json(200, []),
    ...handlers,
  });
}

/** The page's socket once it has been opened and has asked for `channel`. */
async function openSocket(channel: string): Promise<FakeSocket> {
  await waitFor(() => expect(FakeSocket.instances.length).toBeGreaterThan(0));
  const socket = FakeSocket.last();
  expect(socket.url).toBe(`ws://${window.location.host}/api/v1/ws?ticket=tkt-1`);
  act(() => socket.open());
  await waitFor(() => expect(socket.frames()).toContainEqual({ type: 'subscribe', channel }));
  return socket;
}

function badge(row: HTMLElement) {
  return within(row).getByTestId('connection-badge');
}

describe('live host updates', () => {
  it('walks the Add Host wizard through its four stages on the host channel and opens the host', async () => {
    const created = host({ id: 'h-new', friendly_name: 'web-02', status: 'pending', effective_status: 'pending' });
    let reads = 0;
    liveApi({
      'GET /hosts': () => json(200, []),
      'POST /hosts': () => json(201, { message: 'Host created', host: created, api_id: 'patchmon_new', api_key: 'k' }),
      'GET /hosts/h-new': () => {
        reads += 1;
        return json(200, reads > 1 ? { ...created, status: 'active' } : created);
      },
    });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => undefined) }, configurable: true });
    const { router } = renderApp('/hosts');
    click(await screen.findByTestId('add-host-button'));
    click(screen.getByTestId('os-tile-linux'));
    click(screen.getByTestId('add-host-next'));
    change(screen.getByTestId('add-host-name'), 'web-02');
    click(screen.getByTestId('add-host-create'));
    await screen.findByTestId('install-command');

    const socket = await openSocket('host:h-new');
    click(screen.getByTestId('copy-command'));
    const waiting = await screen.findByTestId('wizard-waiting');
    await waitFor(() => expect(screen.getByTestId('wizard-live').textContent).toContain('Live'));
    // Once the subscription stands the host is read once, in case the agent was quicker.
    act(() => socket.receive({ type: 'subscribed', channel: 'host:h-new' }));
    await waitFor(() => expect(reads).toBe(1));
    expect(waiting.getAttribute('data-stage')).toBe('waiting');
    expect(screen.getByTestId('stage-waiting').getAttribute('data-state')).toBe('current');

    act(() => socket.receive({ type: 'agent_connected', channel: 'host:h-new', host_id: 'h-new', secure: true }));
    expect(waiting.getAttribute('data-stage')).toBe('connected');
    expect(screen.getByTestId('stage-waiting').getAttribute('data-state')).toBe('done');
    // Another host's events move nothing.
    act(() => socket.receive({ type: 'report_received', channel: 'host:h-other', host_id: 'h-other' }));
    expect(waiting.getAttribute('data-stage')).toBe('connected');
    act(() => socket.receive({ type: 'report_started', channel: 'host:h-new', host_id: 'h-new' }));
    expect(waiting.getAttribute('data-stage')).toBe('receiving');
    expect(screen.getByTestId('stage-receiving').getAttribute('data-state')).toBe('current');
    act(() => socket.receive({ type: 'report_received', channel: 'host:h-new', host_id: 'h-new', status: 'active' }));
    expect(screen.getByTestId('stage-done').getAttribute('data-done')).toBe('true');
    // No polling while the socket is open: one read only.
    expect(reads).toBe(1);
    await waitFor(() => expect(where(router)).toBe('/hosts/h-new'), { timeout: 3000 });
  }, 15000);

  it('falls back to polling when the socket drops and moves on from what the host says', async () => {
    const created = host({ id: 'h-new', friendly_name: 'web-02', status: 'pending', effective_status: 'pending' });
    let reads = 0;
    liveApi({
      'GET /hosts': () => json(200, []),
      'POST /hosts': () => json(201, { message: 'Host created', host: created, api_id: 'patchmon_new', api_key: 'k' }),
      'GET /hosts/h-new': () => {
        reads += 1;
        return json(200, { ...created, connected: true, connection_secure: false });
      },
    });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => undefined) }, configurable: true });
    renderApp('/hosts');
    click(await screen.findByTestId('add-host-button'));
    click(screen.getByTestId('os-tile-linux'));
    click(screen.getByTestId('add-host-next'));
    change(screen.getByTestId('add-host-name'), 'web-02');
    click(screen.getByTestId('add-host-create'));
    await screen.findByTestId('install-command');
    const socket = await openSocket('host:h-new');
    click(screen.getByTestId('copy-command'));
    const waiting = await screen.findByTestId('wizard-waiting');
    act(() => socket.drop());
    await waitFor(() => expect(screen.getByTestId('wizard-live').textContent).toContain('every 2 seconds'));
    await waitFor(() => expect(waiting.getAttribute('data-stage')).toBe('connected'), { timeout: 6000 });
    expect(reads).toBeGreaterThan(0);
  }, 15000);

  it('shows WSS, WS and Offline on the Hosts list and flips them as agents connect and drop', async () => {
    liveApi({
      'GET /hosts': () =>
        json(200, [
          host({ connected: true, connection_secure: true, connected_at: '2026-12-01T10:00:00Z' }),
          host({ id: 'h-2', friendly_name: 'db-01' }),
        ]),
    });
    renderApp('/hosts');
    const web = await screen.findByTestId('host-row-web-01');
    const db = screen.getByTestId('host-row-db-01');
    expect(badge(web).textContent).toBe('WSS');
    expect(badge(web).className).toContain('badge--success');
    expect(badge(db).textContent).toBe('Offline');
    expect(badge(db).className).toContain('badge--danger');
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toContain('Connection');

    const socket = await openSocket('host:h-1');
    expect(socket.frames()).toContainEqual({ type: 'subscribe', channel: 'host:h-2' });
    act(() => socket.receive({ type: 'subscribed', channel: 'host:h-1' }));
    act(() => socket.receive({ type: 'subscribed', channel: 'host:h-2' }));
    expect(screen.getByTestId('hosts-page').getAttribute('data-live-subscribed')).toBe('2');
    act(() => socket.receive({ type: 'agent_disconnected', channel: 'host:h-1', host_id: 'h-1' }));
    expect(badge(web).textContent).toBe('Offline');
    expect(badge(web).getAttribute('data-connected')).toBe('false');
    act(() => socket.receive({ type: 'agent_connected', channel: 'host:h-2', host_id: 'h-2', secure: false }));
    expect(badge(db).textContent).toBe('WS');
    expect(badge(db).className).toContain('badge--warning');
    act(() => socket.receive({ type: 'report_received', channel: 'host:h-2', host_id: 'h-2', status: 'active', last_update: new Date().toISOString() }));
    expect(within(db).getByText('just now')).toBeTruthy();
    act(() => socket.receive({ type: 'host_seen', channel: 'host:h-1', host_id: 'h-1', last_update: new Date().toISOString() }));
    expect(within(web).getByText('just now')).toBeTruthy();
  });

  it('shows the badge and a raised host_down on Host Detail and follows both live', async () => {
    liveApi({
      'GET /hosts/h-1': () => json(200, host({ is_down: true, down_reason: 'disconnected', down_since: '2026-12-01T10:00:00Z' })),
      'GET /hosts/h-1/details': () => json(200, { system: {}, network_interfaces: [], repositories: [] }),
      'GET /hosts/h-1/packages': () => json(200, { packages: [], total: 0, page: 1, limit: 1, total_pages: 0 }),
    });
    renderApp('/hosts/h-1');
    await screen.findByTestId('host-friendly-name');
    expect(screen.getByTestId('connection-badge').textContent).toBe('Offline');
    expect(screen.getByTestId('down-chip').textContent).toBe('Down: disconnected');
    const socket = await openSocket('host:h-1');
    act(() => socket.receive({ type: 'agent_connected', channel: 'host:h-1', host_id: 'h-1', secure: true }));
    act(() => socket.receive({ type: 'host_recovered', channel: 'host:h-1', host_id: 'h-1' }));
    expect(screen.getByTestId('connection-badge').textContent).toBe('WSS');
    expect(screen.queryByTestId('down-chip')).toBeNull();
  });
});
