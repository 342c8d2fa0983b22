import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, signedInApi, where, type Handler } from '../../test/fakeApi';
import {
  ADMIN_PERMISSIONS,
  authSettings,
  meAs,
  role,
  rolesResponse,
  user,
  usersList,
} from './testFixtures';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

function usersApiFake(handlers: Record<string, Handler> = {}, permissions: string[] = ADMIN_PERMISSIONS) {
  return signedInApi(
    { permissions },
    {
      'GET /users': () => json(200, usersList()),
      'GET /roles': () => json(200, rolesResponse([role('noc_operator', [], { users: 0 })])),
      'GET /settings/auth': () => json(200, authSettings()),
      ...handlers,
    },
  );
}

async function openUsers(path = '/settings/users') {
  const view = renderApp(path);
  await screen.findByTestId('user-row-alice');
  return view;
}

function row(username: string) {
  return screen.getByTestId(`user-row-${username}`);
}

function visibleUsernames(): string[] {
  return screen
    .getAllByTestId(/^user-row-/)
    .map((r) => r.getAttribute('data-testid')!.replace('user-row-', ''));
}

function change(element: HTMLElement, value: string) {
  act(() => {
    fireEvent.change(element, { target: { value } });
  });
}

describe('Settings area', () => {
  it('redirects /settings to Users for holders of can_view_users, with the grouped sub-navigation', async () => {
    usersApiFake();
    const { router } = renderApp('/settings');
    expect(await screen.findByRole('heading', { level: 1, name: 'Users' })).toBeTruthy();
    expect(where(router)).toBe('/settings/users');
    // The title is set in an effect after the first render.
    await waitFor(() => expect(document.title).toBe('Users · PatchMon'));

    const nav = screen.getByRole('navigation', { name: 'Settings' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['Users', '/settings/users'],
      ['Roles', '/settings/roles'],
      ['My Profile', '/settings/profile'],
      ['Host Groups', '/settings/host-groups'],
      ['Patch Management', '/settings/patch-management'],
      ['Agent Updates', '/settings/agent-config'],
      ['API integrations', '/settings/integrations'],
    ]);
    expect(screen.getByTestId('settings-nav-users').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
    // Pages still to come are listed, but not as links.
    expect(within(nav).getByText('Agent Version').closest('a')).toBeNull();
    expect(screen.getByTestId('settings-nav-agent-version').getAttribute('aria-disabled')).toBe('true');
    expect(within(nav).getByText('Hosts Management')).toBeTruthy();
  });

  it('redirects /settings to Roles for settings managers without user permissions', async () => {
    signedInApi({ permissions: ['can_manage_settings'] }, { 'GET /roles': () => json(200, rolesResponse()) });
    const { router } = renderApp('/settings');
    expect(await screen.findByRole('heading', { level: 1, name: 'Roles' })).toBeTruthy();
    expect(where(router)).toBe('/settings/roles');
    const nav = screen.getByRole('navigation', { name: 'Settings' });
    expect(within(nav).getAllByRole('link').map((l) => l.textContent)).toEqual([
      'Roles',
      'My Profile',
      'Host Groups',
      'Agent Updates',
      'API integrations',
    ]);
  });

  it('sends everyone else to My Profile and denies Users and Roles', async () => {
    signedInApi({ permissions: ['can_view_dashboard'] });
    const { router } = renderApp('/settings');
    expect(await screen.findByRole('heading', { level: 1, name: 'My profile' })).toBeTruthy();
    expect(where(router)).toBe('/settings/profile');
    const nav = screen.getByRole('navigation', { name: 'Settings' });
    expect(within(nav).getAllByRole('link').map((l) => l.textContent)).toEqual(['My Profile']);
    expect(within(nav).queryByText('Host Groups')).toBeNull();
    expect(within(nav).queryByText('API integrations')).toBeNull();

    await act(async () => {
      await router.navigate('/settings/users');
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Access denied' })).toBeTruthy();
    expect(screen.getByText('can_view_users')).toBeTruthy();
  });
});

describe('Users list', () => {
  it('shows each user with role badge, status, 2FA and last login', async () => {
    usersApiFake();
    await openUsers();

    const alice = row('alice');
    expect(within(alice).getByText('Alice Liddell')).toBeTruthy();
    expect(within(alice).getByText('alice@example.com')).toBeTruthy();
    expect(within(alice).getByTestId('user-role').textContent).toBe('Super Admin');
    expect(within(alice).getByText('you')).toBeTruthy();
    expect(within(alice).getByTestId('user-tfa').textContent).toBe('On');
    expect(within(alice).getByTestId('user-last-login').textContent).toBe('5 minutes ago');

    const bob = row('bob');
    expect(within(bob).getByTestId('user-role').textContent).toBe('Host Manager');
    expect(within(bob).getByTestId('user-status').textContent).toBe('Active');
    expect(within(bob).getByTestId('user-last-login').textContent).toBe('3 days ago');

    const carol = row('carol');
    const status = within(carol).getByTestId('user-status');
    expect(status.textContent).toBe('Inactive');
    expect(status.className).toContain('badge--danger');
    expect(within(carol).getByTestId('user-tfa').textContent).toBe('Off');
    expect(within(carol).getByTestId('user-last-login').textContent).toBe('Never');
    expect(screen.getByTestId('users-count').textContent).toBe('3 of 3 users');
  });

  it('filters by search text and by role', async () => {
    usersApiFake();
    await openUsers();

    change(screen.getByTestId('users-search'), 'BUILDER');
    expect(visibleUsernames()).toEqual(['bob']);
    change(screen.getByTestId('users-search'), 'carol@example');
    expect(visibleUsernames()).toEqual(['carol']);
    change(screen.getByTestId('users-search'), '');

    const filter = screen.getByTestId('users-role-filter') as HTMLSelectElement;
    expect(Array.from(filter.options).map((o) => o.value)).toEqual([
      '',
      'superadmin',
      'admin',
      'host_manager',
      'user',
      'readonly',
      'noc_operator',
    ]);
    change(filter, 'user');
    expect(visibleUsernames()).toEqual(['carol']);
    expect(screen.getByTestId('users-count').textContent).toBe('1 of 3 users');

    change(screen.getByTestId('users-search'), 'alice');
    expect(screen.queryAllByTestId(/^user-row-/)).toHaveLength(0);
    expect(screen.getByTestId('users-empty').textContent).toBe('No users match the search and role filter.');
  });

  it('hides Add User and the row actions without can_manage_users, and skips the auth settings', async () => {
    const fake = usersApiFake({}, ['can_view_users', 'can_view_dashboard']);
    await openUsers();
    expect(screen.queryByTestId('add-user')).toBeNull();
    expect(screen.queryByTestId('edit-user-bob')).toBeNull();
    expect(screen.queryByTestId('delete-user-bob')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    expect(fake.callsTo('GET', '/settings/auth')).toHaveLength(0);
    expect(screen.queryByTestId('registration-settings')).toBeNull();
  });

  it('shows the server error when the list cannot be loaded, and retries', async () => {
    const fake = usersApiFake({ 'GET /users': () => json(403, { error: 'Insufficient permissions' }) });
    renderApp('/settings/users');
    expect((await screen.findByTestId('users-load-error')).textContent).toContain('Insufficient permissions');
    fake.set('GET /users', () => json(200, usersList()));
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    });
    await screen.findByTestId('user-row-alice');
  });
});

describe('Add User', () => {
  it('lists only the roles a superadmin may assign (all), creates the user and shows them', async () => {
    const created = user({ id: 'u-9', username: 'dave', email: 'dave@example.com', role: 'noc_operator' });
    const fake = usersApiFake({
      'POST /users': () => json(201, { message: 'User created successfully', user: created }),
    });
    await openUsers();

    act(() => {
      fireEvent.click(screen.getByTestId('add-user'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Add User' });
    expect(document.activeElement).toBe(screen.getByTestId('add-user-username'));
    const select = within(dialog).getByTestId('add-user-role') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual([
      'superadmin',
      'admin',
      'host_manager',
      'user',
      'readonly',
      'noc_operator',
    ]);
    expect(select.value).toBe('user');

    // The checklist follows the organisation's policy (12 characters, no special character rule).
    const checklist = within(dialog).getByTestId('password-checklist');
    expect(within(checklist).getAllByRole('listitem').map((li) => li.getAttribute('data-rule'))).toEqual([
      'length',
      'uppercase',
      'lowercase',
      'number',
    ]);
    expect(checklist.textContent).toContain('At least 12 characters');

    change(within(dialog).getByTestId('add-user-username'), 'dave');
    change(within(dialog).getByTestId('add-user-email'), 'dave@example.com');
    change(within(dialog).getByTestId('add-user-first-name'), ' Dave ');
    change(within(dialog).getByTestId('add-user-password'), 'Correct-Horse-42');
    change(select, 'noc_operator');
    expect(checklist.querySelectorAll('[data-met="true"]')).toHaveLength(4);

    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-user-submit'));
    });

    expect(fake.callsTo('POST', '/users')[0]?.body).toEqual({
      username: 'dave',
      email: 'dave@example.com',
      password: 'Correct-Horse-42',
      first_name: 'Dave',
      role: 'noc_operator',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(row('dave')).getByTestId('user-role').textContent).toBe('noc_operator');
    expect(screen.getByTestId('users-notice').textContent).toBe('User created successfully');
  });

  it('offers an admin only the roles at or below their rank, never admin or superadmin', async () => {
    usersApiFake({ 'GET /auth/me': () => json(200, meAs('admin', ADMIN_PERMISSIONS)) });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('add-user'));
    });
    const select = screen.getByTestId('add-user-role') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['host_manager', 'user', 'readonly', 'noc_operator']);
  });

  it('offers a custom-role user management holder nothing above rank 30 and admin only with can_manage_superusers', async () => {
    usersApiFake({
      'GET /auth/me': () => json(200, meAs('noc_operator', ['can_view_users', 'can_manage_users'])),
    });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('add-user'));
    });
    const select = screen.getByTestId('add-user-role') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['user', 'readonly', 'noc_operator']);
  });

  it('shows the server 403 text and field errors, and keeps the dialog open', async () => {
    const fake = usersApiFake({
      'POST /users': () => json(403, { error: 'You do not have permission to assign the role: admin' }),
    });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('add-user'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Add User' });

    // Nothing is sent while required fields are empty.
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-user-submit'));
    });
    expect(fake.callsTo('POST', '/users')).toHaveLength(0);
    expect(within(dialog).getByTestId('add-user-username-error').textContent).toContain('at least 3 characters');

    change(within(dialog).getByTestId('add-user-username'), 'eve');
    change(within(dialog).getByTestId('add-user-email'), 'eve@example.com');
    change(within(dialog).getByTestId('add-user-password'), 'Correct-Horse-42');
    change(within(dialog).getByTestId('add-user-role'), 'admin');
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-user-submit'));
    });
    expect((await within(dialog).findByTestId('add-user-error')).textContent).toBe(
      'You do not have permission to assign the role: admin',
    );
    expect(screen.queryByTestId('user-row-eve')).toBeNull();

    fake.set('POST /users', () =>
      json(400, {
        errors: [
          { msg: 'Valid email is required', param: 'email', location: 'body' },
          { msg: 'Password must be at least 12 characters long', param: 'password', location: 'body' },
        ],
      }),
    );
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-user-submit'));
    });
    expect((await within(dialog).findByTestId('add-user-email-error')).textContent).toBe('Valid email is required');
    expect(within(dialog).getByTestId('add-user-password-error').textContent).toBe(
      'Password must be at least 12 characters long',
    );

    fake.set('POST /users', () => json(400, { error: 'Username or email already exists' }));
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('add-user-submit'));
    });
    expect((await within(dialog).findByTestId('add-user-error')).textContent).toBe('Username or email already exists');
  });
});

