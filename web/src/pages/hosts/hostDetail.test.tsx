import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostDetails, HostPackage, HostPackagesPage, PackageReport } from '../../api/hostInventory';
import type { Host } from '../../api/hosts';
import { ALL_PERMISSIONS, json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HOST: Host = {
  id: 'h-1',
  friendly_name: 'web-01',
  hostname: 'web01.example.com',
  ip: '10.0.0.5',
  os_family: 'linux',
  os_type: 'Debian',
  os_version: '12',
  architecture: 'x86_64',
  status: 'active',
  effective_status: 'active',
  is_stale: false,
  updates_count: 1,
  security_updates_count: 1,
  total_packages: 63,
  api_id: 'patchmon_abc',
  agent_version: '2.1.0',
  needs_reboot: true,
  docker_enabled: false,
  compliance_enabled: false,
  host_groups: [],
  notes: 'Rack 4\nOwner: ops',
  last_update: new Date(Date.now() - 5 * 60_000).toISOString(),
  created_at: '2025-01-01T00:00:00Z',
  updated_at: null,
};

const DETAILS: HostDetails = {
  repositories: [
    {
      name: 'debian',
      url: 'https://deb.debian.org/debian',
      distribution: 'bookworm',
      components: 'main',
      repo_type: 'deb',
      is_enabled: true,
      is_secure: true,
    },
    {
      name: 'legacy',
      url: 'http://old.example.com/debian',
      distribution: 'bookworm',
      components: 'contrib',
      repo_type: 'deb',
      is_enabled: false,
      is_secure: false,
    },
  ],
  network_interfaces: [
    {
      name: 'eth0',
      type: 'ethernet',
      mac_address: '00:11:22:33:44:55',
      mtu: 1500,
      status: 'up',
      link_speed: 1000,
      duplex: 'full',
      addresses: [
        { address: '10.0.0.5', family: 'inet', netmask: '/24', gateway: '10.0.0.1' },
        { address: 'fe80::1', family: 'inet6', netmask: '/64', gateway: null },
      ],
    },
    { name: 'eth1', type: null, mac_address: null, mtu: null, status: 'down', link_speed: null, duplex: null, addresses: null },
  ],
  system: {
    kernel_version: '6.1.0-18-amd64',
    installed_kernel_version: '6.1.0-20-amd64',
    selinux_status: 'disabled',
    package_manager: 'apt',
    cpu_model: 'Intel Xeon E5-2680 v4',
    cpu_cores: 8,
    cpu_sockets: 2,
    cpu_mhz: 2399.9,
    hardware_vendor: 'Dell Inc.',
    hardware_product: 'PowerEdge R640',
    hardware_serial: 'ABC1234',
    ram_installed: 16,
    swap_size: 2.5,
    disk_details: [{ available: '25GB', mountPoint: '/', size: '50GB', used: '25GB', device: '/dev/sda1', serial: 'S1' }],
    gateway_ip: '10.0.0.1',
    dns_servers: ['1.1.1.1', '9.9.9.9'],
    system_uptime: '15 days, 3:22',
    load_average: [0.5, 0.25, 0.125],
    machine_id: 'f00dfeed',
    boot_time: null,
  },
  last_check_in_at: null,
  metrics: { cpu: 12.345, needsReboot: true },
  needs_reboot: true,
  reboot_reason: 'Kernel update pending',
  agent_version: '2.1.0',
};

const EMPTY_DETAILS: HostDetails = {
  repositories: [],
  network_interfaces: [],
  system: {
    kernel_version: null,
    installed_kernel_version: null,
    selinux_status: null,
    package_manager: null,
    cpu_model: null,
    cpu_cores: null,
    cpu_sockets: null,
    cpu_mhz: null,
    hardware_vendor: null,
    hardware_product: null,
    hardware_serial: null,
    ram_installed: null,
    swap_size: null,
    disk_details: [],
    gateway_ip: null,
    dns_servers: [],
    system_uptime: null,
    load_average: null,
    machine_id: null,
    boot_time: null,
  },
  last_check_in_at: null,
  metrics: {},
  needs_reboot: null,
  reboot_reason: null,
  agent_version: null,
};

const PACKAGES: HostPackage[] = [
  { name: 'openssl', current_version: '3.0.11', available_version: '3.0.13', needs_update: true, is_security_update: true, source_repository: 'bookworm-security' },
  { name: 'nginx', current_version: '1.22.1', available_version: '1.22.2', needs_update: true, is_security_update: false, source_repository: null },
  { name: 'curl', current_version: '7.88.1', available_version: null, needs_update: false, is_security_update: false, source_repository: null },
];

/** A fake `/packages` that filters like the server and reports 120 packages over 3 pages when unfiltered. */
function packagesPage(query: URLSearchParams): HostPackagesPage {
  const search = (query.get('search') ?? '').toLowerCase();
  const matching = PACKAGES.filter(
    (p) =>
      (query.get('updates_only') !== 'true' || p.needs_update) &&
      (query.get('security_only') !== 'true' || p.is_security_update) &&
      p.name.includes(search),
  );
  const page = Number(query.get('page') ?? '1');
  const paged = !search && !query.get('updates_only') && !query.get('security_only');
  const total = paged ? 120 : matching.length;
  return {
    packages: paged && page > 1 ? [{ ...PACKAGES[2]!, name: `lib-page-${page}` }] : matching,
    total,
    installed: 120,
    updates_available: 2,
    security_updates: 1,
    pagination: { page, limit: 50, total, pages: Math.ceil(total / 50) },
  };
}

const REPORTS: PackageReport[] = [
  { reported_at: '2026-03-02T10:00:00Z', kind: 'partial', sections: ['packages'], packages: 120, updates: 2, security: 1, payload_bytes: 2048, processing_ms: 35 },
  { reported_at: '2026-03-01T10:00:00Z', kind: 'full', sections: null, packages: 118, updates: 4, security: 2, payload_bytes: 512, processing_ms: 1500 },
];

function detailApi(handlers: Record<string, Handler> = {}, permissions: string[] = ALL_PERMISSIONS) {
  const fake = signedInApi({ permissions }, {
    'GET /hosts/h-1': () => json(200, HOST),
    'GET /hosts/h-1/details': () => json(200, DETAILS),
    'GET /hosts/h-1/packages': () => json(200, packagesPage(new URLSearchParams())),
    'GET /hosts/h-1/reports': () => json(200, { reports: REPORTS, next_cursor: null }),
    'GET /host-groups': () => json(200, []),
    ...handlers,
  });
  // The fake keys handlers by path; answer /packages from the query string the page sent.
  const base = fake.fetchMock.getMockImplementation()!;
  fake.fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === '/api/v1/hosts/h-1/packages' && !handlers['GET /hosts/h-1/packages']) {
      await base(input, init);
      return json(200, packagesPage(url.searchParams));
    }
    return base(input, init);
  });
  return fake;
}

