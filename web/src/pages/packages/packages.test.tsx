import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PackageDetail, PackageHost, PackageList, PackageRow } from '../../api/packages';
import { json, renderApp, signedInApi, where } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function row(overrides: Partial<PackageRow>): PackageRow {
  return {
    id: 'curl',
    name: 'curl',
    description: null,
    category: null,
    latest_version: '7.81.0',
    hosts_installed: 2,
    hosts_needing_update: 0,
    hosts_security: 0,
    status: 'up-to-date',
    source_repositories: [],
    ...overrides,
  };
}

const OPENSSL = row({
  id: 'openssl',
  name: 'openssl',
  description: 'TLS toolkit',
  category: 'libs',
  latest_version: '3.0.13',
  hosts_installed: 12,
  hosts_needing_update: 3,
  hosts_security: 1,
  status: 'security',
  source_repositories: [
    { name: 'jammy-security', hosts: 6 },
    { name: 'jammy-updates', hosts: 4 },
    { name: 'jammy', hosts: 1 },
    { name: 'internal-mirror', hosts: 1 },
  ],
});
const CURL = row({});

function list(packages: PackageRow[], total = packages.length, page = 1): PackageList {
  return {
    packages,
    pagination: { page, limit: 25, total, pages: Math.ceil(total / 25) },
    summary: { packages: total, installations: 14, outdated_packages: 1, security_packages: 1, outdated_hosts: 3 },
    categories: ['libs', 'web'],
  };
}

/** The query string of each `/packages` list call, in order. */
function listQueries(fetchMock: ReturnType<typeof signedInApi>['fetchMock']): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((url) => url.pathname === '/api/v1/packages')
    .map((url) => url.searchParams);
}