describe('Edit User', () => {
  it('disables the role and Active for your own account', async () => {
    usersApiFake();
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('edit-user-alice'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Edit User' });
    const select = within(dialog).getByTestId('edit-user-role') as HTMLSelectElement;
    expect(select.disabled).toBe(true);
    expect(select.value).toBe('superadmin');
    expect(within(dialog).getByText('You cannot change your own role.')).toBeTruthy();
    expect((within(dialog).getByTestId('edit-user-active') as HTMLInputElement).disabled).toBe(true);
  });

  it('sends only the changed fields and updates the row', async () => {
    const fake = usersApiFake({
      'PUT /users/u-2': (call) =>
        json(200, {
          message: 'User updated successfully',
          user: { ...usersList()[1], ...(call.body as object) },
        }),
    });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('edit-user-bob'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Edit User' });
    expect((within(dialog).getByTestId('edit-user-role') as HTMLSelectElement).disabled).toBe(false);
    change(within(dialog).getByTestId('edit-user-role'), 'readonly');
    act(() => {
      fireEvent.click(within(dialog).getByTestId('edit-user-active'));
    });
    change(within(dialog).getByTestId('edit-user-last-name'), '');
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('edit-user-submit'));
    });

    expect(fake.callsTo('PUT', '/users/u-2')[0]?.body).toEqual({ last_name: '', role: 'readonly', is_active: false });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(row('bob')).getByTestId('user-role').textContent).toBe('Readonly');
    expect(within(row('bob')).getByTestId('user-status').textContent).toBe('Inactive');
    expect(screen.getByTestId('users-notice').textContent).toBe('User updated successfully');
  });

  it('shows the server refusal text', async () => {
    usersApiFake({
      'PUT /users/u-2': () => json(400, { error: 'Cannot change the role of the last superadmin user' }),
    });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('edit-user-bob'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Edit User' });
    change(within(dialog).getByTestId('edit-user-role'), 'user');
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('edit-user-submit'));
    });
    expect((await within(dialog).findByTestId('edit-user-error')).textContent).toBe(
      'Cannot change the role of the last superadmin user',
    );
  });
});

