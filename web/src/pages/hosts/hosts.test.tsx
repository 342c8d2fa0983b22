import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Host, HostGroup } from '../../api/hosts';
import { json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';
import { installCommand } from './installCommand';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PROD: HostGroup = {
  id: 'g-prod',
  name: 'Production',
  description: 'Live',
  color: '#EF4444',
  created_at: null,
  updated_at: null,
  host_count: 1,
};
const STAGING: HostGroup = { ...PROD, id: 'g-stage', name: 'Staging', color: '#F59E0B', host_count: 0 };

function host(overrides: Partial<Host> = {}): Host {
  return {
    id: 'h-1',
    friendly_name: 'web-01',
    hostname: 'web01.example.com',
    ip: '10.0.0.5',
    os_family: 'linux',
    os_type: 'Debian',
    os_version: '12',
    architecture: 'amd64',
    status: 'active',
    effective_status: 'active',
    is_stale: false,
    api_id: 'patchmon_abc',
    agent_version: '2.1.0',
    needs_reboot: false,
    docker_enabled: false,
    compliance_enabled: false,
    host_groups: [{ id: PROD.id, name: PROD.name, color: PROD.color }],
    notes: null,
    updates_count: 0,
    security_updates_count: 0,
    total_packages: 0,
    last_update: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: null,
    ...overrides,
  };
}

const WEB = host();
const DB = host({
  id: 'h-2',
  friendly_name: 'db-01',
  hostname: null,
  ip: null,
  os_type: null,
  os_version: null,
  os_family: 'freebsd',
  status: 'pending',
  effective_status: 'pending',
  needs_reboot: true,
  host_groups: [],
});

function hostsApi(handlers: Record<string, Handler> = {}, permissions?: string[]) {
  return signedInApi(permissions ? { permissions } : {}, {
    'GET /hosts': () => json(200, [WEB, DB]),
    'GET /host-groups': () => json(200, [PROD, STAGING]),
    ...handlers,
  });
}

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

function hostQueries(fake: ReturnType<typeof hostsApi>): string[] {
  return fake.fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname === '/api/v1/hosts')
    .map((u) => u.search);
}

