import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, signedInApi, type Handler } from '../../test/fakeApi';
import { ADMIN_PERMISSIONS, ALL_KEYS, keysIn, role, rolesResponse } from './testFixtures';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

const AUDITOR = role('compliance_auditor', ['can_view_reports', 'can_view_dashboard'], { users: 2 });

function rolesFake(handlers: Record<string, Handler> = {}, permissions: string[] = ADMIN_PERMISSIONS) {
  return signedInApi({ permissions }, { 'GET /roles': () => json(200, rolesResponse([AUDITOR])), ...handlers });
}

async function openRoles() {
  const view = renderApp('/settings/roles');
  await screen.findByTestId('role-matrix');
  return view;
}

function counter(name: string): string | null {
  return screen.getByTestId(`role-count-${name}`).textContent;
}

function checkedKeys(container: HTMLElement, prefix: string): string[] {
  return Array.from(container.querySelectorAll<HTMLInputElement>(`input[data-testid^="${prefix}-perm-"]`))
    .filter((input) => input.checked)
    .map((input) => input.getAttribute('data-testid')!.replace(`${prefix}-perm-`, ''));
}

describe('Roles matrix', () => {
  it('shows every role as a column with its n/20 counter, grouped tier rows and ticks', async () => {
    rolesFake();
    await openRoles();
    // The title is set in an effect after the first render.
    await waitFor(() => expect(document.title).toBe('Roles · PatchMon'));

    expect(counter('superadmin')).toBe('20/20');
    expect(counter('admin')).toBe('19/20');
    expect(counter('host_manager')).toBe('13/20');
    expect(counter('user')).toBe('6/20');
    expect(counter('readonly')).toBe('5/20');
    expect(counter('compliance_auditor')).toBe('2/20');

    const tiers = screen.getAllByTestId(/^tier-/).map((t) => t.textContent);
    expect(tiers).toEqual([
      'Monitoring & VisibilityLow risk',
      'Host & InfrastructureMedium risk',
      'OperationsMedium-High risk',
      'AdministrationHigh risk',
    ]);
    expect(screen.getAllByTestId(/^perm-row-/)).toHaveLength(20);
    expect(within(screen.getByTestId('perm-row-can_use_remote_access')).getByRole('rowheader').textContent).toContain(
      'Remote Access',
    );

    const cell = (r: string, p: string) => screen.getByTestId(`cell-${r}-${p}`);
    expect(cell('readonly', 'can_view_hosts').getAttribute('data-granted')).toBe('true');
    expect(within(cell('readonly', 'can_view_hosts')).getByRole('img', { name: 'Granted' })).toBeTruthy();
    expect(cell('readonly', 'can_manage_hosts').getAttribute('data-granted')).toBe('false');
    expect(within(cell('readonly', 'can_manage_hosts')).getByRole('img', { name: 'Not granted' })).toBeTruthy();
    expect(cell('admin', 'can_manage_superusers').getAttribute('data-granted')).toBe('false');
  });

  it('locks superadmin, admin and user: a lock and no pencil; the others have a pencil', async () => {
    rolesFake();
    await openRoles();
    for (const name of ['superadmin', 'admin', 'user']) {
      expect(screen.getByTestId(`role-locked-${name}`)).toBeTruthy();
      expect(screen.queryByTestId(`role-edit-${name}`)).toBeNull();
    }
    for (const name of ['host_manager', 'readonly', 'compliance_auditor']) {
      expect(screen.queryByTestId(`role-locked-${name}`)).toBeNull();
      expect(screen.getByTestId(`role-edit-${name}`)).toBeTruthy();
    }
    expect(screen.getByTestId('add-role')).toBeTruthy();
  });

  it('is view-only without can_manage_settings', async () => {
    rolesFake({}, ['can_view_users']);
    await openRoles();
    expect(screen.queryByTestId('add-role')).toBeNull();
    expect(screen.queryAllByTestId(/^role-edit-/)).toHaveLength(0);
    expect(screen.getByTestId('roles-read-only').textContent).toContain('can_manage_settings');
    expect(counter('host_manager')).toBe('13/20');
  });
});