describe('Reset password', () => {
  it('checks the confirmation, sends new_password and shows the result', async () => {
    const fake = usersApiFake({
      'POST /users/u-2/reset-password': () => json(200, { message: 'Password reset successfully' }),
    });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('reset-user-bob'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Reset Password' });
    expect(within(dialog).getByText('bob')).toBeTruthy();

    change(within(dialog).getByTestId('reset-password-new'), 'short');
    const checklist = within(dialog).getByTestId('password-checklist');
    expect(checklist.querySelector('[data-rule="length"]')?.getAttribute('data-met')).toBe('false');
    change(within(dialog).getByTestId('reset-password-new'), 'New-Password-2025');
    expect(checklist.querySelector('[data-rule="length"]')?.getAttribute('data-met')).toBe('true');
    change(within(dialog).getByTestId('reset-password-confirm'), 'New-Password-2026');
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('reset-password-submit'));
    });
    expect(within(dialog).getByTestId('reset-password-confirm-error').textContent).toBe('Passwords do not match.');
    expect(fake.callsTo('POST', '/users/u-2/reset-password')).toHaveLength(0);

    change(within(dialog).getByTestId('reset-password-confirm'), 'New-Password-2025');
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('reset-password-submit'));
    });
    expect(fake.callsTo('POST', '/users/u-2/reset-password')[0]?.body).toEqual({ new_password: 'New-Password-2025' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('users-notice').textContent).toBe('Password reset successfully');
  });

  it('shows why the server refused', async () => {
    usersApiFake({
      'POST /users/u-3/reset-password': () => json(400, { error: 'Cannot reset password for inactive user' }),
    });
    await openUsers();
    act(() => {
      fireEvent.click(screen.getByTestId('reset-user-carol'));
    });
    const dialog = screen.getByRole('dialog', { name: 'Reset Password' });
    change(within(dialog).getByTestId('reset-password-new'), 'New-Password-2025');
    change(within(dialog).getByTestId('reset-password-confirm'), 'New-Password-2025');
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('reset-password-submit'));
    });
    expect((await within(dialog).findByTestId('reset-password-error')).textContent).toBe(
      'Cannot reset password for inactive user',
    );
  });
});