describe('Packages page', () => {
  it('shows the five summary cards and a row per package with its status and N/M hosts', async () => {
    signedInApi({}, { 'GET /packages': () => json(200, list([OPENSSL, CURL])), 'GET /hosts': () => json(200, []) });
    renderApp('/packages');

    const openssl = await screen.findByTestId('package-row-openssl');
    expect(screen.getByTestId('summary-packages').textContent).toBe('2');
    expect(screen.getByTestId('summary-installations').textContent).toBe('14');
    expect(screen.getByTestId('summary-outdated').textContent).toBe('1');
    expect(screen.getByTestId('summary-security').textContent).toBe('1');
    expect(screen.getByTestId('summary-outdated-hosts').textContent).toBe('3');
    expect(within(openssl).getByTestId('package-installed-on').textContent).toBe('3/12 hosts');
    expect(within(openssl).getByTestId('package-status').textContent).toContain('Security Update Available');
    expect(within(openssl).getByRole('link', { name: 'openssl' }).getAttribute('href')).toBe('/packages/openssl');
    expect(within(screen.getByTestId('package-row-curl')).getByTestId('package-installed-on').textContent).toBe('2 hosts');
    expect(within(screen.getByTestId('package-row-curl')).getByTestId('package-status').textContent).toBe('Up to Date');

    fireEvent.click(within(openssl).getByTestId('package-info-openssl'));
    expect((await screen.findByTestId('package-description-dialog')).textContent).toContain('TLS toolkit');
  });

  it('links Installed On to the Hosts list of the package and shows three source repositories, then +N', async () => {
    signedInApi({}, { 'GET /packages': () => json(200, list([OPENSSL, CURL])), 'GET /hosts': () => json(200, []) });
    const { router } = renderApp('/packages');
    const openssl = await screen.findByTestId('package-row-openssl');

    const chips = within(openssl).getAllByRole('link').filter((a) => a.classList.contains('repo-chip'));
    expect(chips.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['jammy-security', '/repositories?search=jammy-security'],
      ['jammy-updates', '/repositories?search=jammy-updates'],
      ['jammy', '/repositories?search=jammy'],
    ]);
    const more = within(openssl).getByTestId('source-repos-more');
    expect(more.textContent).toBe('+1');
    expect(more.getAttribute('title')).toBe('internal-mirror (1 host)');
    expect(within(screen.getByTestId('package-row-curl')).queryByTestId('source-repos')).toBeNull();

    act(() => {
      fireEvent.click(within(within(openssl).getByTestId('package-installed-on')).getByRole('link', { name: '3/12 hosts' }));
    });
    await waitFor(() => expect(where(router)).toBe('/hosts?package=openssl'));
  });

  it('shows exactly three source repositories without a +N', async () => {
    const three = row({ source_repositories: OPENSSL.source_repositories.slice(0, 3) });
    signedInApi({}, { 'GET /packages': () => json(200, list([three])), 'GET /hosts': () => json(200, []) });
    renderApp('/packages');
    const curl = await screen.findByTestId('package-row-curl');
    expect(within(curl).getByTestId('source-repos').children).toHaveLength(3);
    expect(within(curl).queryByTestId('source-repos-more')).toBeNull();
  });

  it('hides, moves and resets columns with the Columns button and remembers the layout', async () => {
    signedInApi({}, { 'GET /packages': () => json(200, list([OPENSSL, CURL])), 'GET /hosts': () => json(200, []) });
    const headers = () => screen.getAllByRole('columnheader').map((th) => th.textContent?.replace(/[▲▼ ]+$/, ''));
    const first = renderApp('/packages');
    await screen.findByTestId('package-row-openssl');
    expect(headers()).toEqual(['Package', 'Installed On', 'Status', 'Latest Version', 'Source Repos']);

    fireEvent.click(screen.getByTestId('packages-columns-toggle'));
    fireEvent.click(screen.getByTestId('packages-column-hosts'));
    fireEvent.click(screen.getByTestId('packages-column-latest-left'));
    expect(headers()).toEqual(['Package', 'Latest Version', 'Status', 'Source Repos']);
    expect(within(screen.getByTestId('package-row-openssl')).queryByTestId('package-installed-on')).toBeNull();
    expect(JSON.parse(window.localStorage.getItem('patchmon.packages.columns') ?? '[]')).toEqual(['name', 'latest', 'status', 'repos']);

    first.unmount();
    renderApp('/packages');
    await screen.findByTestId('package-row-openssl');
    expect(headers()).toEqual(['Package', 'Latest Version', 'Status', 'Source Repos']);
    expect(screen.queryByTestId('sort-repos')).toBeNull();
    fireEvent.click(screen.getByTestId('packages-columns-toggle'));
    fireEvent.click(screen.getByTestId('packages-columns-reset'));
    expect(headers()).toEqual(['Package', 'Installed On', 'Status', 'Latest Version', 'Source Repos']);
  });

  it('reads a deep link into the filters and sends it to the API', async () => {
    const api = signedInApi({}, { 'GET /packages': () => json(200, list([OPENSSL])), 'GET /hosts': () => json(200, []) });
    renderApp('/packages?filter=security-updates&host=h-1');

    await screen.findByTestId('package-row-openssl');
    expect((screen.getByTestId('packages-status') as HTMLSelectElement).value).toBe('security');
    const query = listQueries(api.fetchMock)[0]!;
    expect(query.get('filter')).toBe('security');
    expect(query.get('host')).toBe('h-1');
    expect(query.get('limit')).toBe('25');
  });

  it('puts filters, sorting, paging and the remembered page size into the URL and the request', async () => {
    const api = signedInApi({}, { 'GET /packages': () => json(200, list([OPENSSL, CURL], 60)), 'GET /hosts': () => json(200, []) });
    const { router } = renderApp('/packages');
    await screen.findByTestId('package-row-openssl');

    act(() => {
      fireEvent.change(screen.getByTestId('packages-status'), { target: { value: 'outdated' } });
    });
    await waitFor(() => expect(where(router)).toBe('/packages?filter=outdated'));
    act(() => {
      fireEvent.change(screen.getByTestId('packages-category'), { target: { value: 'libs' } });
    });
    await waitFor(() => expect(where(router)).toBe('/packages?filter=outdated&category=libs'));
    act(() => {
      fireEvent.click(screen.getByTestId('sort-status'));
    });
    await waitFor(() => expect(router.state.location.search).toContain('sort=status&order=asc'));
    act(() => {
      fireEvent.click(screen.getByTestId('sort-status'));
    });
    await waitFor(() => expect(router.state.location.search).toContain('order=desc'));
    act(() => {
      fireEvent.click(screen.getByTestId('packages-pager-next'));
    });
    await waitFor(() => expect(router.state.location.search).toContain('page=2'));
    act(() => {
      fireEvent.change(screen.getByTestId('packages-pager-size'), { target: { value: '100' } });
    });
    await waitFor(() => expect(listQueries(api.fetchMock).at(-1)?.get('limit')).toBe('100'));
    expect(router.state.location.search).not.toContain('page=');
    expect(router.state.location.search).toContain('limit=100');
    expect(window.localStorage.getItem('patchmon.packages.pageSize')).toBe('100');
    // A new size goes straight to page 1: no request asks for page 2 of the new size first.
    expect(listQueries(api.fetchMock).filter((q) => q.get('limit') === '100').map((q) => q.get('page'))).toEqual(['1']);

    const last = listQueries(api.fetchMock).at(-1)!;
    expect(last.get('filter')).toBe('outdated');
    expect(last.get('category')).toBe('libs');
    expect(last.get('sort')).toBe('status');
    expect(last.get('order')).toBe('desc');
  });

  it('debounces the search and clicking a card filters in place', async () => {
    const api = signedInApi({}, { 'GET /packages': () => json(200, list([OPENSSL])), 'GET /hosts': () => json(200, []) });
    const { router } = renderApp('/packages?category=libs');
    await screen.findByTestId('package-row-openssl');

    fireEvent.change(screen.getByTestId('packages-search'), { target: { value: 'ssl' } });
    await waitFor(() => expect(listQueries(api.fetchMock).at(-1)?.get('search')).toBe('ssl'));

    act(() => {
      fireEvent.click(screen.getByTestId('card-security'));
    });
    await waitFor(() => expect(router.state.location.search).toContain('filter=security'));
    expect(router.state.location.search).not.toContain('category');
  });

  it('shows an API error', async () => {
    signedInApi({}, { 'GET /packages': () => json(400, { error: 'Validation failed' }), 'GET /hosts': () => json(200, []) });
    renderApp('/packages');
    expect((await screen.findByTestId('packages-error')).textContent).toBeTruthy();
  });
});

