import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Repository, RepositoryDetail } from '../../api/repositories';
import { json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function repo(overrides: Partial<Repository> = {}): Repository {
  return {
    id: 'a'.repeat(32),
    name: 'deb-debian',
    reported_name: 'deb-debian',
    url: 'http://deb.debian.org/debian',
    distribution: 'bookworm',
    components: 'main',
    repo_type: 'deb',
    is_secure: false,
    is_active: true,
    deactivated: false,
    description: null,
    priority: null,
    host_count: 2,
    enabled_host_count: 2,
    updated_at: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

const DEBIAN = repo();
const DOCKER = repo({
  id: 'b'.repeat(32),
  name: 'docker',
  reported_name: 'docker',
  url: 'https://download.docker.com/linux/debian',
  components: 'stable',
  is_secure: true,
  host_count: 1,
  enabled_host_count: 1,
});
const OLD = repo({ id: 'c'.repeat(32), name: 'old-mirror', reported_name: 'old-mirror', url: 'http://old.example/debian', is_active: false, host_count: 0, enabled_host_count: 0 });

const SUMMARY = { total_repositories: 3, active_repositories: 2, secure_repositories: 1, security_score: 33 };

const DETAIL: RepositoryDetail = {
  repository: DEBIAN,
  hosts: [
    {
      id: 'h-1',
      friendly_name: 'web-01',
      hostname: 'web01.example.com',
      ip: '10.0.0.5',
      os_type: 'Debian',
      os_version: '12',
      status: 'active',
      last_update: null,
      is_enabled: true,
    },
    {
      id: 'h-2',
      friendly_name: 'db-01',
      hostname: null,
      ip: null,
      os_type: 'Debian',
      os_version: '12',
      status: 'active',
      last_update: null,
      is_enabled: false,
    },
  ],
};

function packagesPage(names: string[], page = 1, total = names.length, limit = 25) {
  return {
    packages: names.map((name, i) => ({ id: name, name, host_count: i + 1 })),
    pagination: { page, limit, total, pages: Math.ceil(total / limit) },
  };
}

function reposApi(handlers: Record<string, Handler> = {}, permissions?: string[]) {
  return signedInApi(permissions ? { permissions } : {}, {
    'GET /repositories': () => json(200, [DEBIAN, DOCKER, OLD]),
    'GET /repositories/stats/summary': () => json(200, SUMMARY),
    [`GET /repositories/${DEBIAN.id}`]: () => json(200, DETAIL),
    [`GET /repositories/${DEBIAN.id}/packages`]: () => json(200, packagesPage(['bash', 'openssl'])),
    'GET /hosts/h-1': () => json(200, { id: 'h-1', friendly_name: 'web-01' }),
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

function packageQueries(fake: ReturnType<typeof reposApi>): string[] {
  return fake.fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname === `/api/v1/repositories/${DEBIAN.id}/packages`)
    .map((u) => u.search);
}

function listQueries(fake: ReturnType<typeof reposApi>): string[] {
  return fake.fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname === '/api/v1/repositories')
    .map((u) => u.search);
}

describe('Repositories list', () => {
  it('shows the four cards with the security score and a row per repository', async () => {
    reposApi();
    renderApp('/repositories');
    const debian = await screen.findByTestId(`repo-row-${DEBIAN.id}`);
    await waitFor(() => expect(screen.getByTestId('repo-summary-total').textContent).toBe('3'));
    expect(screen.getByTestId('repo-summary-active').textContent).toBe('2');
    expect(screen.getByTestId('repo-summary-secure').textContent).toBe('1');
    expect(screen.getByTestId('repo-summary-score').textContent).toBe('33%');
    // The deb- prefix of a Debian-family name is stripped for display.
    const link = within(debian).getByTestId('repo-link');
    expect(link.textContent).toBe('debian');
    expect(link.getAttribute('href')).toBe(`/repositories/${DEBIAN.id}`);
    expect(within(debian).getByText('http://deb.debian.org/debian')).toBeTruthy();
    expect(within(debian).getByTestId('repo-security').textContent).toContain('Insecure (HTTP)');
    expect(within(debian).getByTestId('repo-status').textContent).toBe('Active');
    expect(within(debian).getByTestId('repo-host-count').textContent).toBe('2');
    expect(within(debian).getByTestId('repo-host-count').getAttribute('href')).toBe(`/hosts?repository=${DEBIAN.id}`);
    const docker = screen.getByTestId(`repo-row-${DOCKER.id}`);
    expect(within(docker).getByTestId('repo-security').textContent).toContain('Secure (HTTPS)');
    expect(within(screen.getByTestId(`repo-row-${OLD.id}`)).getByTestId('repo-status').textContent).toBe('Inactive');
    expect(screen.getByTestId('repos-count').textContent).toBe('3 repositories');
  });

  it('sends search, security and status filters to the server through the URL', async () => {
    const fake = reposApi();
    const { router } = renderApp('/repositories');
    await screen.findByTestId(`repo-row-${DEBIAN.id}`);

    change(screen.getByTestId('repos-type-filter'), 'insecure');
    await waitFor(() => expect(listQueries(fake)).toContain('?type=insecure'));
    change(screen.getByTestId('repos-status-filter'), 'inactive');
    await waitFor(() => expect(listQueries(fake)).toContain('?status=inactive&type=insecure'));
    change(screen.getByTestId('repos-search'), 'mirror');
    await waitFor(() => expect(listQueries(fake)).toContain('?search=mirror&status=inactive&type=insecure'));
    expect(where(router)).toBe('/repositories?type=insecure&status=inactive&search=mirror');
  });

  it('shows the host filter pill for ?host= and clears it', async () => {
    const fake = reposApi();
    const { router } = renderApp('/repositories?host=h-1');
    await waitFor(() => expect(screen.getByTestId('repos-host-filter').textContent).toContain('Filtered by: web-01'));
    expect(listQueries(fake)).toContain('?host=h-1');

    click(screen.getByTestId('repos-host-filter-clear'));
    await waitFor(() => expect(where(router)).toBe('/repositories'));
    expect(screen.queryByTestId('repos-host-filter')).toBeNull();
  });

  it('hides columns and remembers the choice in this browser', async () => {
    reposApi();
    renderApp('/repositories');
    await screen.findByTestId(`repo-row-${DEBIAN.id}`);
    click(screen.getByTestId('repos-columns-toggle'));
    click(screen.getByTestId('repos-column-url'));
    expect(within(screen.getByTestId('repos-table')).queryByText('URL')).toBeNull();
    expect(JSON.parse(window.localStorage.getItem('patchmon.repositories.columns') ?? '[]')).toEqual([
      'distribution',
      'security',
      'status',
      'hosts',
    ]);
    cleanup();

    reposApi();
    renderApp('/repositories');
    await screen.findByTestId(`repo-row-${DEBIAN.id}`);
    expect(within(screen.getByTestId('repos-table')).queryByText('URL')).toBeNull();
    expect(within(screen.getByTestId('repos-table')).getByText('Distribution')).toBeTruthy();
  });

  it('deletes a repository after a confirmation listing the impact, then reloads', async () => {
    const fake = reposApi({
      [`DELETE /repositories/${DEBIAN.id}`]: () =>
        json(200, { message: 'Repository deleted successfully', deleted_repository: { id: DEBIAN.id, name: 'deb-debian', url: DEBIAN.url, host_count: 2 } }),
    });
    renderApp('/repositories');
    const row = await screen.findByTestId(`repo-row-${DEBIAN.id}`);
    const listsBefore = listQueries(fake).length;

    click(within(row).getByTestId('repo-delete'));
    const dialog = await screen.findByTestId('delete-repo-dialog');
    expect(within(dialog).getByTestId('delete-repo-impact').textContent).toContain('no file on the host is modified');
    expect(within(dialog).getByTestId('delete-repo-warning').textContent).toContain('bring it back');
    click(within(dialog).getByTestId('delete-repo-confirm'));

    await waitFor(() => expect(screen.queryByTestId('delete-repo-dialog')).toBeNull());
    expect(fake.callsTo('DELETE', `/repositories/${DEBIAN.id}`)).toHaveLength(1);
    await waitFor(() => expect(listQueries(fake).length).toBeGreaterThan(listsBefore));
  });

  it('offers no delete without can_manage_hosts', async () => {
    reposApi({}, ['can_view_hosts']);
    renderApp('/repositories');
    await screen.findByTestId(`repo-row-${DEBIAN.id}`);
    expect(screen.queryByTestId('repo-delete')).toBeNull();
  });

  it('shows a server error', async () => {
    reposApi({ 'GET /repositories': () => json(400, { error: 'status must be one of active, all, inactive' }) });
    renderApp('/repositories?status=sleeping');
    expect((await screen.findByTestId('repos-error')).textContent).toContain('status must be one of');
  });
});

describe('Repository detail', () => {
  it('shows the fields, the chips and the hosts linking to their detail pages', async () => {
    reposApi();
    renderApp(`/repositories/${DEBIAN.id}`);
    expect((await screen.findByTestId('repo-name')).textContent).toBe('debian');
    expect(screen.getByTestId('repo-field-url').textContent).toBe(DEBIAN.url);
    expect(screen.getByTestId('repo-field-distribution').textContent).toBe('bookworm');
    expect(screen.getByTestId('repo-field-active').textContent).toContain('Yes');
    expect(within(screen.getByTestId('repo-chips')).getByTestId('repo-security').textContent).toContain('Insecure');
    const web = screen.getByTestId('repo-host-web-01');
    expect(within(web).getByRole('link', { name: 'web-01' }).getAttribute('href')).toBe('/hosts/h-1');
    expect(within(screen.getByTestId('repo-host-db-01')).getByText('No')).toBeTruthy();

    change(screen.getByTestId('repo-hosts-search'), 'web');
    expect(screen.queryByTestId('repo-host-db-01')).toBeNull();
    await waitFor(() => expect(document.title).toBe('debian · PatchMon'));
  });

  it('edits the name, description, active flag and priority', async () => {
    const fake = reposApi({
      [`PATCH /repositories/${DEBIAN.id}`]: (call) => {
        const body = call.body as { name: string; description: string; is_active: boolean; priority: number };
        return json(200, {
          message: 'Repository updated successfully',
          repository: { ...DEBIAN, name: body.name, description: body.description, deactivated: !body.is_active, is_active: body.is_active, priority: body.priority },
        });
      },
    });
    renderApp(`/repositories/${DEBIAN.id}`);
    click(await screen.findByTestId('repo-edit'));
    const dialog = await screen.findByTestId('edit-repo-dialog');
    change(within(dialog).getByTestId('repo-edit-name'), 'Debian main');
    change(within(dialog).getByTestId('repo-edit-description'), 'approved HTTP');
    change(within(dialog).getByTestId('repo-edit-priority'), 'high');
    click(within(dialog).getByTestId('repo-edit-active'));
    click(within(dialog).getByTestId('repo-edit-save'));
    expect((await within(dialog).findByTestId('repo-edit-error')).textContent).toContain('whole number');
    expect(fake.callsTo('PATCH', `/repositories/${DEBIAN.id}`)).toHaveLength(0);

    change(within(dialog).getByTestId('repo-edit-priority'), '5');
    click(within(dialog).getByTestId('repo-edit-save'));
    await waitFor(() => expect(screen.queryByTestId('edit-repo-dialog')).toBeNull());
    expect(fake.callsTo('PATCH', `/repositories/${DEBIAN.id}`)[0]?.body).toEqual({
      name: 'Debian main',
      description: 'approved HTTP',
      is_active: false,
      priority: 5,
    });
    expect(screen.getByTestId('repo-name').textContent).toBe('Debian main');
    expect(screen.getByTestId('repo-field-description').textContent).toBe('approved HTTP');
    expect(screen.getByTestId('repo-field-priority').textContent).toBe('5');
    expect(screen.getByTestId('repo-field-active').textContent).toContain('deactivated by an operator');
  });

  it('shows the server validation error in the edit dialog', async () => {
    reposApi({
      [`PATCH /repositories/${DEBIAN.id}`]: () =>
        json(400, { errors: [{ msg: 'Name is required (max 255 characters)', param: 'name', location: 'body' }] }),
    });
    renderApp(`/repositories/${DEBIAN.id}`);
    click(await screen.findByTestId('repo-edit'));
    click(await screen.findByTestId('repo-edit-save'));
    expect((await screen.findByTestId('repo-edit-error')).textContent).toContain('Name is required');
  });

  it('deletes after confirmation and returns to the list', async () => {
    const fake = reposApi({
      [`DELETE /repositories/${DEBIAN.id}`]: () => json(200, { message: 'Repository deleted successfully', deleted_repository: {} }),
    });
    const { router } = renderApp(`/repositories/${DEBIAN.id}`);
    click(await screen.findByTestId('repo-delete'));
    click(within(await screen.findByTestId('delete-repo-dialog')).getByTestId('delete-repo-confirm'));
    await waitFor(() => expect(where(router)).toBe('/repositories'));
    expect(fake.callsTo('DELETE', `/repositories/${DEBIAN.id}`)).toHaveLength(1);
  });

  it('hides edit and delete without can_manage_hosts, and says when a repository does not exist', async () => {
    reposApi({}, ['can_view_hosts']);
    renderApp(`/repositories/${DEBIAN.id}`);
    await screen.findByTestId('repo-name');
    expect(screen.queryByTestId('repo-edit')).toBeNull();
    expect(screen.queryByTestId('repo-delete')).toBeNull();
    cleanup();

    reposApi();
    renderApp(`/repositories/${'f'.repeat(32)}`);
    expect(await screen.findByTestId('repo-not-found')).toBeTruthy();
  });

  it('lists the packages from this repository, linking to their pages, with the host count', async () => {
    reposApi();
    renderApp(`/repositories/${DEBIAN.id}`);
    const section = await screen.findByTestId('repo-packages-table');
    const bash = await within(section).findByTestId('repo-package-bash');
    expect(within(bash).getByRole('link', { name: 'bash' }).getAttribute('href')).toBe('/packages/bash');
    expect(within(bash).getByTestId('repo-package-hosts').textContent).toBe('1');
    expect(within(screen.getByTestId('repo-package-openssl')).getByTestId('repo-package-hosts').textContent).toBe('2');
    expect(screen.getByTestId('repo-packages-pager-position').textContent).toBe('Page 1 of 1 · 2 total');
  });

  it('searches on the server after typing stops, back on the first page, and pages through the rest', async () => {
    const fake = reposApi({
      [`GET /repositories/${DEBIAN.id}/packages`]: () => json(200, packagesPage(['lib01', 'lib02'], 1, 60)),
    });
    renderApp(`/repositories/${DEBIAN.id}`);
    await screen.findByTestId('repo-package-lib01');
    expect(packageQueries(fake)).toEqual(['?page=1&limit=25']);

    click(screen.getByTestId('repo-packages-pager-next'));
    await waitFor(() => expect(packageQueries(fake)).toContain('?page=2&limit=25'));
    change(screen.getByTestId('repo-packages-search'), 'li');
    change(screen.getByTestId('repo-packages-search'), 'lib');
    await waitFor(() => expect(packageQueries(fake)).toContain('?search=lib&page=1&limit=25'));
    expect(packageQueries(fake).filter((q) => q.includes('search=li&'))).toHaveLength(0);

    change(screen.getByTestId('repo-packages-pager-size'), '100');
    await waitFor(() => expect(packageQueries(fake)).toContain('?search=lib&page=1&limit=100'));
  });

  it('says when no package comes from the repository and shows a server error', async () => {
    reposApi({ [`GET /repositories/${DEBIAN.id}/packages`]: () => json(200, packagesPage([])) });
    renderApp(`/repositories/${DEBIAN.id}`);
    expect((await screen.findByTestId('repo-packages-empty')).textContent).toBe('No host reports a package from this repository.');
    cleanup();

    reposApi({
      [`GET /repositories/${DEBIAN.id}/packages`]: () =>
        json(400, { errors: [{ msg: 'limit must be 25, 50, 100 or 200', param: 'limit', location: 'query' }] }),
    });
    renderApp(`/repositories/${DEBIAN.id}`);
    expect((await screen.findByTestId('repo-packages-error')).textContent).toContain('limit must be 25, 50, 100 or 200');
  });
});