describe('Delete user', () => {
  it('asks for confirmation; Cancel sends nothing, Delete removes the row', async () => {
    const fake = usersApiFake({ 'DELETE /users/u-2': () => json(200, { message: 'User deleted successfully' }) });
    await openUsers();

    act(() => {
      fireEvent.click(screen.getByTestId('delete-user-bob'));
    });
    let dialog = screen.getByRole('dialog', { name: 'Delete User' });
    expect(dialog.textContent).toContain('Delete bob (Bob Builder)?');
    act(() => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsTo('DELETE', '/users/u-2')).toHaveLength(0);

    act(() => {
      fireEvent.click(screen.getByTestId('delete-user-bob'));
    });
    dialog = screen.getByRole('dialog', { name: 'Delete User' });
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('delete-user-dialog-confirm'));
    });
    expect(fake.callsTo('DELETE', '/users/u-2')).toHaveLength(1);
    await waitFor(() => expect(screen.queryByTestId('user-row-bob')).toBeNull());
    expect(screen.getByTestId('users-notice').textContent).toBe('User deleted successfully');
  });

  it('shows the server refusal (last superadmin, own account) in the dialog and keeps the row', async () => {
    usersApiFake({
      'DELETE /users/u-2': () => json(400, { error: 'Cannot delete the last superadmin user' }),
      'DELETE /users/u-1': () => json(400, { error: 'Cannot delete your own account' }),
    });
    await openUsers();

    act(() => {
      fireEvent.click(screen.getByTestId('delete-user-bob'));
    });
    let dialog = screen.getByRole('dialog', { name: 'Delete User' });
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('delete-user-dialog-confirm'));
    });
    const error = await within(dialog).findByTestId('delete-user-dialog-error');
    expect(error.textContent).toBe('Cannot delete the last superadmin user');
    expect(error.getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('user-row-bob')).toBeTruthy();
    act(() => {
      fireEvent.keyDown(dialog, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();

    act(() => {
      fireEvent.click(screen.getByTestId('delete-user-alice'));
    });
    dialog = screen.getByRole('dialog', { name: 'Delete User' });
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('delete-user-dialog-confirm'));
    });
    expect((await within(dialog).findByTestId('delete-user-dialog-error')).textContent).toBe(
      'Cannot delete your own account',
    );
  });
});