function queriesTo(fake: ReturnType<typeof detailApi>, path: string): URLSearchParams[] {
  return fake.fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname === `/api/v1${path}`)
    .map((u) => u.searchParams);
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

async function openHost(path = '/hosts/h-1') {
  const view = renderApp(path);
  await screen.findByRole('heading', { level: 1, name: 'web-01' });
  return view;
}

describe('Host detail header', () => {
  it('shows the reboot chip with its reason, uptime, last update and the four statistic cards linking to the fleet pages', async () => {
    detailApi();
    await openHost();
    await waitFor(() => expect(screen.getByTestId('stat-installed-value').textContent).toBe('120'));
    expect(screen.getByTestId('reboot-chip').getAttribute('title')).toBe('Kernel update pending');
    expect(screen.getByTestId('header-uptime').textContent).toBe('Uptime: 15 days, 3:22');
    expect(screen.getByTestId('header-last-updated').textContent).toBe('Last updated: 5 minutes ago');
    expect(screen.getByTestId('header-hostname').textContent).toBe('web01.example.com');
    expect(screen.getByTestId('stat-outdated-value').textContent).toBe('2');
    expect(screen.getByTestId('stat-security-value').textContent).toBe('1');
    expect(screen.getByTestId('stat-repos-value').textContent).toBe('2');
    expect(screen.getByTestId('stat-installed').getAttribute('href')).toBe('/packages?host=h-1');
    expect(screen.getByTestId('stat-outdated').getAttribute('href')).toBe('/packages?host=h-1&filter=outdated');
    expect(screen.getByTestId('stat-security').getAttribute('href')).toBe('/packages?host=h-1&filter=security-updates');
    expect(screen.getByTestId('stat-repos').getAttribute('href')).toBe('/repositories?host=h-1');
  });

  it('re-fetches the host and what it reported with Refresh', async () => {
    const fake = detailApi();
    await openHost();
    await waitFor(() => expect(fake.callsTo('GET', '/hosts/h-1/details')).toHaveLength(1));
    click(screen.getByTestId('refresh-host'));
    await waitFor(() => expect(fake.callsTo('GET', '/hosts/h-1/details')).toHaveLength(2));
    expect(fake.callsTo('GET', '/hosts/h-1')).toHaveLength(2);
  });
});

