import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { routes } from './routes';
import { SECTIONS } from './sections';

function stubHealth(answer: () => Promise<Response>) {
  const fetchMock = vi.fn<typeof fetch>(answer);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function healthy() {
  return stubHealth(() =>
    Promise.resolve(
      new Response(JSON.stringify({ status: 'ok', version: '0.1.0' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    ),
  );
}

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  return router;
}

function heading() {
  return screen.getByRole('heading', { level: 1 });
}

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

describe('navigation', () => {
  it('lists the sections in product order with their links', () => {
    healthy();
    renderAt('/');
    const nav = screen.getByRole('navigation', { name: 'Main' });
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

  it('renders /hosts with the Hosts heading and only Hosts marked active', () => {
    healthy();
    renderAt('/hosts');

    expect(heading().textContent).toBe('Hosts');
    expect(screen.getByTestId('nav-hosts').getAttribute('aria-current')).toBe('page');
    for (const section of SECTIONS.filter((s) => s.slug !== 'hosts')) {
      expect(screen.getByTestId(`nav-${section.slug}`).getAttribute('aria-current')).toBeNull();
    }
    expect(document.title).toBe('Hosts · PatchMon');
  });

  it('marks Dashboard active only on /', () => {
    healthy();
    renderAt('/');
    expect(heading().textContent).toBe('Dashboard');
    expect(screen.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
  });

  it.each(SECTIONS.map((s) => [s.path, s.title] as const))('renders %s with h1 "%s"', (path, title) => {
    healthy();
    renderAt(path);
    expect(heading().textContent).toBe(title);
    expect(screen.getByRole('note').textContent).toContain('arrives with its capability');
  });

  it('shows the not-found page for unknown routes, with a link back to the Dashboard', async () => {
    healthy();
    const router = renderAt('/no/such/page');

    expect(heading().textContent).toBe('Page not found');
    expect(screen.getByText('/no/such/page')).toBeTruthy();
    for (const section of SECTIONS) {
      expect(screen.getByTestId(`nav-${section.slug}`).getAttribute('aria-current')).toBeNull();
    }

    const back = screen.getByRole('link', { name: 'Back to Dashboard' });
    expect(back.getAttribute('href')).toBe('/');
    act(() => {
      fireEvent.click(back);
    });
    await waitFor(() => expect(heading().textContent).toBe('Dashboard'));
    expect(router.state.location.pathname).toBe('/');
  });

  it('navigates when a nav link is clicked', async () => {
    healthy();
    const router = renderAt('/');

    act(() => {
      fireEvent.click(screen.getByTestId('nav-packages'));
    });

    await waitFor(() => expect(heading().textContent).toBe('Packages'));
    expect(router.state.location.pathname).toBe('/packages');
    expect(screen.getByTestId('nav-packages').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-dashboard').getAttribute('aria-current')).toBeNull();

    act(() => {
      fireEvent.click(screen.getByTestId('nav-compliance'));
    });
    await waitFor(() => expect(heading().textContent).toBe('Security Compliance'));
    expect(router.state.location.pathname).toBe('/compliance');
  });
});

describe('header', () => {
  it('shows "API online" when GET /api/v1/health answers {"status":"ok"}', async () => {
    const fetchMock = healthy();
    renderAt('/');

    const status = screen.getByTestId('api-status');
    await waitFor(() => expect(status.textContent).toBe('API online'));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/health');
    expect(init?.method).toBe('GET');
  });

  it('shows "API unreachable" on a network failure', async () => {
    stubHealth(() => Promise.reject(new TypeError('Failed to fetch')));
    renderAt('/');
    await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('API unreachable'));
  });

  it('shows "API unreachable" on an error status or a body without status ok', async () => {
    stubHealth(() => Promise.resolve(new Response('Bad Gateway', { status: 502 })));
    renderAt('/');
    await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('API unreachable'));
    cleanup();

    stubHealth(() =>
      Promise.resolve(
        new Response(JSON.stringify({ status: 'degraded' }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    renderAt('/');
    await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('API unreachable'));
  });

  it('toggles the theme from the header and persists it', () => {
    healthy();
    renderAt('/');
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
