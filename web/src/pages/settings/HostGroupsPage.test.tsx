import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostGroup } from '../../api/hosts';
import { json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';

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
  description: 'Live traffic',
  color: '#EF4444',
  created_at: null,
  updated_at: null,
  host_count: 2,
};
const EMPTY: HostGroup = { ...PROD, id: 'g-empty', name: 'Lab', description: null, color: '#10B981', host_count: 0 };

function groupsApi(handlers: Record<string, Handler> = {}, permissions?: string[]) {
  return signedInApi(permissions ? { permissions } : {}, {
    'GET /host-groups': () => json(200, [PROD, EMPTY]),
    'GET /hosts': () =>
      json(200, [
        { id: 'h-1', friendly_name: 'web-01', host_groups: [] },
        { id: 'h-2', friendly_name: 'web-02', host_groups: [] },
      ]),
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

describe('Settings → Host Groups', () => {
  it('lists groups with colour, description and a host count linking to the filtered Hosts list', async () => {
    groupsApi();
    const { router } = renderApp('/settings/host-groups');
    const row = await screen.findByTestId('group-row-Production');
    expect(within(row).getByText('Live traffic')).toBeTruthy();
    const link = within(row).getByTestId('group-hosts-Production');
    expect(link.textContent).toBe('2 hosts');
    expect(link.getAttribute('href')).toBe('/hosts?group=g-prod');
    expect(screen.getByTestId('settings-nav-host-groups').getAttribute('aria-current')).toBe('page');
    click(link);
    await waitFor(() => expect(where(router)).toBe('/hosts?group=g-prod'));
  });

  it('is denied without can_manage_settings', async () => {
    groupsApi({}, ['can_view_hosts']);
    renderApp('/settings/host-groups');
    expect(await screen.findByRole('heading', { level: 1, name: 'Access denied' })).toBeTruthy();
  });

  it('creates a group with the default colour, and shows the duplicate-name error on the name', async () => {
    let attempts = 0;
    const fake = groupsApi({
      'POST /host-groups': () =>
        ++attempts === 1
          ? json(400, { error: 'Host group name already exists' })
          : json(201, { ...EMPTY, id: 'g-new', name: 'Staging', color: '#3B82F6' }),
    });
    renderApp('/settings/host-groups');
    await screen.findByTestId('group-row-Production');
    click(screen.getByTestId('create-group'));
    expect((screen.getByTestId('group-color') as HTMLInputElement).value).toBe('#3B82F6');

    click(screen.getByTestId('group-submit'));
    expect(screen.getByTestId('group-name-error').textContent).toBe('Name is required');

    change(screen.getByTestId('group-name'), 'Production');
    click(screen.getByTestId('group-submit'));
    expect((await screen.findByTestId('group-name-error')).textContent).toBe('Host group name already exists');

    change(screen.getByTestId('group-color'), '#12345');
    click(screen.getByTestId('group-submit'));
    expect(screen.getByTestId('group-color-error').textContent).toContain('hex');
    expect(fake.callsTo('POST', '/host-groups')).toHaveLength(1);

    change(screen.getByTestId('group-color'), '#3b82f6');
    change(screen.getByTestId('group-name'), 'Staging');
    click(screen.getByTestId('group-submit'));
    await waitFor(() => expect(screen.queryByTestId('group-dialog')).toBeNull());
    expect(fake.callsTo('POST', '/host-groups')[1]?.body).toEqual({ name: 'Staging', description: '', color: '#3B82F6' });
  });

  it('maps validation errors[] onto the colour field', async () => {
    groupsApi({
      'PUT /host-groups/g-prod': () => json(400, { errors: [{ msg: 'Color must be a valid hex color', param: 'color' }] }),
    });
    renderApp('/settings/host-groups');
    await screen.findByTestId('group-row-Production');
    click(screen.getByTestId('edit-group-Production'));
    expect(screen.getByRole('dialog', { name: 'Edit Host Group' })).toBeTruthy();
    expect((screen.getByTestId('group-name') as HTMLInputElement).value).toBe('Production');
    click(screen.getByTestId('group-submit'));
    expect((await screen.findByTestId('group-color-error')).textContent).toBe('Color must be a valid hex color');
  });

  it('keeps Delete disabled for a group with hosts and lists them in a warning', async () => {
    const fake = groupsApi();
    renderApp('/settings/host-groups');
    await screen.findByTestId('group-row-Production');
    click(screen.getByTestId('delete-group-Production'));
    const hosts = await screen.findByTestId('delete-group-hosts');
    expect(within(hosts).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['web-01', 'web-02']);
    expect(screen.getByTestId('delete-group-warning')).toBeTruthy();
    expect((screen.getByTestId('delete-group-confirm') as HTMLButtonElement).disabled).toBe(true);
    const query = fake.fetchMock.mock.calls
      .map(([input]) => new URL(String(input), 'http://localhost'))
      .find((u) => u.pathname === '/api/v1/hosts');
    expect(query?.search).toBe('?group=g-prod');
  });

  it('deletes an empty group', async () => {
    const fake = groupsApi({
      'GET /hosts': () => json(200, []),
      'DELETE /host-groups/g-empty': () => json(200, { message: 'Host group deleted successfully' }),
    });
    renderApp('/settings/host-groups');
    await screen.findByTestId('group-row-Lab');
    click(screen.getByTestId('delete-group-Lab'));
    const confirm = screen.getByTestId('delete-group-confirm') as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false));
    expect(screen.queryByTestId('delete-group-warning')).toBeNull();
    click(confirm);
    await waitFor(() => expect(screen.queryByTestId('delete-group-dialog')).toBeNull());
    expect(fake.callsTo('DELETE', '/host-groups/g-empty')).toHaveLength(1);
  });
});