describe('User Registration Settings', () => {
  it('saves self-registration with a default role that is never admin or superadmin', async () => {
    const fake = usersApiFake({
      'PUT /settings/auth': (call) => json(200, { ...authSettings(), ...(call.body as object) }),
    });
    await openUsers();
    const card = await screen.findByTestId('registration-settings');
    const select = within(card).getByTestId('registration-default-role') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['host_manager', 'user', 'readonly', 'noc_operator']);
    expect(select.value).toBe('user');
    expect(within(card).queryByTestId('registration-link')).toBeNull();

    act(() => {
      fireEvent.click(within(card).getByTestId('registration-enabled'));
    });
    change(select, 'readonly');
    await act(async () => {
      fireEvent.click(within(card).getByTestId('registration-save'));
    });

    expect(fake.callsTo('PUT', '/settings/auth')[0]?.body).toEqual({
      self_registration_enabled: true,
      default_role: 'readonly',
    });
    expect((await within(card).findByTestId('registration-saved')).textContent).toBe('Registration settings saved.');
    expect(within(card).getByTestId('registration-link').textContent).toContain('/register?org=acme-corp');
  });

  it('shows the server error', async () => {
    usersApiFake({
      'PUT /settings/auth': () =>
        json(400, {
          errors: [
            {
              msg: 'The default role for new users cannot be admin or superadmin',
              param: 'default_role',
              location: 'body',
            },
          ],
        }),
    });
    await openUsers();
    const card = await screen.findByTestId('registration-settings');
    await act(async () => {
      fireEvent.click(within(card).getByTestId('registration-save'));
    });
    expect((await within(card).findByTestId('registration-error')).textContent).toBe(
      'The default role for new users cannot be admin or superadmin',
    );
  });

  it('is read-only for user managers without can_manage_settings', async () => {
    usersApiFake({}, ['can_view_users', 'can_manage_users']);
    await openUsers();
    const card = await screen.findByTestId('registration-settings');
    expect((within(card).getByTestId('registration-enabled') as HTMLInputElement).disabled).toBe(true);
    expect((within(card).getByTestId('registration-default-role') as HTMLSelectElement).disabled).toBe(true);
    expect(within(card).queryByTestId('registration-save')).toBeNull();
    expect(within(card).getByRole('note').textContent).toContain('can_manage_settings');
    const security = screen.getByTestId('security-settings');
    expect((within(security).getByTestId('security-min_length') as HTMLInputElement).disabled).toBe(true);
    expect(within(security).queryByTestId('security-save')).toBeNull();
  });

  it('saves the password policy and two-factor limits, checking ranges first', async () => {
    const fake = usersApiFake({
      'PUT /settings/auth': (call) => json(200, { ...authSettings(), ...(call.body as object) }),
    });
    await openUsers();
    const card = await screen.findByTestId('security-settings');
    expect((within(card).getByTestId('security-min_length') as HTMLInputElement).value).toBe('12');

    change(within(card).getByTestId('security-min_length'), '7');
    await act(async () => {
      fireEvent.click(within(card).getByTestId('security-save'));
    });
    expect(within(card).getByTestId('security-error').textContent).toContain(
      'Minimum length must be a whole number from 8 to 72.',
    );
    expect(fake.callsTo('PUT', '/settings/auth')).toHaveLength(0);

    change(within(card).getByTestId('security-min_length'), '14');
    act(() => {
      fireEvent.click(within(card).getByTestId('security-require_special'));
    });
    change(within(card).getByTestId('security-lockout_minutes'), '60');
    await act(async () => {
      fireEvent.click(within(card).getByTestId('security-save'));
    });
    expect(fake.callsTo('PUT', '/settings/auth')[0]?.body).toEqual({
      password_policy: {
        min_length: 14,
        require_uppercase: true,
        require_lowercase: true,
        require_number: true,
        require_special: true,
      },
      tfa: { max_attempts: 5, lockout_minutes: 60, remember_me_days: 30, max_remember_sessions: 5 },
    });
    expect((await within(card).findByTestId('security-saved')).textContent).toBe('Security settings saved.');

    // The add-user checklist now follows the saved policy.
    act(() => {
      fireEvent.click(screen.getByTestId('add-user'));
    });
    const checklist = within(screen.getByRole('dialog', { name: 'Add User' })).getByTestId('password-checklist');
    expect(checklist.textContent).toContain('At least 14 characters');
    expect(checklist.querySelector('[data-rule="special"]')).not.toBeNull();
  });
});