describe('Role editor', () => {
  it('opens under the matrix, selects and deselects per group, and saves the ticks', async () => {
    const fake = rolesFake({
      'PUT /roles/readonly': (call) => {
        const permissions = (call.body as { permissions: Record<string, boolean> }).permissions;
        const granted = Object.keys(permissions).filter((k) => permissions[k]);
        return json(200, {
          message: 'Role updated successfully',
          role: role('readonly', granted, { builtIn: true, rank: 10 }),
        });
      },
    });
    await openRoles();
    act(() => {
      fireEvent.click(screen.getByTestId('role-edit-readonly'));
    });
    const editor = screen.getByTestId('role-editor');
    expect(within(editor).getByRole('heading', { name: 'Edit role: readonly' })).toBeTruthy();
    expect(checkedKeys(editor, 'role-editor')).toEqual(keysIn('monitoring'));
    expect(within(editor).getByTestId('role-editor-counter').textContent).toBe('5/20 permissions selected');
    // Built-in roles cannot be deleted.
    expect(within(editor).queryByTestId('role-editor-delete')).toBeNull();

    const monitoringToggle = within(editor).getByTestId('role-editor-toggle-monitoring');
    expect(monitoringToggle.textContent).toBe('Deselect all');
    act(() => {
      fireEvent.click(monitoringToggle);
    });
    expect(within(editor).getByTestId('role-editor-counter').textContent).toBe('0/20 permissions selected');
    act(() => {
      fireEvent.click(within(editor).getByTestId('role-editor-toggle-operations'));
    });
    act(() => {
      fireEvent.click(within(editor).getByTestId('role-editor-perm-can_view_dashboard'));
    });
    expect(within(editor).getByTestId('role-editor-counter').textContent).toBe('6/20 permissions selected');

    await act(async () => {
      fireEvent.click(within(editor).getByTestId('role-editor-save'));
    });
    const body = fake.callsTo('PUT', '/roles/readonly')[0]?.body as { permissions: Record<string, boolean> };
    expect(Object.keys(body.permissions)).toEqual(ALL_KEYS);
    expect(ALL_KEYS.filter((k) => body.permissions[k])).toEqual(['can_view_dashboard', ...keysIn('operations')]);

    await waitFor(() => expect(screen.queryByTestId('role-editor')).toBeNull());
    expect(counter('readonly')).toBe('6/20');
    expect(screen.getByTestId('cell-readonly-can_manage_patching').getAttribute('data-granted')).toBe('true');
    expect(screen.getByTestId('roles-notice').textContent).toBe('Role updated successfully');
  });

  it('shows the server refusal when saving', async () => {
    rolesFake({ 'PUT /roles/host_manager': () => json(400, { error: 'Cannot modify built-in role permissions' }) });
    await openRoles();
    act(() => {
      fireEvent.click(screen.getByTestId('role-edit-host_manager'));
    });
    const editor = screen.getByTestId('role-editor');
    await act(async () => {
      fireEvent.click(within(editor).getByTestId('role-editor-save'));
    });
    expect((await within(editor).findByTestId('role-editor-error')).textContent).toBe(
      'Cannot modify built-in role permissions',
    );
  });

  it('deletes a custom role after confirmation, and shows why the server refused', async () => {
    const fake = rolesFake({
      'DELETE /roles/compliance_auditor': () => json(400, { error: 'Cannot delete role: users are assigned to it' }),
    });
    await openRoles();
    act(() => {
      fireEvent.click(screen.getByTestId('role-edit-compliance_auditor'));
    });
    act(() => {
      fireEvent.click(within(screen.getByTestId('role-editor')).getByTestId('role-editor-delete'));
    });
    let dialog = screen.getByRole('dialog', { name: 'Delete Role' });
    expect(fake.callsTo('DELETE', '/roles/compliance_auditor')).toHaveLength(0);
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('delete-role-dialog-confirm'));
    });
    expect((await within(dialog).findByTestId('delete-role-dialog-error')).textContent).toBe(
      'Cannot delete role: users are assigned to it',
    );
    expect(screen.getByTestId('role-col-compliance_auditor')).toBeTruthy();

    fake.set('DELETE /roles/compliance_auditor', () => json(200, { message: 'Role deleted successfully' }));
    act(() => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    });
    act(() => {
      fireEvent.click(screen.getByTestId('role-editor-delete'));
    });
    dialog = screen.getByRole('dialog', { name: 'Delete Role' });
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('delete-role-dialog-confirm'));
    });
    await waitFor(() => expect(screen.queryByTestId('role-col-compliance_auditor')).toBeNull());
    expect(screen.queryByTestId('role-editor')).toBeNull();
    expect(screen.getByTestId('roles-notice').textContent).toBe('Role deleted successfully');
  });
});

