import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DashboardStats } from '../../api/dashboard';
import { json, renderApp, signedInApi, where } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const STATS: DashboardStats = {
  cards: {
    total_hosts: 7,
    hosts_needing_updates: 4,
    up_to_date_hosts: 3,
    hosts_with_security_updates: 2,
    hosts_needing_reboot: 1,
    offline_hosts: 2,
    pending_hosts: 1,
    total_outdated_packages: 12,
    security_packages: 5,
    security_updates: 9,
  },
  charts: {
    os_distribution: [
      { name: 'Ubuntu', count: 4 },
      { name: 'Rocky Linux', count: 2 },
      { name: 'Debian', count: 1 },
    ],
    update_status_distribution: [],
    package_update_distribution: [],
  },
  last_updated: '2026-11-24T10:00:00Z',
};

const value = (key: string) => screen.getByTestId(`dashboard-value-${key}`).textContent;

describe('Dashboard', () => {
  it('shows the fleet cards from /dashboard/stats, each linking to its filtered list', async () => {
    const fake = signedInApi({}, { 'GET /dashboard/stats': () => json(200, STATS) });
    renderApp('/');
    await screen.findByTestId('dashboard-cards');

    expect(value('total-hosts')).toBe('7');
    expect(value('needs-updates')).toBe('4');
    expect(value('security-updates')).toBe('9');
    expect(value('needs-reboot')).toBe('1');
    expect(value('outdated-packages')).toBe('12');
    expect(value('offline-hosts')).toBe('2');
    expect(screen.getByTestId('dashboard-card-total-hosts').textContent).toContain('1 pending');
    expect(screen.getByTestId('dashboard-card-security-updates').textContent).toContain('2 hosts affected');
    const links = Object.fromEntries(
      ['total-hosts', 'needs-updates', 'security-updates', 'needs-reboot', 'outdated-packages', 'offline-hosts'].map((key) => [
        key,
        screen.getByTestId(`dashboard-card-${key}`).getAttribute('href'),
      ]),
    );
    expect(links).toEqual({
      'total-hosts': '/hosts',
      'needs-updates': '/hosts?filter=needs_updates',
      'security-updates': '/packages?filter=security',
      'needs-reboot': '/hosts?filter=needs_reboot',
      'outdated-packages': '/packages?filter=outdated',
      'offline-hosts': '/hosts?status=inactive',
    });
    expect(fake.callsTo('GET', '/dashboard/stats')).toHaveLength(1);
    expect(document.title).toBe('Dashboard · PatchMon');
  });

  it('draws the OS distribution as bars scaled to the most common OS', async () => {
    signedInApi({}, { 'GET /dashboard/stats': () => json(200, STATS) });
    renderApp('/');
    const chart = await screen.findByTestId('os-distribution');

    const rows = within(chart).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['Ubuntu4', 'Rocky Linux2', 'Debian1']);
    const fill = (name: string) => (screen.getByTestId(`os-row-${name}`).querySelector('.bars__fill') as HTMLElement).style.width;
    expect(fill('Ubuntu')).toBe('100%');
    expect(fill('Rocky Linux')).toBe('50%');
  });

  it('says so when no host has reported, and opens the Hosts list from a card', async () => {
    const empty: DashboardStats = {
      ...STATS,
      cards: { ...STATS.cards, total_hosts: 0, hosts_needing_updates: 0, pending_hosts: 0 },
      charts: { ...STATS.charts, os_distribution: [] },
    };
    const fake = signedInApi({}, { 'GET /dashboard/stats': () => json(200, empty), 'GET /hosts': () => json(200, []) });
    const { router } = renderApp('/');
    await screen.findByText('No host has reported yet.');
    expect(screen.getByTestId('dashboard-card-total-hosts').textContent).not.toContain('pending');

    act(() => {
      fireEvent.click(screen.getByTestId('dashboard-card-needs-updates'));
    });
    await screen.findByRole('heading', { level: 1, name: 'Hosts' });
    expect(where(router)).toBe('/hosts?filter=needs_updates');
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/hosts')).toBe(true);
  });

  it('shows the error when the stats cannot be loaded', async () => {
    signedInApi({}, { 'GET /dashboard/stats': () => json(500, { error: 'Internal server error' }) });
    renderApp('/');
    expect((await screen.findByTestId('dashboard-error')).textContent).toBe('Internal server error');
    expect(screen.queryByTestId('dashboard-cards')).toBeNull();
  });
});
