import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import {
  NOT_SIGNED_IN,
  REFRESH_REJECTED,
  deferred,
  fakeApi,
  json,
  renderApp,
  sessionBody,
  signedInApi,
  signedOutApi,
  where,
} from '../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function signInThroughForm(username = 'alice', password = 'Secret#123') {
  type('login-username', username);
  type('login-password', password);
  act(() => {
    fireEvent.click(screen.getByTestId('login-submit'));
  });
}

describe('start-up', () => {
  it('shows only a loading state until /auth/me answers: no protected content, no login form', async () => {
    const me = deferred<Response>();
    fakeApi({ 'GET /auth/me': () => me.promise });
    renderApp('/hosts');

    expect(screen.getByTestId('auth-loading')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
    expect(screen.queryByTestId('login-username')).toBeNull();

    me.resolve(json(200, sessionBody()));
    expect(await screen.findByRole('heading', { level: 1, name: 'Hosts' })).toBeTruthy();
    expect(screen.queryByTestId('auth-loading')).toBeNull();
  });

  it('renews an expired access cookie with one refresh and stays on the page', async () => {
    let meCalls = 0;
    const api = fakeApi({
      'GET /auth/me': () => (++meCalls === 1 ? NOT_SIGNED_IN() : json(200, sessionBody())),
      'POST /auth/refresh': () => json(200, { message: 'Token refreshed', ...sessionBody() }),
    });
    const { router } = renderApp('/packages');

    expect(await screen.findByRole('heading', { level: 1, name: 'Packages' })).toBeTruthy();
    expect(where(router)).toBe('/packages');
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    expect(api.callsTo('GET', '/auth/me')).toHaveLength(2);
  });

  it('offers a retry when /auth/me cannot be reached, without treating it as signed out', async () => {
    let fail = true;
    fakeApi({
      'GET /auth/me': () => (fail ? Promise.reject(new TypeError('Failed to fetch')) : json(200, sessionBody())),
    });
    const { router } = renderApp('/hosts');

    expect((await screen.findByTestId('auth-unavailable')).textContent).toContain('Cannot reach the server');
    expect(where(router)).toBe('/hosts');

    fail = false;
    act(() => {
      fireEvent.click(screen.getByTestId('auth-retry'));
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Hosts' })).toBeTruthy();
  });
});

describe('protected routes', () => {
  it('redirects a signed-out visitor to /login?next=<path> and returns there after signing in', async () => {
    const api = signedOutApi({ 'POST /auth/login': () => json(200, { message: 'Login successful', ...sessionBody() }) });
    const { router } = renderApp('/hosts?group=web');

    await screen.findByTestId('login-username');
    expect(where(router)).toBe('/login?next=/hosts%3Fgroup%3Dweb');
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.getByText('PatchMon Cloud')).toBeTruthy();

    await signInThroughForm();

    expect(await screen.findByRole('heading', { level: 1, name: 'Hosts' })).toBeTruthy();
    expect(where(router)).toBe('/hosts?group=web');
    expect(api.callsTo('POST', '/auth/login')[0]!.body).toEqual({ username: 'alice', password: 'Secret#123' });
  });

  it('sends a visitor of / to plain /login and then to the dashboard', async () => {
    signedOutApi({ 'POST /auth/login': () => json(200, sessionBody()) });
    const { router } = renderApp('/');
    await screen.findByTestId('login-username');
    expect(where(router)).toBe('/login');

    await signInThroughForm();
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
  });

  it.each([
    ['https://evil.example/steal'],
    ['//evil.example/steal'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['/login'],
  ])('ignores an unsafe next=%s and goes to the dashboard', async (next) => {
    signedOutApi({ 'POST /auth/login': () => json(200, sessionBody()) });
    const { router } = renderApp(`/login?next=${encodeURIComponent(next)}`);
    await screen.findByTestId('login-username');

    await signInThroughForm();

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
  });

  it.each(['/login', '/signup', '/login?next=%2Fhosts'])('bounces a signed-in user from %s to /', async (path) => {
    signedInApi();
    const { router } = renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
    expect(screen.queryByTestId('login-username')).toBeNull();
  });

  it('sends the user to the login page when a request fails with 401 and the refresh fails', async () => {
    signedInApi({}, { 'GET /hosts': NOT_SIGNED_IN, 'POST /auth/refresh': REFRESH_REJECTED });
    const { router } = renderApp('/repositories');
    await screen.findByRole('heading', { level: 1, name: 'Repositories' });

    // Any page's request, e.g. the hosts list, after the session ended on the server.
    await act(async () => {
      await api.get('/hosts').catch(() => undefined);
    });

    await screen.findByTestId('login-username');
    expect(where(router)).toBe('/login?next=/repositories');
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('keeps the user signed in when a 401 is cured by the refresh', async () => {
    let hostsCalls = 0;
    const fake = signedInApi(
      { first_name: 'Alicia' },
      {
        'GET /hosts': () => (++hostsCalls === 1 ? NOT_SIGNED_IN() : json(200, { hosts: [] })),
        'POST /auth/refresh': () => json(200, { message: 'Token refreshed', ...sessionBody({ first_name: 'Alice B.' }) }),
      },
    );
    const { router } = renderApp('/repositories');
    await screen.findByRole('heading', { level: 1, name: 'Repositories' });
    expect(screen.getByTestId('user-name').textContent).toBe('Alicia Liddell');

    let result: unknown;
    await act(async () => {
      result = await api.get('/hosts');
    });

    expect(result).toEqual({ hosts: [] });
    expect(where(router)).toBe('/repositories');
    expect(fake.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    // The refreshed session's details replace the old ones.
    expect(screen.getByTestId('user-name').textContent).toBe('Alice B. Liddell');
  });
});

describe('the header', () => {
  it('shows who is signed in and to which organisation', async () => {
    signedInApi({ first_name: 'Ada', last_name: 'Lovelace', tenantName: 'Analytical Engines' });
    renderApp('/');
    expect((await screen.findByTestId('user-name')).textContent).toBe('Ada Lovelace');
    expect(screen.getByTestId('user-tenant').textContent).toBe('Analytical Engines');
  });

  it('falls back to the username when the user has no name', async () => {
    signedInApi({ username: 'root-admin', first_name: null, last_name: null });
    renderApp('/');
    expect((await screen.findByTestId('user-name')).textContent).toBe('root-admin');
  });

  it('opens the user menu with My profile, which links to /settings/profile', async () => {
    signedInApi();
    const { router } = renderApp('/');
    const button = await screen.findByTestId('user-menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');

    act(() => {
      fireEvent.click(button);
    });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu', { name: 'Account' });
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['My profile', 'Sign out']);
    expect(document.activeElement).toBe(screen.getByTestId('profile-link'));

    act(() => {
      fireEvent.keyDown(menu, { key: 'Escape' });
    });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);

    act(() => {
      fireEvent.click(button);
    });
    act(() => {
      fireEvent.click(screen.getByTestId('profile-link'));
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'My profile' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/settings/profile');
    expect(screen.getByTestId('profile-username').textContent).toBe('alice');
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('signs out: POST /auth/logout, back to plain /login, and protected pages need a new sign-in', async () => {
    const fake = signedInApi({}, { 'POST /auth/logout': () => json(200, { message: 'Logged out successfully' }) });
    const { router } = renderApp('/hosts');
    await screen.findByRole('heading', { level: 1, name: 'Hosts' });

    act(() => {
      fireEvent.click(screen.getByTestId('user-menu'));
    });
    // The server now answers as for a signed-out browser.
    fake.set('GET /auth/me', NOT_SIGNED_IN);
    fake.set('POST /auth/refresh', REFRESH_REJECTED);
    await act(async () => {
      fireEvent.click(screen.getByTestId('logout'));
    });

    await screen.findByTestId('login-username');
    expect(where(router)).toBe('/login');
    expect(fake.callsTo('POST', '/auth/logout')).toHaveLength(1);
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();

    await act(async () => {
      await router.navigate('/docker');
    });
    await screen.findByTestId('login-username');
    expect(router.state.location.pathname).toBe('/login');
  });

  it('signs out locally even when the logout request fails', async () => {
    signedInApi({}, { 'POST /auth/logout': () => Promise.reject(new TypeError('Failed to fetch')) });
    const { router } = renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    act(() => {
      fireEvent.click(screen.getByTestId('user-menu'));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('logout'));
    });
    await screen.findByTestId('login-username');
    expect(where(router)).toBe('/login');
  });
});

describe('permissions', () => {
  it('shows only the sections the role grants (Settings always)', async () => {
    signedInApi({ permissions: ['can_view_dashboard', 'can_view_packages'] });
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((l) => l.getAttribute('data-testid'))).toEqual([
      'nav-dashboard',
      'nav-packages',
      'nav-settings',
    ]);
  });

  it('maps each section to its permission', async () => {
    signedInApi({ permissions: ['can_view_hosts'] });
    renderApp('/settings');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((l) => l.getAttribute('data-testid'))).toEqual([
      'nav-hosts',
      'nav-repositories',
      'nav-patching',
      'nav-docker',
      'nav-settings',
    ]);
    cleanup();

    signedInApi({ permissions: ['can_view_reports'] });
    renderApp('/settings');
    const reportsNav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(reportsNav).getAllByRole('link').map((l) => l.getAttribute('data-testid'))).toEqual([
      'nav-compliance',
      'nav-reporting',
      'nav-settings',
    ]);
  });

  it('denies a section the role does not grant when visited directly', async () => {
    signedInApi({ permissions: ['can_view_dashboard'] });
    renderApp('/hosts');
    expect(await screen.findByRole('heading', { level: 1, name: 'Access denied' })).toBeTruthy();
    expect(screen.getByText('can_view_hosts')).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 1, name: 'Hosts' })).toBeNull();
  });
});

describe('first-run setup', () => {
  it('shows the organisation slug and continues to the dashboard', async () => {
    signedInApi({ tenantName: 'Acme Corp', slug: 'acme-corp' });
    const { router } = renderApp('/setup');

    expect((await screen.findByTestId('setup-slug')).textContent).toBe('acme-corp');
    expect(screen.getByText(/Your organisation:/)).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    // The optional two-factor step offers itself; finishing without choosing is skipping it.
    expect(screen.getByTestId('setup-mfa-start').textContent).toBe('Set up MFA now');
    expect(screen.getByTestId('setup-mfa-skip').textContent).toBe('Skip for now');

    act(() => {
      fireEvent.click(screen.getByTestId('setup-continue'));
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
  });

  it('is not reachable signed out', async () => {
    signedOutApi();
    const { router } = renderApp('/setup');
    await screen.findByTestId('login-username');
    expect(where(router)).toBe('/login?next=/setup');
  });
});

describe('theme on public pages', () => {
  it('has the theme toggle on the login page', async () => {
    signedOutApi();
    renderApp('/login');
    await screen.findByTestId('login-username');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    act(() => {
      fireEvent.click(screen.getByTestId('theme-toggle'));
    });
    await waitFor(() => expect(document.documentElement.getAttribute('data-theme')).toBe('dark'));
  });
});