describe('Add Role', () => {
  it('validates the name like the server, applies a preset with a live counter and creates the role', async () => {
    const fake = rolesFake({
      'POST /roles': (call) => {
        const { name, permissions } = call.body as { name: string; permissions: Record<string, boolean> };
        const granted = Object.keys(permissions).filter((k) => permissions[k]);
        return json(201, { message: 'Role created successfully', role: role(name, granted) });
      },
    });
    await openRoles();
    act(() => {
      fireEvent.click(screen.getByTestId('add-role'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Add Role' });
    const counterText = () => within(dialog).getByTestId('add-role-counter').textContent;
    expect(counterText()).toBe('0/20 permissions selected');

    const name = within(dialog).getByTestId('add-role-name');
    for (const bad of ['NOC operator', '1noc', 'n', 'noc-operator']) {
      act(() => {
        fireEvent.change(name, { target: { value: bad } });
      });
      await act(async () => {
        fireEvent.click(within(dialog).getByTestId('add-role-submit'));
      });
      expect(within(dialog).getByTestId('add-role-name-error').textContent).toBe(
        'Role name must be lowercase letters, numbers and underscores (2-50 characters, starting with a letter)',
      );
    }
    expect(fake.callsTo('POST', '/roles')).toHaveLength(0);

    act(() => {
      fireEvent.change(name, { target: { value: 'noc_operator' } });
    });
    expect(within(dialog).queryByTestId('add-role-name-error')).toBeNull();

    const preset = within(dialog).getByTestId('add-role-preset') as HTMLSelectElement;
    expect(Array.from(preset.options).map((o) => o.textContent)).toEqual([
      'Choose a preset…',
      'Read Only',
      'Operator',
      'Admin',
      'Clear All',
    ]);
    act(() => {
      fireEvent.change(preset, { target: { value: 'read_only' } });
    });
    expect(counterText()).toBe('5/20 permissions selected');
    act(() => {
      fireEvent.change(preset, { target: { value: 'admin' } });
    });
    expect(counterText()).toBe('20/20 permissions selected');
    act(() => {
      fireEvent.change(preset, { target: { value: 'clear_all' } });
    });
    expect(counterText()).toBe('0/20 permissions selected');
    act(() => {
      fireEvent.change(preset, { target: { value: 'operator' } });
    });
    expect(counterText()).toBe('13/20 permissions selected');
    expect(checkedKeys(dialog, 'add-role')).toEqual(keysIn('monitoring', 'host_infrastructure', 'operations'));

    // Ticking on top of the preset counts live.
    act(() => {
      fireEvent.click(within(dialog).getByTestId('add-role-perm-can_export_data'));
    });
    expect(counterText()).toBe('14/20 permissions selected');
    act(() => {
      fireEvent.click(within(dialog).getByTestId('add-role-toggle-administration'));
    });
    expect(counterText()).toBe('20/20 permissions selected');
    act(() => {
      fireEvent.click(within(dialog).getByTestId('add-role-toggle-administration'));
    });
    expect(counterText()).toBe('13/20 permissions selected');

    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-role-submit'));
    });
    const body = fake.callsTo('POST', '/roles')[0]?.body as { name: string; permissions: Record<string, boolean> };
    expect(body.name).toBe('noc_operator');
    expect(ALL_KEYS.filter((k) => body.permissions[k])).toEqual(keysIn('monitoring', 'host_infrastructure', 'operations'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(counter('noc_operator')).toBe('13/20');
    expect(screen.getByTestId('role-edit-noc_operator')).toBeTruthy();
    expect(screen.getByTestId('roles-notice').textContent).toBe('Role created successfully');
  });

  it('shows the server errors: an existing role and its validation messages', async () => {
    const fake = rolesFake({ 'POST /roles': () => json(400, { error: 'Role already exists' }) });
    await openRoles();
    act(() => {
      fireEvent.click(screen.getByTestId('add-role'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Add Role' });
    act(() => {
      fireEvent.change(within(dialog).getByTestId('add-role-name'), { target: { value: 'compliance_auditor' } });
    });
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-role-submit'));
    });
    expect((await within(dialog).findByTestId('add-role-error')).textContent).toBe('Role already exists');

    fake.set('POST /roles', () =>
      json(400, { errors: [{ msg: 'Unknown permission: can_fly', param: 'permissions', location: 'body' }] }),
    );
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-role-submit'));
    });
    expect((await within(dialog).findByTestId('add-role-error')).textContent).toBe('Unknown permission: can_fly');
  });
});