const DETAIL: PackageDetail = {
  id: 'openssl',
  name: 'openssl',
  description: 'TLS toolkit',
  category: 'libs',
  latest_version: '3.0.13',
  status: 'security',
  last_reported_at: null,
  stats: { total_installs: 2, updates_needed: 1, security_updates: 1, up_to_date: 1 },
  repositories: [
    { name: 'jammy-security', hosts: 1 },
    { name: 'jammy-updates', hosts: 1 },
  ],
};

function packageHost(overrides: Partial<PackageHost>): PackageHost {
  return {
    host_id: 'h-1',
    friendly_name: 'web-01',
    hostname: null,
    os_type: 'Ubuntu',
    os_version: '22.04',
    current_version: '3.0.2',
    available_version: '3.0.13',
    needs_update: true,
    is_security_update: true,
    source_repository: 'jammy-security',
    last_update: null,
    needs_reboot: false,
    ...overrides,
  };
}

describe('Package detail page', () => {
  it('shows the stats, the repositories and the pending hosts, and the toggle shows every host', async () => {
    const web = packageHost({});
    const db = packageHost({ host_id: 'h-2', friendly_name: 'db-01', current_version: '3.0.13', available_version: null, needs_update: false, is_security_update: false });
    const api = signedInApi(
      {},
      {
        'GET /packages/openssl': () => json(200, DETAIL),
        'GET /packages/openssl/hosts': () => {
          const url = new URL(String(api.fetchMock.mock.calls.at(-1)![0]), 'http://localhost');
          const hosts = url.searchParams.get('only_pending') === 'true' ? [web] : [web, db];
          return json(200, { hosts, pagination: { page: 1, limit: 25, total: hosts.length, pages: 1 } });
        },
      },
    );
    renderApp('/packages/openssl');

    expect((await screen.findByTestId('package-name')).textContent).toBe('openssl');
    expect(screen.getByTestId('stat-updates').textContent).toBe('1');
    expect(screen.getByTestId('stat-latest').textContent).toBe('3.0.13');
    expect(screen.getByTestId('stat-hosts').textContent).toBe('2');
    expect(screen.getByTestId('stat-up-to-date').textContent).toBe('1');
    expect(screen.getByTestId('repo-chip-jammy-security').getAttribute('href')).toBe('/repositories?search=jammy-security');
    expect(screen.getByTestId('package-description').textContent).toBe('TLS toolkit');

    const pending = await screen.findByTestId('package-host-web-01');
    expect(within(pending).getByRole('link', { name: 'web-01' }).getAttribute('href')).toBe('/hosts/h-1');
    expect((screen.getByTestId('only-pending') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('package-host-db-01')).toBeNull();

    act(() => {
      fireEvent.click(screen.getByTestId('only-pending'));
    });
    expect(await screen.findByTestId('package-host-db-01')).toBeTruthy();
    expect(within(screen.getByTestId('package-host-db-01')).getByTestId('package-status').textContent).toBe('Up to Date');
  });

  it('says when the package does not exist', async () => {
    signedInApi({}, {
      'GET /packages/nope': () => json(404, { error: 'Package not found' }),
      'GET /packages/nope/hosts': () => json(404, { error: 'Package not found' }),
    });
    renderApp('/packages/nope');
    expect(await screen.findByTestId('package-not-found')).toBeTruthy();
  });
});
