import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PatchPolicy } from '../../api/patchPolicies';
import { AuthProvider } from '../../auth/AuthProvider';
import { ALL_PERMISSIONS, json, renderApp, signedInApi } from '../../test/fakeApi';
import { PoliciesPanel } from './PoliciesPanel';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const MANAGER = [...ALL_PERMISSIONS, 'can_manage_patching'];

function policy(overrides: Partial<PatchPolicy>): PatchPolicy {
  return {
    id: 'p-1',
    name: 'Nightly',
    description: null,
    patch_delay_type: 'fixed_time',
    delay_minutes: null,
    fixed_time_utc: '03:00',
    timezone: 'Europe/London',
    assignment_count: 0,
    exclusion_count: 0,
    created_at: '2026-11-24T10:00:00Z',
    updated_at: '2026-11-24T10:00:00Z',
    ...overrides,
  };
}

/** A small in-memory server: policies with assignments and exclusions, two hosts, one group. */
function policiesApi(permissions: string[], initial: PatchPolicy[]) {
  const store = new Map<string, PatchPolicy>(initial.map((p) => [p.id, { ...p, assignments: p.assignments ?? [], exclusions: p.exclusions ?? [] }]));
  const names: Record<string, string> = { 'h-1': 'web-01', 'h-2': 'api-01', 'g-1': 'Production' };
  const summary = (p: PatchPolicy) => ({
    ...p,
    assignment_count: p.assignments!.length,
    exclusion_count: p.exclusions!.length,
    assignments: undefined,
    exclusions: undefined,
  });
  const id = (path: string) => decodeURIComponent(path.split('/')[3]!);
  const fake = signedInApi(
    { permissions },
    {
      'GET /hosts': () => json(200, [{ id: 'h-1', friendly_name: 'web-01', host_groups: [] }, { id: 'h-2', friendly_name: 'api-01', host_groups: [] }]),
      'GET /host-groups': () => json(200, [{ id: 'g-1', name: 'Production', color: '#EF4444', host_count: 2 }]),
      'GET /patching/policies': () => json(200, { policies: [...store.values()].map(summary) }),
      'POST /patching/policies': (call) => {
        const created = { ...policy({}), ...(call.body as object), id: `p-${store.size + 1}`, assignments: [], exclusions: [] } as PatchPolicy;
        store.set(created.id, created);
        return json(201, summary(created));
      },
    },
  );
  for (const p of store.values()) {
    fake.set(`GET /patching/policies/${p.id}`, () => json(200, { ...summary(p), assignments: p.assignments, exclusions: p.exclusions }));
    fake.set(`PUT /patching/policies/${p.id}`, (call) => {
      Object.assign(p, call.body);
      return json(200, p);
    });
    fake.set(`DELETE /patching/policies/${p.id}`, (call) => {
      store.delete(id(call.path));
      return json(200, { message: 'Policy deleted' });
    });
    fake.set(`POST /patching/policies/${p.id}/assignments`, (call) => {
      const body = call.body as { target_type: 'host' | 'host_group'; target_id: string };
      if (p.assignments!.some((a) => a.target_id === body.target_id)) return json(409, { error: 'Policy is already assigned to this host' });
      const a = { id: `a-${body.target_id}`, ...body, target_name: names[body.target_id]!, created_at: '2026-11-24T10:00:00Z' };
      p.assignments!.push(a);
      fake.set(`DELETE /patching/policies/${p.id}/assignments/${a.id}`, () => {
        p.assignments = p.assignments!.filter((x) => x.id !== a.id);
        return json(200, { message: 'Assignment removed' });
      });
      return json(201, a);
    });
    fake.set(`POST /patching/policies/${p.id}/exclusions`, (call) => {
      const hostId = (call.body as { host_id: string }).host_id;
      p.exclusions!.push({ host_id: hostId, host_name: names[hostId]!, created_at: '2026-11-24T10:00:00Z' });
      fake.set(`DELETE /patching/policies/${p.id}/exclusions/${hostId}`, () => {
        p.exclusions = p.exclusions!.filter((x) => x.host_id !== hostId);
        return json(200, { message: 'Exclusion removed' });
      });
      return json(201, {});
    });
  }
  return fake;
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

describe('Patch policies panel', () => {
  it('is mounted at Settings → Patch Management and lists policies with their schedule and assignment count', async () => {
    policiesApi(MANAGER, [
      policy({}),
      policy({ id: 'p-2', name: 'Hold', patch_delay_type: 'delayed', delay_minutes: 30, fixed_time_utc: null, timezone: null }),
    ]);
    renderApp('/settings/patch-management');
    expect(await screen.findByTestId('policy-row-Nightly')).toBeTruthy();
    expect(screen.getByTestId('policy-schedule-Nightly').textContent).toBe('Fixed time at 03:00 Europe/London');
    expect(screen.getByTestId('policy-schedule-Hold').textContent).toBe('Delayed 30 min');
    expect(screen.getByTestId('policy-assignments-Nightly').textContent).toBe('0 assignment(s)');
    expect(screen.getByTestId('settings-nav-patch-management').getAttribute('aria-current')).toBe('page');
  });

  it('assigns a group, excludes a host as an amber chip, and removes both with ×', async () => {
    const fake = policiesApi(MANAGER, [policy({})]);
    renderApp('/settings/patch-management');
    click(await screen.findByTestId('policy-assignments-Nightly'));
    const applied = await screen.findByTestId('applied-to');
    expect(within(applied).getByText('Nothing yet: this policy is inert.')).toBeTruthy();

    change(within(applied).getByTestId('assign-type'), 'host_group');
    await waitFor(() => expect(within(applied).getByRole('option', { name: 'Production' })).toBeTruthy());
    change(within(applied).getByTestId('assign-target'), 'g-1');
    click(within(applied).getByTestId('assign-add'));
    expect(await screen.findByTestId('assignment-chip-Production')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('policy-assignments-Nightly').textContent).toBe('1 assignment(s)'));
    expect(fake.callsTo('POST', '/patching/policies/p-1/assignments')[0]!.body).toEqual({ target_type: 'host_group', target_id: 'g-1' });

    const exclusions = screen.getByTestId('exclusions');
    await waitFor(() => expect(within(exclusions).getByRole('option', { name: 'api-01' })).toBeTruthy());
    change(within(exclusions).getByTestId('exclude-host'), 'h-2');
    click(within(exclusions).getByText('Exclude host'));
    const chip = await screen.findByTestId('exclusion-chip-api-01');
    expect(chip.className).toContain('policy-chip--amber');

    click(within(chip).getByRole('button', { name: 'Stop excluding api-01' }));
    await waitFor(() => expect(screen.queryByTestId('exclusion-chip-api-01')).toBeNull());
    click(within(screen.getByTestId('assignment-chip-Production')).getByRole('button', { name: 'Remove Production' }));
    await waitFor(() => expect(screen.queryByTestId('assignment-chip-Production')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('policy-assignments-Nightly').textContent).toBe('0 assignment(s)'));
  });

  it('offers only targets not yet assigned, and shows the server refusal of a duplicate', async () => {
    const fake = policiesApi(MANAGER, [
      policy({ assignments: [{ id: 'a-h-1', target_type: 'host', target_id: 'h-1', target_name: 'web-01', created_at: '2026-11-24T10:00:00Z' }] }),
    ]);
    renderApp('/settings/patch-management');
    click(await screen.findByTestId('policy-assignments-Nightly'));
    const applied = await screen.findByTestId('applied-to');
    await waitFor(() => expect(within(applied).getByRole('option', { name: 'api-01' })).toBeTruthy());
    expect(within(applied).queryByRole('option', { name: 'web-01' })).toBeNull();
    fake.set('POST /patching/policies/p-1/assignments', () => json(409, { error: 'Policy is already assigned to this host' }));
    change(within(applied).getByTestId('assign-target'), 'h-2');
    click(within(applied).getByTestId('assign-add'));
    expect((await screen.findByTestId('policy-targets-error')).textContent).toBe('Policy is already assigned to this host');
    expect(screen.queryByTestId('assignment-chip-api-01')).toBeNull();
  });

  it('creates a policy after checking minutes and HH:MM, with a timezone dropdown', async () => {
    const fake = policiesApi(MANAGER, []);
    renderApp('/settings/patch-management');
    expect(await screen.findByTestId('policies-empty')).toBeTruthy();
    click(screen.getByTestId('create-policy'));
    click(screen.getByTestId('policy-submit'));
    expect(screen.getByTestId('policy-name-error').textContent).toBe('Name is required');

    change(screen.getByTestId('policy-name'), 'Hold');
    change(screen.getByTestId('policy-type'), 'delayed');
    expect(screen.getByTestId('policy-minutes').getAttribute('min')).toBe('1');
    change(screen.getByTestId('policy-minutes'), '0');
    click(screen.getByTestId('policy-submit'));
    expect(screen.getByTestId('policy-minutes-error').textContent).toContain('minimum 1');

    change(screen.getByTestId('policy-type'), 'fixed_time');
    change(screen.getByTestId('policy-time'), '3am');
    click(screen.getByTestId('policy-submit'));
    expect(screen.getByTestId('policy-time-error').textContent).toContain('HH:MM');
    change(screen.getByTestId('policy-time'), '03:00');
    const zone = screen.getByTestId('policy-zone') as HTMLSelectElement;
    expect(within(zone).getByRole('option', { name: 'Europe/London' })).toBeTruthy();
    change(zone, 'Europe/London');
    click(screen.getByTestId('policy-submit'));

    expect(await screen.findByTestId('policy-row-Hold')).toBeTruthy();
    expect(fake.callsTo('POST', '/patching/policies')[0]!.body).toEqual({
      name: 'Hold',
      description: null,
      patch_delay_type: 'fixed_time',
      delay_minutes: null,
      fixed_time_utc: '03:00',
      timezone: 'Europe/London',
    });
    expect(screen.getByTestId('policy-schedule-Hold').textContent).toBe('Fixed time at 03:00 Europe/London');
  });

  it('edits a policy in place and deletes it after confirming', async () => {
    const fake = policiesApi(MANAGER, [policy({})]);
    renderApp('/settings/patch-management');
    click(await screen.findByTestId('edit-policy-Nightly'));
    expect((screen.getByTestId('policy-time') as HTMLInputElement).value).toBe('03:00');
    change(screen.getByTestId('policy-type'), 'delayed');
    change(screen.getByTestId('policy-minutes'), '45');
    click(screen.getByTestId('policy-submit'));
    await waitFor(() => expect(screen.getByTestId('policy-schedule-Nightly').textContent).toBe('Delayed 45 min'));
    expect(fake.callsTo('PUT', '/patching/policies/p-1')[0]!.body).toMatchObject({ patch_delay_type: 'delayed', delay_minutes: 45, fixed_time_utc: null });

    click(screen.getByTestId('delete-policy-Nightly'));
    click(screen.getByTestId('delete-policy-confirm'));
    expect(await screen.findByTestId('policies-empty')).toBeTruthy();
    expect(fake.callsTo('DELETE', '/patching/policies/p-1')).toHaveLength(1);
  });

  it('is read-only without can_manage_patching', async () => {
    const fake = policiesApi(ALL_PERMISSIONS, [
      policy({ assignments: [{ id: 'a-g-1', target_type: 'host_group', target_id: 'g-1', target_name: 'Production', created_at: '2026-11-24T10:00:00Z' }] }),
    ]);
    renderApp('/settings/patch-management');
    click(await screen.findByTestId('policy-assignments-Nightly'));
    const chip = await screen.findByTestId('assignment-chip-Production');
    expect(within(chip).queryByRole('button')).toBeNull();
    expect(screen.queryByTestId('create-policy')).toBeNull();
    expect(screen.queryByTestId('edit-policy-Nightly')).toBeNull();
    expect(screen.queryByTestId('assign-add')).toBeNull();
    expect(screen.queryByTestId('exclude-add')).toBeNull();
    expect(fake.apiCalls().filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('renders on its own with canManage, as the Patching page will', async () => {
    policiesApi(['can_view_hosts'], [policy({})]);
    render(
      <AuthProvider>
        <PoliciesPanel canManage={false} />
      </AuthProvider>,
    );
    expect(await screen.findByTestId('policy-row-Nightly')).toBeTruthy();
    expect(screen.queryByTestId('create-policy')).toBeNull();
  });

  it('shows a load failure', async () => {
    const fake = policiesApi(MANAGER, []);
    fake.set('GET /patching/policies', () => json(500, { error: 'Internal server error' }));
    renderApp('/settings/patch-management');
    expect((await screen.findByTestId('policies-error')).textContent).toBe('Internal server error');
  });
});
