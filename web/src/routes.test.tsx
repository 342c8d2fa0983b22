import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SECTIONS } from './sections';
import { json, renderApp, signedInApi } from './test/fakeApi';

/** The h1 once the signed-in page has rendered. */
async function heading(name?: string) {
  return screen.findByRole('heading', { level: 1, ...(name ? { name } : {}) });
}

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

describe('navigation', () => {
  it('lists the sections in product order with their links', async () => {
    signedInApi();
    renderAt('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.getAttribute('data-testid'))).toEqual([
      'nav-dashboard',
      'nav-hosts',
      'nav-packages',
      'nav-repositories',
      'nav-patching',
      'nav-compliance',
      'nav-docker',
      'nav-reporting',
      'nav-settings',
    ]);
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      '/',
      '/hosts',
      '/packages',
      '/repositories',
      '/patching',
      '/compliance',
      '/docker',
      '/reporting',
      '/settings',
    ]);
    expect(links.map((l) => l.textContent)).toEqual([
      'Dashboard',
      'Hosts',
      'Packages',
      'Repositories',
      'Patching',
      'Security Compliance',
      'Docker',
      'Reporting',
      'Settings',
    ]);
  });

  it('renders /hosts with the Hosts heading and only Hosts marked active', async () => {
    signedInApi();
    renderAt('/hosts');

    expect((await heading()).textContent).toBe('Hosts');
    expect(screen.getByTestId('nav-hosts').getAttribute('aria-current')).toBe('page');
    for (const section of SECTIONS.filter((s) => s.slug !== 'hosts')) {
      expect(screen.getByTestId(`nav-${section.slug}`).getAttribute('aria-current')).toBeNull();
    }
    // The title is set in an effect after the first render.
    await waitFor(() => expect(document.title).toBe('Hosts · PatchMon'));
  });

  it('marks Dashboard active only on /', async () => {
    signedInApi();
    renderAt('/');
    expect((await heading()).textContent).toBe('Dashboard');
    expect(screen.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
  });

  // These sections have their own pages; the others still describe what they will hold.
  const placeholders = SECTIONS.filter((s) => !['settings', 'dashboard', 'hosts', 'packages', 'repositories', 'patching'].includes(s.slug));
  it.each(placeholders.map((s) => [s.path, s.title] as const))('renders %s with h1 "%s"', async (path, title) => {
    signedInApi();
    renderAt(path);
    expect((await heading()).textContent).toBe(title);
    expect(screen.getByRole('note').textContent).toContain('arrives with its capability');
  });

  it('shows the not-found page for unknown routes, with a link back to the Dashboard', async () => {
    signedInApi();
    const router = renderAt('/no/such/page');

    expect((await heading()).textContent).toBe('Page not found');
    expect(screen.getByText('/no/such/page')).toBeTruthy();
    for (const section of SECTIONS) {
      expect(screen.getByTestId(`nav-${section.slug}`).getAttribute('aria-current')).toBeNull();
    }

    const back = screen.getByRole('link', { name: 'Back to Dashboard' });
    expect(back.getAttribute('href')).toBe('/');
    act(() => {
      fireEvent.click(back);
    });
    await heading('Dashboard');
    expect(router.state.location.pathname).toBe('/');
  });

  it('navigates when a nav link is clicked', async () => {
    signedInApi();
    const router = renderAt('/');
    await heading('Dashboard');

    act(() => {
      fireEvent.click(screen.getByTestId('nav-packages'));
    });

    await heading('Packages');
    expect(router.state.location.pathname).toBe('/packages');
    expect(screen.getByTestId('nav-packages').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-dashboard').getAttribute('aria-current')).toBeNull();

    act(() => {
      fireEvent.click(screen.getByTestId('nav-compliance'));
    });
    await heading('Security Compliance');
    expect(router.state.location.pathname).toBe('/compliance');
  });
});

describe('header', () => {
  it('shows "API online" when GET /api/v1/health answers {"status":"ok"}', async () => {
    const api = signedInApi();
    renderAt('/');

    const status = await screen.findByTestId('api-status');
    await waitFor(() => expect(status.textContent).toBe('API online'));
    const health = api.fetchMock.mock.calls.find(([url]) => url === '/api/v1/health');
    expect(health?.[1]?.method).toBe('GET');
  });

  it('shows "API unreachable" on a network failure', async () => {
    signedInApi({}, { 'GET /health': () => Promise.reject(new TypeError('Failed to fetch')) });
    renderAt('/');
    const status = await screen.findByTestId('api-status');
    await waitFor(() => expect(status.textContent).toBe('API unreachable'));
  });

  it('shows "API unreachable" on an error status or a body without status ok', async () => {
    signedInApi({}, { 'GET /health': () => new Response('Bad Gateway', { status: 502 }) });
    renderAt('/');
    await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('API unreachable'));
    cleanup();

    signedInApi({}, { 'GET /health': () => json(200, { status: 'degraded' }) });
    renderAt('/');
    await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('API unreachable'));
  });

  it('toggles the theme from the header and persists it', async () => {
    signedInApi();
    renderAt('/');
    await heading('Dashboard');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');

    const toggle = screen.getByTestId('theme-toggle');
    expect(toggle.getAttribute('aria-label')).toBe('Switch to dark theme');
    act(() => {
      fireEvent.click(toggle);
    });

    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem('patchmon-theme')).toBe('dark');
    expect(toggle.getAttribute('aria-label')).toBe('Switch to light theme');
  });
});

function renderAt(path: string) {
  return renderApp(path).router;
}