describe('Host detail tabs', () => {
  it('opens Host Info by default and mirrors the selected tab in ?tab=, dropping another tab’s query', async () => {
    detailApi();
    const { router } = await openHost('/hosts/h-1?tab=packages&filter=security');
    expect(screen.getByTestId('host-tab-packages').getAttribute('aria-selected')).toBe('true');
    click(screen.getByTestId('host-tab-network'));
    expect(where(router)).toBe('/hosts/h-1?tab=network');
    expect(screen.getByTestId('host-panel-network')).toBeTruthy();
    click(screen.getByTestId('host-tab-info'));
    expect(where(router)).toBe('/hosts/h-1');
    act(() => {
      fireEvent.keyDown(screen.getByTestId('host-tab-info'), { key: 'End' });
    });
    expect(where(router)).toBe('/hosts/h-1?tab=patching');
    expect(document.activeElement).toBe(screen.getByTestId('host-tab-patching'));
  });

  it('falls back to Host Info for an unknown ?tab=', async () => {
    detailApi();
    await openHost('/hosts/h-1?tab=docker');
    expect(screen.getByTestId('host-tab-info').getAttribute('aria-selected')).toBe('true');
  });

  it('Host Info lists identity, OS, kernel, agent, uptime and the reboot reason', async () => {
    detailApi();
    await openHost();
    await waitFor(() => expect(screen.getByTestId('host-machine-id').textContent).toBe('f00dfeed'));
    expect(screen.getByTestId('host-os').textContent).toBe('Debian 12');
    expect(screen.getByTestId('host-kernel').textContent).toBe('6.1.0-18-amd64');
    expect(screen.getByTestId('host-architecture').textContent).toBe('x86_64');
    expect(screen.getByTestId('host-agent-version').textContent).toBe('2.1.0');
    expect(screen.getByTestId('host-uptime').textContent).toBe('15 days, 3:22');
    expect(screen.getByTestId('host-reboot').textContent).toBe('Yes Kernel update pending');
    expect(screen.getByTestId('host-last-check-in').textContent).toBe('—');
    expect(screen.getByTestId('host-hostname').textContent).toBe('web01.example.com');
  });

  it('Network shows DNS servers, the gateway and each interface with MAC, MTU, link, state and addresses', async () => {
    detailApi();
    await openHost('/hosts/h-1?tab=network');
    const eth0 = await screen.findByTestId('interface-eth0');
    expect(within(screen.getByTestId('dns-servers')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['1.1.1.1', '9.9.9.9']);
    expect(screen.getByTestId('gateway-ip').textContent).toBe('10.0.0.1');
    expect(within(eth0).getByTestId('interface-status').textContent).toBe('UP');
    expect(within(eth0).getByTestId('interface-mac').textContent).toBe('00:11:22:33:44:55');
    expect(within(eth0).getByTestId('interface-mtu').textContent).toBe('1500');
    expect(within(eth0).getByTestId('interface-link').textContent).toBe('1 Gb/s, full duplex');
    expect(within(eth0).getAllByTestId('interface-address').map((r) => r.textContent)).toEqual([
      '10.0.0.5inet/2410.0.0.1',
      'fe80::1inet6/64—',
    ]);
    const eth1 = screen.getByTestId('interface-eth1');
    expect(within(eth1).getByTestId('interface-status').textContent).toBe('DOWN');
    expect(within(eth1).getByTestId('interface-mac').textContent).toBe('—');
    expect(within(eth1).getByText('No addresses.')).toBeTruthy();
  });

  it('Network stars an interface as primary, shows the IP as coming from it, and clears the star', async () => {
    const fake = detailApi({
      'PATCH /hosts/h-1': (call) => {
        const name = (call.body as { primary_interface: string }).primary_interface;
        return json(200, {
          message: 'Host updated successfully',
          host: { ...HOST, primary_interface: name || null, ip: name ? '10.0.0.5' : HOST.ip },
        });
      },
    });
    await openHost('/hosts/h-1?tab=network');
    const eth0 = await screen.findByTestId('interface-eth0');
    expect(within(screen.getByTestId('interface-eth1')).queryByTestId('interface-primary')).toBeNull();
    const star = within(eth0).getByTestId('interface-primary');
    expect(star.getAttribute('aria-pressed')).toBe('false');

    click(star);
    await waitFor(() => expect(within(screen.getByTestId('interface-eth0')).getByTestId('interface-primary').getAttribute('aria-pressed')).toBe('true'));
    expect(fake.callsTo('PATCH', '/hosts/h-1').map((c) => c.body)).toEqual([{ primary_interface: 'eth0' }]);

    click(screen.getByTestId('host-tab-info'));
    expect((await screen.findByTestId('host-ip-primary')).textContent).toBe('10.0.0.5 from eth0');

    click(screen.getByTestId('host-tab-network'));
    click(within(await screen.findByTestId('interface-eth0')).getByTestId('interface-primary'));
    await waitFor(() => expect(fake.callsTo('PATCH', '/hosts/h-1')).toHaveLength(2));
    expect(fake.callsTo('PATCH', '/hosts/h-1')[1]?.body).toEqual({ primary_interface: '' });
    await waitFor(() =>
      expect(within(screen.getByTestId('interface-eth0')).getByTestId('interface-primary').getAttribute('aria-pressed')).toBe('false'),
    );
  });

  it('Network shows the star read-only to users who cannot manage hosts', async () => {
    detailApi({ 'GET /hosts/h-1': () => json(200, { ...HOST, primary_interface: 'eth0' }) }, ['can_view_hosts']);
    await openHost('/hosts/h-1?tab=network');
    const eth0 = await screen.findByTestId('interface-eth0');
    expect(within(eth0).getByTestId('interface-primary-mark')).toBeTruthy();
    expect(screen.queryByTestId('interface-primary')).toBeNull();
  });

  it('System shows kernel (with the installed one), SELinux, CPU, RAM and swap in GiB, load, disks and check-in metrics', async () => {
    detailApi();
    await openHost('/hosts/h-1?tab=system');
    await screen.findByTestId('system-cpu-model');
    expect(screen.getByTestId('system-kernel').textContent).toBe('6.1.0-18-amd64 (installed: 6.1.0-20-amd64)');
    expect(screen.getByTestId('system-selinux').textContent).toBe('disabled');
    expect(screen.getByTestId('system-package-manager').textContent).toBe('apt');
    expect(screen.getByTestId('system-cpu-model').textContent).toBe('Intel Xeon E5-2680 v4');
    expect(screen.getByTestId('system-cpu-cores').textContent).toBe('8');
    expect(screen.getByTestId('system-cpu-sockets').textContent).toBe('2');
    expect(screen.getByTestId('system-cpu-mhz').textContent).toBe('2400 MHz');
    expect(screen.getByTestId('system-hardware').textContent).toBe('Dell Inc. PowerEdge R640');
    expect(screen.getByTestId('system-serial').textContent).toBe('ABC1234');
    expect(screen.getByTestId('system-ram').textContent).toBe('16 GiB');
    expect(screen.getByTestId('system-swap').textContent).toBe('2.5 GiB');
    expect(screen.getByTestId('system-load').textContent).toBe('0.50 / 0.25 / 0.13');
    expect(screen.getByTestId('system-boot-time').textContent).toBe('—');
    const disks = screen.getByTestId('system-disks');
    expect(within(disks).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Device', 'Mount Point', 'Size', 'Used', 'Available', 'Serial']);
    expect(within(disks).getByText('/dev/sda1')).toBeTruthy();
    expect(screen.getByTestId('metric-cpu').textContent).toBe('12.35');
    expect(screen.queryByTestId('metric-needsReboot')).toBeNull();
    expect(screen.queryByTestId('system-empty')).toBeNull();
  });

  it('Packages lists security updates first, links each to /packages/:name and filters, searches and pages on the server', async () => {
    const fake = detailApi();
    const { router } = await openHost('/hosts/h-1?tab=packages');
    const openssl = await screen.findByTestId('package-row-openssl');
    expect(within(openssl).getByTestId('package-status').textContent).toBe('Security update');
    expect(within(screen.getByTestId('package-row-nginx')).getByTestId('package-status').textContent).toBe('Update available');
    expect(within(screen.getByTestId('package-row-curl')).getByTestId('package-status').textContent).toBe('Up to date');
    expect(within(openssl).getByTestId('package-link').getAttribute('href')).toBe('/packages/openssl');
    expect(screen.getByTestId('packages-count').textContent).toBe('120 of 120 packages');
    expect(screen.getByTestId('packages-page').textContent).toBe('Page 1 of 3');

    click(screen.getByTestId('packages-next'));
    await screen.findByTestId('package-row-lib-page-2');
    expect(where(router)).toBe('/hosts/h-1?tab=packages&page=2');

    click(screen.getByTestId('packages-filter-security'));
    // nginx also vanishes while the filtered page loads: wait for the filtered rows themselves.
    await waitFor(() => {
      expect(screen.getByTestId('package-row-openssl')).toBeTruthy();
      expect(screen.queryByTestId('package-row-nginx')).toBeNull();
    });
    expect(where(router)).toBe('/hosts/h-1?tab=packages&filter=security');
    expect(screen.getByTestId('packages-filter-security').getAttribute('aria-pressed')).toBe('true');

    click(screen.getByTestId('packages-filter-updates'));
    await screen.findByTestId('package-row-nginx');

    click(screen.getByTestId('packages-filter-all'));
    change(screen.getByTestId('packages-search'), 'ngi');
    await waitFor(() => expect(where(router)).toBe('/hosts/h-1?tab=packages&search=ngi'));
    await waitFor(() => expect(screen.queryByTestId('package-row-openssl')).toBeNull());

    change(screen.getByTestId('packages-search'), 'zzz');
    expect(await screen.findByTestId('packages-empty')).toHaveProperty('textContent', 'No packages match this search and filter.');

    const sent = queriesTo(fake, '/hosts/h-1/packages').map((q) => q.toString());
    expect(sent).toContain('page=2&limit=50');
    expect(sent).toContain('security_only=true&page=1&limit=50');
    expect(sent).toContain('updates_only=true&page=1&limit=50');
    expect(sent).toContain('search=ngi&page=1&limit=50');
  });

  it('Repositories shows each source with its secure flag', async () => {
    detailApi();
    await openHost('/hosts/h-1?tab=repositories');
    const debian = await screen.findByTestId('repository-debian');
    expect(within(debian).getByTestId('repository-secure').textContent).toBe('Secure');
    expect(within(debian).getByText('https://deb.debian.org/debian')).toBeTruthy();
    const legacy = screen.getByTestId('repository-legacy');
    expect(within(legacy).getByTestId('repository-insecure').textContent).toBe('Insecure');
    expect(within(legacy).getByText('No')).toBeTruthy();
  });

  it('Package Reports shows date, kind, counts, payload and processing time, and loads older pages by cursor', async () => {
    const fake = detailApi({
      'GET /hosts/h-1/reports': () =>
        fake.callsTo('GET', '/hosts/h-1/reports').length === 1
          ? json(200, { reports: REPORTS.slice(0, 1), next_cursor: 'c-2' })
          : json(200, { reports: REPORTS.slice(1), next_cursor: null }),
    });
    await openHost('/hosts/h-1?tab=reports');
    const [first] = await screen.findAllByTestId('package-report-row');
    expect(within(first!).getAllByRole('cell').map((c) => c.textContent).slice(1)).toEqual([
      'Partial (packages)',
      '120',
      '2',
      '1',
      '2.0 KB',
      '35 ms',
    ]);
    click(screen.getByTestId('reports-more'));
    await waitFor(() => expect(screen.getAllByTestId('package-report-row')).toHaveLength(2));
    expect(within(screen.getAllByTestId('package-report-row')[1]!).getAllByRole('cell').map((c) => c.textContent).slice(1)).toEqual([
      'Full',
      '118',
      '4',
      '2',
      '512 B',
      '1.50 s',
    ]);
    expect(screen.queryByTestId('reports-more')).toBeNull();
    expect(queriesTo(fake, '/hosts/h-1/reports').map((q) => q.toString())).toEqual(['limit=25', 'limit=25&cursor=c-2']);
  });

  it('Notes shows the text, saves an edit with PATCH {notes} and refuses more than 1000 characters', async () => {
    const fake = detailApi({
      'PATCH /hosts/h-1': (call) => json(200, { message: 'Host updated successfully', host: { ...HOST, ...(call.body as object) } }),
    });
    await openHost('/hosts/h-1?tab=notes');
    expect(screen.getByTestId('host-notes').textContent).toBe('Rack 4\nOwner: ops');
    click(screen.getByTestId('host-notes-edit'));
    expect((screen.getByTestId('host-notes-input') as HTMLTextAreaElement).value).toBe('Rack 4\nOwner: ops');
    change(screen.getByTestId('host-notes-input'), 'x'.repeat(1001));
    expect(screen.getByTestId('host-notes-count').textContent).toBe('1001 / 1000');
    expect((screen.getByTestId('host-notes-save') as HTMLButtonElement).disabled).toBe(true);
    change(screen.getByTestId('host-notes-input'), 'Change window: Sun 02:00');
    click(screen.getByTestId('host-notes-save'));
    await waitFor(() => expect(screen.getByTestId('host-notes').textContent).toBe('Change window: Sun 02:00'));
    expect(fake.callsTo('PATCH', '/hosts/h-1').map((c) => c.body)).toEqual([{ notes: 'Change window: Sun 02:00' }]);
  });

  it('Notes keeps the editor and shows the server’s error when saving fails', async () => {
    detailApi({
      'PATCH /hosts/h-1': () => json(400, { errors: [{ msg: 'Notes must be at most 1000 characters', param: 'notes', location: 'body' }] }),
    });
    await openHost('/hosts/h-1?tab=notes');
    click(screen.getByTestId('host-notes-edit'));
    change(screen.getByTestId('host-notes-input'), 'new');
    click(screen.getByTestId('host-notes-save'));
    expect((await screen.findByTestId('host-notes-error')).textContent).toBe('Notes must be at most 1000 characters');
    expect(screen.getByTestId('host-notes-input')).toBeTruthy();
  });

  it('shows notes to readers without can_manage_hosts but no edit controls', async () => {
    detailApi({}, ALL_PERMISSIONS.filter((p) => p !== 'can_manage_hosts'));
    await openHost('/hosts/h-1?tab=notes');
    expect(screen.getByTestId('host-notes').textContent).toBe('Rack 4\nOwner: ops');
    expect(screen.queryByTestId('host-notes-edit')).toBeNull();
    expect(screen.queryByTestId('delete-host')).toBeNull();
  });
});

describe('Host detail without agent data', () => {
  const NEVER_REPORTED: Host = { ...HOST, status: 'pending', needs_reboot: false, notes: null, hostname: null, ip: null, agent_version: null, os_type: null, os_version: null, architecture: null, last_update: null };
  const empty = (handlers: Record<string, Handler> = {}) =>
    detailApi({
      'GET /hosts/h-1': () => json(200, NEVER_REPORTED),
      'GET /hosts/h-1/details': () => json(200, EMPTY_DETAILS),
      'GET /hosts/h-1/packages': () =>
        json(200, { packages: [], total: 0, installed: 0, updates_available: 0, security_updates: 0, pagination: { page: 1, limit: 50, total: 0, pages: 0 } }),
      'GET /hosts/h-1/reports': () => json(200, { reports: [], next_cursor: null }),
      ...handlers,
    });

  it('shows dashes and a clear empty state on every tab', async () => {
    empty();
    await openHost();
    await waitFor(() => expect(screen.getByTestId('stat-installed-value').textContent).toBe('0'));
    expect(screen.getByTestId('host-machine-id').textContent).toBe('—');
    expect(screen.getByTestId('host-kernel').textContent).toBe('—');
    expect(screen.getByTestId('host-agent-version').textContent).toBe('—');
    expect(screen.getByTestId('host-reboot').textContent).toBe('No');
    expect(screen.getByTestId('host-last-update').textContent).toBe('Never');
    expect(screen.getByTestId('header-uptime').textContent).toBe('Uptime: —');
    expect(screen.queryByTestId('reboot-chip')).toBeNull();

    click(screen.getByTestId('host-tab-network'));
    expect(screen.getByTestId('network-empty')).toBeTruthy();
    click(screen.getByTestId('host-tab-system'));
    expect(screen.getByTestId('system-empty')).toBeTruthy();
    expect(screen.getByTestId('system-ram').textContent).toBe('—');
    expect(screen.getByTestId('system-load').textContent).toBe('—');
    expect(screen.getByTestId('system-disks-empty')).toBeTruthy();
    click(screen.getByTestId('host-tab-packages'));
    expect((await screen.findByTestId('packages-empty')).textContent).toBe('The agent has not reported any packages for this host yet.');
    expect(screen.queryByTestId('packages-next')).toBeNull();
    click(screen.getByTestId('host-tab-repositories'));
    expect(screen.getByTestId('repositories-empty')).toBeTruthy();
    click(screen.getByTestId('host-tab-reports'));
    expect(await screen.findByTestId('reports-empty')).toBeTruthy();
    click(screen.getByTestId('host-tab-notes'));
    expect(screen.getByTestId('host-notes').textContent).toBe('No notes.');
  });

  it('survives sparse answers with missing lists and objects', async () => {
    empty({
      'GET /hosts/h-1/details': () => json(200, { repositories: null, network_interfaces: [{ name: 'lo' }], system: null, metrics: null }),
    });
    await openHost('/hosts/h-1?tab=network');
    const lo = await screen.findByTestId('interface-lo');
    expect(within(lo).getByTestId('interface-mtu').textContent).toBe('—');
    expect(screen.getByTestId('gateway-ip').textContent).toBe('—');
    click(screen.getByTestId('host-tab-system'));
    expect(screen.getByTestId('system-empty')).toBeTruthy();
    expect(screen.getByTestId('system-cpu-model').textContent).toBe('—');
    click(screen.getByTestId('host-tab-repositories'));
    expect(screen.getByTestId('repositories-empty')).toBeTruthy();
  });

  it('keeps Host Info usable and explains the failure in the tabs when the report details cannot load', async () => {
    empty({ 'GET /hosts/h-1/details': () => json(500, { error: 'Internal server error' }) });
    await openHost('/hosts/h-1?tab=network');
    expect((await screen.findByTestId('details-error')).textContent).toBe('Internal server error');
    click(screen.getByTestId('host-tab-info'));
    expect(screen.getByTestId('host-os').textContent).toBe('Linux');
    expect(screen.getByTestId('host-machine-id').textContent).toBe('—');
  });

  it('shows the packages tab’s error instead of a table when the query is refused', async () => {
    empty({ 'GET /hosts/h-1/packages': () => json(400, { errors: [{ msg: 'page must be 1 or more', param: 'page', location: 'query' }] }) });
    await openHost('/hosts/h-1?tab=packages');
    expect((await screen.findByTestId('packages-error')).textContent).toBe('page must be 1 or more');
    expect(screen.queryByTestId('host-packages')).toBeNull();
  });
});