describe('Hosts list', () => {
  it('shows the summary cards and a row per host with OS, chips, status, last update and reboot', async () => {
    hostsApi();
    renderApp('/hosts');
    const web = await screen.findByTestId('host-row-web-01');
    expect(screen.getByTestId('summary-total').textContent).toBe('2');
    expect(screen.getByTestId('summary-updates').textContent).toBe('0');
    expect(screen.getByTestId('summary-reboot').textContent).toBe('1');
    expect(screen.getByTestId('summary-online').textContent).toBe('1');
    expect(screen.getByTestId('summary-offline').textContent).toBe('0');
    expect(screen.getByTestId('summary-connection').textContent).toContain('1 pending');
    expect(within(web).getByRole('link', { name: 'web-01' }).getAttribute('href')).toBe('/hosts/h-1');
    expect(within(web).getByText('Debian 12')).toBeTruthy();
    expect(within(web).getByTestId('group-chip-Production')).toBeTruthy();
    expect(within(web).getByTestId('host-status').textContent).toBe('Active');
    expect(within(web).getByTestId('host-updates').textContent).toBe('Up to date');
    expect(within(web).getByText('Never')).toBeTruthy();
    const db = screen.getByTestId('host-row-db-01');
    expect(within(db).getByText('FreeBSD')).toBeTruthy();
    expect(within(db).getByTestId('host-status').textContent).toBe('Pending');
    expect(within(db).getByText('Ungrouped')).toBeTruthy();
    expect(within(db).getByText('Reboot required')).toBeTruthy();
    expect(screen.getByTestId('add-host-button')).toBeTruthy();
  });

  it('hides Add Host and selection without can_manage_hosts', async () => {
    hostsApi({}, ['can_view_hosts']);
    renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    expect(screen.queryByTestId('add-host-button')).toBeNull();
    expect(screen.queryByTestId('select-web-01')).toBeNull();
  });

  it('counts updates, shows stale hosts as Inactive and filters from the summary cards', async () => {
    const outdated = host({ id: 'h-3', friendly_name: 'app-01', updates_count: 5, security_updates_count: 2, total_packages: 300 });
    const stale = host({ id: 'h-4', friendly_name: 'old-01', effective_status: 'inactive', is_stale: true, updates_count: 1 });
    const fake = hostsApi({ 'GET /hosts': () => json(200, [outdated, stale, WEB, DB]) });
    const { router } = renderApp('/hosts');
    const app = await screen.findByTestId('host-row-app-01');

    expect(within(app).getByTestId('host-updates').textContent).toBe('5 2 security');
    expect(within(screen.getByTestId('host-row-old-01')).getByTestId('host-status').textContent).toBe('Inactive');
    expect(within(screen.getByTestId('host-row-db-01')).getByTestId('host-updates').textContent).toBe('—');
    expect(screen.getByTestId('summary-total').textContent).toBe('4');
    expect(screen.getByTestId('summary-updates').textContent).toBe('2');
    expect(screen.getByTestId('summary-online').textContent).toBe('2');
    expect(screen.getByTestId('summary-offline').textContent).toBe('1');

    click(screen.getByTestId('summary-card-updates'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe('?filter=needs_updates'));
    expect(where(router)).toBe('/hosts?filter=needs_updates');
    click(screen.getByTestId('summary-card-reboot'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe('?filter=needs_reboot'));
  });

  it('asks the server to hide stale hosts with the Hide Stale toggle and keeps it in the URL', async () => {
    const fake = hostsApi();
    const { router } = renderApp('/hosts?filter=needs_updates');
    await screen.findByTestId('host-row-web-01');
    expect(hostQueries(fake)).toEqual(['?filter=needs_updates']);
    expect((screen.getByTestId('hosts-update-filter') as HTMLSelectElement).value).toBe('needs_updates');

    click(screen.getByTestId('hosts-hide-stale'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe('?filter=needs_updates&hide_stale=true'));
    expect(where(router)).toBe('/hosts?filter=needs_updates&hide_stale=true');
    expect((screen.getByTestId('hosts-hide-stale') as HTMLInputElement).checked).toBe(true);

    click(screen.getByTestId('hosts-hide-stale'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe('?filter=needs_updates'));
    click(screen.getByTestId('hosts-clear-filters'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe(''));
  });

  it('groups the rows by group, status or OS without filtering, and keeps the choice in the URL', async () => {
    const fake = hostsApi();
    const { router } = renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    expect(screen.queryByTestId('hosts-section-ungrouped')).toBeNull();

    change(screen.getByTestId('hosts-group-by'), 'group');
    await waitFor(() => expect(where(router)).toBe('/hosts?group_by=group'));
    const sectionRows = () =>
      Array.from(screen.getByTestId('hosts-table').querySelectorAll('tbody tr')).map((tr) =>
        tr.getAttribute('data-testid')?.replace(/^hosts-section-/, '§'),
      );
    expect(sectionRows()).toEqual([`§group-${PROD.id}`, 'host-row-web-01', '§ungrouped', 'host-row-db-01']);
    expect(screen.getByTestId('hosts-section-ungrouped').textContent).toBe('Ungrouped (1)');

    change(screen.getByTestId('hosts-group-by'), 'status');
    await waitFor(() => expect(sectionRows()).toEqual(['§active', 'host-row-web-01', '§pending', 'host-row-db-01']));
    change(screen.getByTestId('hosts-group-by'), 'os');
    await waitFor(() => expect(screen.getByTestId('hosts-section-os-Debian 12').textContent).toBe('Debian 12 (1)'));
    expect(hostQueries(fake).every((q) => !q.includes('group_by'))).toBe(true);
  });

  it('hides and reorders columns with the Columns button', async () => {
    hostsApi();
    renderApp('/hosts');
    const web = await screen.findByTestId('host-row-web-01');
    const headers = () => screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers()).toContain('Needs Reboot');
    click(screen.getByTestId('hosts-columns-toggle'));
    click(screen.getByTestId('hosts-column-reboot'));
    click(screen.getByTestId('hosts-column-updates-left'));
    expect(headers()).not.toContain('Needs Reboot');
    expect(headers().slice(-3)).toEqual(['Updates', 'Status', 'Last Update']);
    expect(within(web).getAllByRole('cell')).toHaveLength(headers().length);
    click(screen.getByTestId('hosts-columns-reset'));
    expect(headers()).toContain('Needs Reboot');
  });

  it('lists the hosts of one repository from the Repositories page link, names it, and clears the filter', async () => {
    const repositoryId = 'a'.repeat(32);
    const fake = hostsApi({
      [`GET /repositories/${repositoryId}`]: () =>
        json(200, { repository: { id: repositoryId, name: 'debian-security' }, hosts: [] }),
    });
    const { router } = renderApp(`/hosts?repository=${repositoryId}`);
    await screen.findByTestId('host-row-web-01');
    expect(hostQueries(fake)).toEqual([`?repository=${repositoryId}`]);
    await waitFor(() => expect(screen.getByTestId('hosts-repository-filter').textContent).toContain('Repository: debian-security'));

    click(screen.getByTestId('hosts-repository-filter-clear'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe(''));
    expect(where(router)).toBe('/hosts');
  });

  it('lists the hosts that have one package from the Packages page link, names it, and clears the filter', async () => {
    const fake = hostsApi();
    const { router } = renderApp('/hosts?package=libssl3%3Aamd64');
    await screen.findByTestId('host-row-web-01');
    expect(hostQueries(fake)).toEqual(['?package=libssl3%3Aamd64']);
    expect(screen.getByTestId('hosts-package-filter').textContent).toContain('Package: libssl3:amd64');

    click(screen.getByTestId('hosts-package-filter-clear'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe(''));
    expect(where(router)).toBe('/hosts');
    expect(screen.queryByTestId('hosts-package-filter')).toBeNull();
  });

  it('deep-links /hosts?group=ungrouped into the filter, filters by group and status, and clears', async () => {
    const fake = hostsApi();
    const { router } = renderApp('/hosts?group=ungrouped');
    await screen.findByTestId('host-row-web-01');
    expect(hostQueries(fake)).toEqual(['?group=ungrouped']);
    const groupFilter = screen.getByTestId('hosts-group-filter') as HTMLSelectElement;
    expect(groupFilter.value).toBe('ungrouped');
    expect(within(groupFilter).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'All groups',
      'Ungrouped',
      'Production',
      'Staging',
    ]);

    change(groupFilter, 'g-prod');
    change(screen.getByTestId('hosts-status-filter'), 'active');
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe('?group=g-prod&status=active'));
    expect(where(router)).toBe('/hosts?group=g-prod&status=active');

    click(screen.getByTestId('hosts-clear-filters'));
    await waitFor(() => expect(hostQueries(fake).at(-1)).toBe(''));
    expect(where(router)).toBe('/hosts');
  });

  it('bulk-assigns groups with hostIds and groupIds, saying that it replaces the groups', async () => {
    const fake = hostsApi({ 'PUT /hosts/bulk/groups': () => json(200, [WEB, DB]) });
    renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    expect(screen.queryByTestId('bulk-toolbar')).toBeNull();
    click(screen.getByTestId('select-web-01'));
    click(screen.getByTestId('select-db-01'));
    click(screen.getByTestId('bulk-assign'));
    const dialog = screen.getByTestId('bulk-assign-dialog');
    expect(dialog.textContent).toContain('replace the current groups');
    click(within(dialog).getByTestId('bulk-group-Staging'));
    click(within(dialog).getByTestId('bulk-assign-submit'));
    await waitFor(() => expect(screen.queryByTestId('bulk-assign-dialog')).toBeNull());
    expect(fake.callsTo('PUT', '/hosts/bulk/groups')[0]?.body).toEqual({ hostIds: ['h-1', 'h-2'], groupIds: ['g-stage'] });
    // The list reloads.
    expect(hostQueries(fake).length).toBe(2);
  });

  it('bulk-deletes after a confirmation that lists the names', async () => {
    let deleted = false;
    const fake = hostsApi({
      'GET /hosts': () => json(200, deleted ? [] : [WEB, DB]),
      'DELETE /hosts/bulk': () => {
        deleted = true;
        return json(200, { message: 'Hosts deleted', deleted: [] });
      },
    });
    renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    click(screen.getByTestId('select-all'));
    click(screen.getByTestId('bulk-delete'));
    const names = screen.getByTestId('bulk-delete-names');
    expect(within(names).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['web-01', 'db-01']);
    click(screen.getByTestId('bulk-delete-submit'));
    await screen.findByTestId('hosts-empty');
    expect(fake.callsTo('DELETE', '/hosts/bulk')[0]?.body).toEqual({ hostIds: ['h-1', 'h-2'] });
    expect(screen.queryByTestId('bulk-toolbar')).toBeNull();
  });
});

describe('install command', () => {
  it('is the guide one-liner on Linux, drops sudo on FreeBSD, and is PowerShell on Windows', () => {
    expect(installCommand('https://pm.example.com', 'linux', 'patchmon_x', 'KEY')).toBe(
      'curl -s "https://pm.example.com/api/v1/hosts/install" \\\n  -H "X-API-ID: patchmon_x" \\\n  -H "X-API-KEY: KEY" | sudo sh',
    );
    expect(installCommand('https://pm.example.com/', 'freebsd', 'patchmon_x', 'KEY')).toMatch(/-H "X-API-KEY: KEY" \| sh$/);
    const win = installCommand('https://pm.example.com', 'windows', 'patchmon_x', 'KEY');
    expect(win).toContain('Invoke-WebRequest');
    expect(win).not.toContain('ServerCertificateValidationCallback');
    expect(win).toContain('install?os=windows"');
    const both = installCommand('https://pm.example.com', 'windows', 'patchmon_x', 'KEY', { sslBypass: true, useCurl: true });
    expect(both).toMatch(/^\[Net\.ServicePointManager\]::SecurityProtocol/);
    expect(both).toContain('curl.exe -sk');
    expect(both).not.toContain('Invoke-WebRequest');
    expect(both).toContain('install?os=windows&skip_ssl_verify=true&use_curl=true"');
  });

  it('asks for force install on Linux and FreeBSD only', () => {
    expect(installCommand('https://pm.example.com', 'linux', 'patchmon_x', 'KEY', { force: true })).toBe(
      'curl -s "https://pm.example.com/api/v1/hosts/install?force=true" \\\n  -H "X-API-ID: patchmon_x" \\\n  -H "X-API-KEY: KEY" | sudo sh',
    );
    expect(installCommand('https://pm.example.com', 'freebsd', 'patchmon_x', 'KEY', { force: true })).toContain('install?force=true"');
    expect(installCommand('https://pm.example.com', 'windows', 'patchmon_x', 'KEY', { force: true })).not.toContain('force');
  });
});

describe('Add Host wizard', () => {
  it('creates the host with camelCase groupIds, shows the command once, copies, polls to active and opens the host', async () => {
    let polls = 0;
    const created = host({ id: 'h-new', friendly_name: 'web-02', status: 'pending', host_groups: [] });
    const fake = hostsApi({
      'POST /hosts': () => json(201, { message: 'Host created', host: created, api_id: 'patchmon_new', api_key: 'secret-key-123' }),
      'GET /hosts/h-new': () => json(200, ++polls >= 2 ? { ...created, status: 'active', hostname: 'web02' } : created),
    });
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { router } = renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    click(screen.getByTestId('add-host-button'));

    const next = screen.getByTestId('add-host-next') as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    click(screen.getByTestId('os-tile-linux'));
    click(next);

    // Friendly name is required before anything is sent.
    click(screen.getByTestId('add-host-create'));
    expect(screen.getByTestId('add-host-name-error').textContent).toBe('Friendly name is required');
    expect(fake.callsTo('POST', '/hosts')).toHaveLength(0);

    change(screen.getByTestId('add-host-name'), ' web-02 ');
    click(screen.getByTestId('add-host-group-Production'));
    click(screen.getByTestId('add-host-docker'));
    click(screen.getByTestId('add-host-create'));

    const command = await screen.findByTestId('install-command');
    expect(screen.queryByTestId('install-command-force')).toBeNull();
    expect(fake.callsTo('POST', '/hosts')[0]?.body).toEqual({
      friendly_name: 'web-02',
      os_family: 'linux',
      groupIds: ['g-prod'],
      docker_enabled: true,
      compliance_enabled: false,
    });
    expect(command.textContent).toBe(
      `curl -s "${window.location.origin}/api/v1/hosts/install" \\\n  -H "X-API-ID: patchmon_new" \\\n  -H "X-API-KEY: secret-key-123" | sudo sh`,
    );
    expect(screen.getByTestId('add-host').textContent).toContain('shown only once');

    click(screen.getByTestId('copy-command'));
    await screen.findByTestId('wizard-waiting');
    expect(writeText).toHaveBeenCalledWith(command.textContent);

    // View command again goes back with the same credentials.
    click(screen.getByTestId('view-command'));
    expect(screen.getByTestId('install-command').textContent).toContain('secret-key-123');
    click(screen.getByTestId('copy-command'));
    await screen.findByTestId('wizard-waiting');

    await waitFor(() => expect(screen.getByTestId('stage-done').getAttribute('data-done')).toBe('true'), { timeout: 6000 });
    await waitFor(() => expect(where(router)).toBe('/hosts/h-new'), { timeout: 3000 });
    expect(polls).toBeGreaterThanOrEqual(2);
    await screen.findByRole('heading', { level: 1, name: 'web-02' });
  }, 15000);

  it('shows the PowerShell command with its two options for Windows', async () => {
    const created = host({ id: 'h-win', friendly_name: 'win-01', status: 'pending', os_family: 'windows' });
    hostsApi({
      'POST /hosts': () => json(201, { message: 'Host created', host: created, api_id: 'patchmon_w', api_key: 'wkey' }),
    });
    renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    click(screen.getByTestId('add-host-button'));
    click(screen.getByTestId('os-tile-windows'));
    click(screen.getByTestId('add-host-next'));
    change(screen.getByTestId('add-host-name'), 'win-01');
    click(screen.getByTestId('add-host-create'));
    const command = await screen.findByTestId('install-command');
    expect(command.textContent).toContain('Invoke-WebRequest');
    expect(command.textContent).toContain('"X-API-KEY"="wkey"');
    click(screen.getByTestId('install-command-use-curl'));
    click(screen.getByTestId('install-command-ssl-bypass'));
    expect(screen.getByTestId('install-command').textContent).toContain('curl.exe -sk');
    expect(screen.getByTestId('install-command').textContent).toContain('ServerCertificateValidationCallback');
  });

  it('shows the server validation error on the friendly name', async () => {
    hostsApi({
      'POST /hosts': () => json(400, { errors: [{ msg: 'Friendly name is too long', param: 'friendly_name', location: 'body' }] }),
    });
    renderApp('/hosts');
    await screen.findByTestId('host-row-web-01');
    click(screen.getByTestId('add-host-button'));
    click(screen.getByTestId('os-tile-freebsd'));
    click(screen.getByTestId('add-host-next'));
    change(screen.getByTestId('add-host-name'), 'x'.repeat(300));
    click(screen.getByTestId('add-host-create'));
    expect((await screen.findByTestId('add-host-name-error')).textContent).toBe('Friendly name is too long');
    expect(screen.queryByTestId('install-command')).toBeNull();
  });
});

describe('Host detail', () => {
  it('shows "Host not found" for a 404', async () => {
    hostsApi({ 'GET /hosts/nope': () => json(404, { error: 'Host not found' }) });
    renderApp('/hosts/nope');
    expect(await screen.findByRole('heading', { level: 1, name: 'Host not found' })).toBeTruthy();
  });

  it('edits the friendly name, hostname and notes with PATCH bodies of just that field', async () => {
    const fake = hostsApi({
      'GET /hosts/h-1': () => json(200, WEB),
      'PATCH /hosts/h-1': (call) => json(200, { message: 'Host updated', host: { ...WEB, ...(call.body as object) } }),
    });
    renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    expect(screen.getByTestId('host-os').textContent).toBe('Debian 12');
    expect(screen.getByTestId('host-status').textContent).toBe('Active');

    click(screen.getByTestId('host-friendly-name-edit'));
    change(screen.getByTestId('host-friendly-name-input'), 'web-01.prod');
    click(screen.getByTestId('host-friendly-name-save'));
    await screen.findByRole('heading', { level: 1, name: 'web-01.prod' });

    click(screen.getByTestId('host-hostname-edit'));
    change(screen.getByTestId('host-hostname-input'), 'web01.internal');
    click(screen.getByTestId('host-hostname-save'));
    await waitFor(() => expect(screen.getByTestId('host-hostname').textContent).toBe('web01.internal'));

    click(screen.getByTestId('host-tab-notes'));
    click(screen.getByTestId('host-notes-edit'));
    change(screen.getByTestId('host-notes-input'), 'Rack 4');
    click(screen.getByTestId('host-notes-save'));
    await waitFor(() => expect(screen.getByTestId('host-notes').textContent).toBe('Rack 4'));

    expect(fake.callsTo('PATCH', '/hosts/h-1').map((c) => c.body)).toEqual([
      { friendly_name: 'web-01.prod' },
      { hostname: 'web01.internal' },
      { notes: 'Rack 4' },
    ]);
  });

  it('keeps the editor open with the server error when a PATCH is refused', async () => {
    hostsApi({
      'GET /hosts/h-1': () => json(200, WEB),
      'PATCH /hosts/h-1': () => json(400, { errors: [{ msg: 'Invalid IP address', param: 'ip' }] }),
    });
    renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    click(screen.getByTestId('host-ip-edit'));
    change(screen.getByTestId('host-ip-input'), 'not-an-ip');
    click(screen.getByTestId('host-ip-save'));
    expect((await screen.findByTestId('host-ip-error')).textContent).toBe('Invalid IP address');
  });

  it('replaces the groups with PUT /hosts/{id}/groups', async () => {
    const fake = hostsApi({
      'GET /hosts/h-1': () => json(200, WEB),
      'PUT /hosts/h-1/groups': () =>
        json(200, { message: 'ok', host: { ...WEB, host_groups: [{ id: STAGING.id, name: STAGING.name, color: STAGING.color }] } }),
    });
    renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    click(screen.getByTestId('host-groups-edit'));
    expect((screen.getByTestId('host-group-Production') as HTMLInputElement).checked).toBe(true);
    click(screen.getByTestId('host-group-Production'));
    click(screen.getByTestId('host-group-Staging'));
    click(screen.getByTestId('host-groups-save'));
    await screen.findByTestId('group-chip-Staging');
    expect(fake.callsTo('PUT', '/hosts/h-1/groups')[0]?.body).toEqual({ groupIds: ['g-stage'] });
    expect(screen.queryByTestId('group-chip-Production')).toBeNull();
  });

  it('regenerates credentials after a confirmation and shows the new key only in that dialog', async () => {
    const fake = hostsApi({
      'GET /hosts/h-1': () => json(200, WEB),
      'POST /hosts/h-1/regenerate-credentials': () =>
        json(200, { message: 'ok', host: { ...WEB, api_id: 'patchmon_2' }, api_id: 'patchmon_2', api_key: 'fresh-key' }),
    });
    renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    click(screen.getByTestId('deploy-agent'));
    expect(fake.callsTo('POST', '/hosts/h-1/regenerate-credentials')).toHaveLength(0);
    click(screen.getByTestId('regenerate-confirm'));
    const command = await screen.findByTestId('deploy-command');
    expect(command.textContent).toContain('X-API-ID: patchmon_2');
    expect(command.textContent).toContain('X-API-KEY: fresh-key');
    click(screen.getByTestId('deploy-dialog-close'));
    expect(document.body.textContent).not.toContain('fresh-key');
    // Reopening does not show it again.
    click(screen.getByTestId('deploy-agent'));
    expect(screen.queryByTestId('deploy-command')).toBeNull();
    expect(fake.callsTo('POST', '/hosts/h-1/regenerate-credentials')).toHaveLength(1);
  });

  it('regenerates the Deploy Agent command with force=true when Force install is ticked, and back without it', async () => {
    hostsApi({
      'GET /hosts/h-1': () => json(200, WEB),
      'POST /hosts/h-1/regenerate-credentials': () =>
        json(200, { message: 'ok', host: { ...WEB, api_id: 'patchmon_2' }, api_id: 'patchmon_2', api_key: 'fresh-key' }),
    });
    renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    click(screen.getByTestId('deploy-agent'));
    click(screen.getByTestId('regenerate-confirm'));
    const command = await screen.findByTestId('deploy-command');
    expect(command.textContent).toContain('/api/v1/hosts/install" \\');
    const force = screen.getByTestId('deploy-command-force') as HTMLInputElement;
    expect(force.checked).toBe(false);
    expect(force.closest('label')?.textContent).toBe('Force install (bypass broken packages)');

    click(force);
    expect(screen.getByTestId('deploy-command').textContent).toContain('/api/v1/hosts/install?force=true" \\');
    expect(screen.getByTestId('deploy-command').textContent).toContain('X-API-KEY: fresh-key');
    click(force);
    expect(screen.getByTestId('deploy-command').textContent).not.toContain('force=true');
  });

  it('offers no force install for a Windows host', async () => {
    hostsApi({
      'GET /hosts/h-1': () => json(200, { ...WEB, os_family: 'windows' }),
      'POST /hosts/h-1/regenerate-credentials': () =>
        json(200, { message: 'ok', host: { ...WEB, os_family: 'windows' }, api_id: 'patchmon_2', api_key: 'fresh-key' }),
    });
    renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    click(screen.getByTestId('deploy-agent'));
    click(screen.getByTestId('regenerate-confirm'));
    expect((await screen.findByTestId('deploy-command')).textContent).toContain('Invoke-WebRequest');
    expect(screen.queryByTestId('deploy-command-force')).toBeNull();
  });

  it('deletes the host after confirming and returns to the list', async () => {
    const fake = hostsApi({
      'GET /hosts/h-1': () => json(200, WEB),
      'DELETE /hosts/h-1': () => json(200, { message: 'Host deleted successfully', deleted: [{ id: 'h-1', friendly_name: 'web-01' }] }),
    });
    const { router } = renderApp('/hosts/h-1');
    await screen.findByRole('heading', { level: 1, name: 'web-01' });
    click(screen.getByTestId('delete-host'));
    click(screen.getByTestId('delete-host-confirm'));
    await waitFor(() => expect(where(router)).toBe('/hosts'));
    expect(fake.callsTo('DELETE', '/hosts/h-1')).toHaveLength(1);
  });
});
