import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, sessionBody, signedInApi, type Handler } from '../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
});

afterEach(() => {
  cleanup();
});

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function click(testId: string) {
  act(() => {
    fireEvent.click(screen.getByTestId(testId));
  });
}

type ProfileUser = Omit<ReturnType<typeof sessionBody>['user'], 'theme_preference'> & { theme_preference: string | null };

function profileUser(overrides: Partial<ProfileUser> = {}): ProfileUser {
  return { ...sessionBody().user, ...overrides };
}

async function openProfile(handlers: Record<string, Handler>, hash = '') {
  const api = signedInApi({}, { 'GET /profile': () => json(200, profileUser()), ...handlers });
  const view = renderApp(`/settings/profile${hash}`);
  await screen.findByRole('heading', { level: 1, name: 'My profile' });
  return { api, ...view };
}

describe('My profile: tabs', () => {
  it('has the four tabs, opens the one the hash names and keeps the hash in step', async () => {
    const { router } = await openProfile({ 'GET /auth/trusted-devices': () => json(200, []) }, '#devices');
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Profile',
      'Change password',
      'Multi-Factor Authentication',
      'Trusted devices',
    ]);
    expect(screen.getByTestId('profile-tab-devices').getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('devices-empty')).toBeTruthy();

    click('profile-tab-password');
    expect(router.state.location.hash).toBe('#password');
    expect(screen.getByTestId('password-current')).toBeTruthy();
    expect(screen.queryByTestId('devices-empty')).toBeNull();

    // Arrow keys move between tabs.
    act(() => {
      fireEvent.keyDown(screen.getByTestId('profile-tab-password'), { key: 'ArrowRight' });
    });
    expect(router.state.location.hash).toBe('#tfa');
    expect(document.activeElement).toBe(screen.getByTestId('profile-tab-tfa'));
  });
});

describe('My profile: details', () => {
  it('loads the details, saves changes, updates the header and applies the theme', async () => {
    const { api } = await openProfile({
      'PUT /profile': (call) =>
        json(200, { message: 'Profile updated successfully', user: profileUser(call.body as Partial<ProfileUser>) }),
    });
    await waitFor(() => expect((screen.getByTestId('profile-first-name') as HTMLInputElement).value).toBe('Alice'));
    expect((screen.getByTestId('profile-email') as HTMLInputElement).value).toBe('alice@example.com');
    expect((screen.getByTestId('profile-theme') as HTMLSelectElement).value).toBe('system');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');

    type('profile-first-name', '  Alicia ');
    fireEvent.change(screen.getByTestId('profile-theme'), { target: { value: 'dark' } });
    click('profile-save');

    await waitFor(() => expect(screen.getByTestId('profile-saved').textContent).toBe('Your profile has been saved.'));
    expect(api.callsTo('PUT', '/profile')[0]!.body).toEqual({
      first_name: 'Alicia',
      last_name: 'Liddell',
      email: 'alice@example.com',
      theme_preference: 'dark',
    });
    expect(screen.getByTestId('user-name').textContent).toBe('Alicia Liddell');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem('patchmon-theme')).toBe('dark');
    // The header's toggle follows the saved theme.
    expect(screen.getByTestId('theme-toggle').getAttribute('aria-label')).toBe('Switch to light theme');

    // "System" forgets the stored choice and follows the operating system (light here).
    fireEvent.change(screen.getByTestId('profile-theme'), { target: { value: 'system' } });
    click('profile-save');
    await waitFor(() => expect(api.callsTo('PUT', '/profile')).toHaveLength(2));
    await waitFor(() => expect(document.documentElement.getAttribute('data-theme')).toBe('light'));
    expect(window.localStorage.getItem('patchmon-theme')).toBeNull();
    expect((api.callsTo('PUT', '/profile')[1]!.body as { theme_preference?: string }).theme_preference).toBe('system');
  });

  it('leaves the theme alone when it was not changed', async () => {
    window.localStorage.setItem('patchmon-theme', 'dark');
    const { api } = await openProfile({
      'GET /profile': () => json(200, profileUser({ theme_preference: 'light' })),
      'PUT /profile': (call) => json(200, { message: 'ok', user: profileUser({ ...(call.body as object), theme_preference: 'light' }) }),
    });
    await waitFor(() => expect((screen.getByTestId('profile-theme') as HTMLSelectElement).value).toBe('light'));
    type('profile-last-name', 'Pleasance');
    click('profile-save');
    await waitFor(() => expect(screen.getByTestId('profile-saved').textContent).toBe('Your profile has been saved.'));
    expect(api.callsTo('PUT', '/profile')[0]!.body).toEqual({ first_name: 'Alice', last_name: 'Pleasance', email: 'alice@example.com' });
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
  });

  it('shows the server’s field errors next to their fields and focuses the first', async () => {
    await openProfile({
      'PUT /profile': () =>
        json(400, {
          errors: [
            { msg: 'Email is already in use', param: 'email', location: 'body' },
            { msg: 'Last name is too long', param: 'last_name', location: 'body' },
            { msg: 'Something else is off', param: 'nickname', location: 'body' },
          ],
        }),
    });
    await waitFor(() => expect((screen.getByTestId('profile-email') as HTMLInputElement).value).toBe('alice@example.com'));
    type('profile-email', 'taken@example.com');
    click('profile-save');
    expect((await screen.findByTestId('profile-email-error')).textContent).toBe('Email is already in use');
    expect(screen.getByTestId('profile-last-name-error').textContent).toBe('Last name is too long');
    expect(screen.getByTestId('profile-error').textContent).toBe('Something else is off');
    expect(screen.getByTestId('profile-email').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('profile-last-name'));
    expect(screen.getByTestId('profile-saved').textContent).toBe('');
    // The header keeps the old details.
    expect(screen.getByTestId('user-name').textContent).toBe('Alice Liddell');
  });

  it('asks for an email before calling the server', async () => {
    const { api } = await openProfile({});
    await screen.findByTestId('profile-email');
    type('profile-email', '  ');
    click('profile-save');
    expect(screen.getByTestId('profile-email-error').textContent).toBe('Enter your email address.');
    expect(api.callsTo('PUT', '/profile')).toHaveLength(0);
  });

  it('says when the profile cannot be loaded and retries', async () => {
    let fail = true;
    await openProfile({ 'GET /profile': () => (fail ? json(500, { error: 'Internal server error' }) : json(200, profileUser())) });
    expect((await screen.findByTestId('profile-load-error')).textContent).toContain('Internal server error');
    fail = false;
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    });
    expect(await screen.findByTestId('profile-email')).toBeTruthy();
  });
});

describe('My profile: change password', () => {
  async function openPassword(handler: Handler) {
    const view = await openProfile({ 'PUT /profile/password': handler }, '#password');
    await screen.findByTestId('password-current');
    return view;
  }

  function fill(current: string, next: string, confirm = next) {
    type('password-current', current);
    type('password-new', next);
    type('password-confirm', confirm);
    click('password-submit');
  }

  it('checks the confirmation and the policy live, without calling the server', async () => {
    const { api } = await openPassword(() => json(200, { message: 'Password changed successfully' }));
    type('password-new', 'short');
    const checklist = screen.getByTestId('password-checklist');
    expect(within(checklist).getAllByRole('listitem').map((li) => li.getAttribute('data-met'))).toEqual([
      'false',
      'false',
      'true',
      'false',
      'false',
    ]);
    fill('Old#Secret1', 'New#Secret12', 'New#Secret13');
    expect(screen.getByTestId('password-confirm-error').textContent).toBe('Passwords do not match.');
    expect(api.callsTo('PUT', '/profile/password')).toHaveLength(0);
    expect(within(checklist).getAllByRole('listitem').every((li) => li.getAttribute('data-met') === 'true')).toBe(true);
  });

  it('puts "Current password is incorrect" under the current password', async () => {
    await openPassword(() => json(400, { error: 'Current password is incorrect' }));
    fill('wrong', 'New#Secret12');
    expect((await screen.findByTestId('password-current-error')).textContent).toBe('Current password is incorrect');
    expect(document.activeElement).toBe(screen.getByTestId('password-current'));
    expect(screen.queryByTestId('password-changed')).toBeNull();
  });

  it('puts the policy errors under the new password', async () => {
    await openPassword(() =>
      json(400, {
        errors: [
          { msg: 'Password must be at least 12 characters long', param: 'new_password', location: 'body' },
          { msg: 'Password must contain at least one special character', param: 'new_password', location: 'body' },
        ],
      }),
    );
    fill('Old#Secret1', 'Newsecret12');
    const errors = await screen.findByTestId('password-new-error');
    expect(within(errors).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Password must be at least 12 characters long',
      'Password must contain at least one special character',
    ]);
    expect(screen.queryByTestId('password-error')).toBeNull();
  });

  it('shows the rate limit with how long to wait', async () => {
    await openPassword(() =>
      json(429, { error: 'Too many password change attempts, please try again later.' }, { 'Retry-After': '900' }),
    );
    fill('Old#Secret1', 'New#Secret12');
    expect((await screen.findByTestId('password-error')).textContent).toBe(
      'Too many password change attempts, please try again later. Try again in 15 minutes.',
    );
  });

  it('changes the password, clears the fields and says the other sessions ended', async () => {
    const { api } = await openPassword(() => json(200, { message: 'Password changed successfully' }));
    fill('Old#Secret1', 'New#Secret12');
    expect((await screen.findByTestId('password-changed')).textContent).toContain('other sessions have been signed out');
    expect(api.callsTo('PUT', '/profile/password')[0]!.body).toEqual({
      current_password: 'Old#Secret1',
      new_password: 'New#Secret12',
    });
    for (const id of ['password-current', 'password-new', 'password-confirm']) {
      expect((screen.getByTestId(id) as HTMLInputElement).value).toBe('');
    }
  });
});

describe('My profile: multi-factor authentication', () => {
  const CODES = ['AAAA2222', 'BBBB3333', 'CCCC4444', 'DDDD5555', 'EEEE6666', 'FFFF7777', 'GGGG8888', 'HHHH9999', 'JJJJ2222', 'KKKK3333'];

  it('enables TFA through the enrolment and then shows it as on', async () => {
    let enabled = false;
    const { api } = await openProfile(
      {
        'GET /tfa/status': () => json(200, { enabled, backup_codes_remaining: enabled ? 10 : 0 }),
        'POST /tfa/setup': () =>
          json(200, { secret: 'JBSWY3DPEHPK3PXP', manual_entry_key: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://totp/PatchMon%20Cloud:alice?secret=JBSWY3DPEHPK3PXP' }),
        'POST /tfa/verify-setup': () => {
          enabled = true;
          return json(200, { message: 'enabled', backup_codes: CODES });
        },
      },
      '#tfa',
    );
    expect((await screen.findByTestId('tfa-status')).textContent).toContain('Two-factor authentication is off');
    expect(screen.queryByTestId('tfa-disable')).toBeNull();
    click('tfa-enable');
    await screen.findByTestId('tfa-qr');
    expect(screen.getByTestId('tfa-manual-key').textContent).toBe('JBSWY3DPEHPK3PXP');
    click('tfa-continue');
    type('tfa-verify-code', '123456');
    click('tfa-verify-submit');
    const list = await screen.findByTestId('tfa-backup-codes');
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    click('tfa-done');

    await waitFor(() => expect(screen.getByTestId('tfa-status').textContent).toContain('Two-factor authentication is on'));
    expect(screen.getByTestId('tfa-backup-remaining').textContent).toBe('10 backup codes remaining.');
    expect(screen.queryByTestId('tfa-backup-codes')).toBeNull();
    expect(api.callsTo('POST', '/tfa/setup')).toHaveLength(1);
  });

  it('disables TFA only with the right password', async () => {
    let enabled = true;
    const { api } = await openProfile(
      {
        'GET /tfa/status': () => json(200, { enabled, backup_codes_remaining: enabled ? 4 : 0 }),
        'POST /tfa/disable': (call) => {
          if ((call.body as { password: string }).password !== 'Secret#123') return json(400, { error: 'Invalid password' });
          enabled = false;
          return json(200, { message: 'Two-factor authentication has been disabled successfully' });
        },
      },
      '#tfa',
    );
    expect((await screen.findByTestId('tfa-status')).getAttribute('data-enabled')).toBe('true');
    expect(screen.getByTestId('tfa-backup-remaining').textContent).toBe('4 backup codes remaining.');

    click('tfa-disable');
    // Asks for the password first, without calling the server.
    click('tfa-disable-submit');
    expect(screen.getByTestId('tfa-disable-password-error').textContent).toBe('Enter your password to confirm.');
    expect(api.callsTo('POST', '/tfa/disable')).toHaveLength(0);

    type('tfa-disable-password', 'wrong');
    click('tfa-disable-submit');
    expect((await screen.findByTestId('tfa-disable-password-error')).textContent).toBe('Invalid password');
    expect(screen.getByTestId('tfa-status').getAttribute('data-enabled')).toBe('true');

    type('tfa-disable-password', 'Secret#123');
    click('tfa-disable-submit');
    await waitFor(() => expect(screen.getByTestId('tfa-status').getAttribute('data-enabled')).toBe('false'));
    expect(screen.getByTestId('tfa-message').textContent).toContain('trusted devices were removed');
    expect(screen.getByTestId('tfa-enable')).toBeTruthy();
    expect(screen.queryByTestId('tfa-disable-password')).toBeNull();
    expect(api.callsTo('POST', '/tfa/disable').map((c) => c.body)).toEqual([
      { password: 'wrong' },
      { password: 'Secret#123' },
    ]);
  });

  it('regenerates the backup codes after a confirmation and shows the new ones once', async () => {
    const { api } = await openProfile(
      {
        'GET /tfa/status': () => json(200, { enabled: true, backup_codes_remaining: 1 }),
        'POST /tfa/regenerate-backup-codes': () => json(200, { message: 'regenerated', backup_codes: CODES }),
      },
      '#tfa',
    );
    expect((await screen.findByTestId('tfa-backup-remaining')).textContent).toBe(
      '1 backup code remaining. Regenerate them before you run out.',
    );
    click('tfa-regenerate');
    expect(api.callsTo('POST', '/tfa/regenerate-backup-codes')).toHaveLength(0);
    expect(screen.getByText(/the old ones stop working at once/)).toBeTruthy();
    click('tfa-regenerate-confirm');

    const list = await screen.findByTestId('tfa-backup-codes');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES);
    expect(screen.getByTestId('tfa-download-codes').textContent).toBe('Download codes');
    click('tfa-codes-done');
    expect(screen.queryByTestId('tfa-backup-codes')).toBeNull();
    expect(screen.getByTestId('tfa-backup-remaining').textContent).toBe('10 backup codes remaining.');
  });
});

describe('My profile: trusted devices', () => {
  const DEVICES = [
    {
      id: 'd-1',
      label: 'Chrome on Linux',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
      ip_address: '203.0.113.7',
      created_at: '2026-03-01T10:00:00Z',
      last_used_at: '2026-03-12T14:05:00Z',
      expires_at: '2026-03-31T10:00:00Z',
      is_current: true,
    },
    {
      id: 'd-2',
      label: 'Firefox on Windows',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/130.0',
      ip_address: '198.51.100.4',
      created_at: '2026-02-20T08:00:00Z',
      last_used_at: '2026-02-21T09:00:00Z',
      expires_at: '2026-03-22T08:00:00Z',
      is_current: false,
    },
  ];

  it('lists the devices with their details and marks this one', async () => {
    await openProfile({ 'GET /auth/trusted-devices': () => json(200, DEVICES) }, '#devices');
    const table = await screen.findByTestId('devices-table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Device and user agent',
      'IP address',
      'Created',
      'Last used',
      'Expires',
      'Actions',
    ]);
    const rows = within(table).getAllByTestId('device-row');
    expect(rows.map((r) => r.getAttribute('data-device-id'))).toEqual(['d-1', 'd-2']);
    expect(within(rows[0]!).getByTestId('device-current').textContent).toBe('This device');
    expect(within(rows[1]!).queryByTestId('device-current')).toBeNull();
    expect(screen.getAllByTestId('device-current')).toHaveLength(1);
    expect(rows[1]!.textContent).toContain('Firefox on Windows');
    expect(rows[1]!.textContent).toContain('198.51.100.4');
    expect(within(rows[1]!).getByTestId('device-agent').textContent).toBe('Mozilla/5.0 (Windows NT 10.0) Firefox/130.0');
    const times = Array.from(rows[0]!.querySelectorAll('time')).map((t) => t.getAttribute('dateTime'));
    expect(times).toEqual(['2026-03-01T10:00:00Z', '2026-03-12T14:05:00Z', '2026-03-31T10:00:00Z']);
  });

  it('revokes one device after a confirmation', async () => {
    const { api } = await openProfile(
      {
        'GET /auth/trusted-devices': () => json(200, DEVICES),
        'DELETE /auth/trusted-devices/d-2': () => json(200, { message: 'Trusted device revoked' }),
      },
      '#devices',
    );
    const table = await screen.findByTestId('devices-table');
    const row = within(table).getAllByTestId('device-row')[1]!;
    act(() => {
      fireEvent.click(within(row).getByTestId('device-revoke'));
    });
    expect(api.callsTo('DELETE', '/auth/trusted-devices/d-2')).toHaveLength(0);
    act(() => {
      fireEvent.click(within(row).getByTestId('device-revoke-confirm'));
    });
    await waitFor(() => expect(within(table).getAllByTestId('device-row')).toHaveLength(1));
    expect(within(table).getByTestId('device-row').getAttribute('data-device-id')).toBe('d-1');
    expect(screen.getByTestId('devices-message').textContent).toBe('Device revoked: Firefox on Windows.');
    expect(api.callsTo('DELETE', '/auth/trusted-devices/d-2')).toHaveLength(1);
  });

  it('reloads the list when the device was already gone', async () => {
    let list = DEVICES;
    await openProfile(
      {
        'GET /auth/trusted-devices': () => json(200, list),
        'DELETE /auth/trusted-devices/d-1': () => {
          list = [DEVICES[1]!];
          return json(404, { error: 'Trusted device not found' });
        },
      },
      '#devices',
    );
    const table = await screen.findByTestId('devices-table');
    act(() => {
      fireEvent.click(within(within(table).getAllByTestId('device-row')[0]!).getByTestId('device-revoke'));
    });
    click('device-revoke-confirm');
    expect((await screen.findByTestId('devices-error')).textContent).toBe('Trusted device not found');
    await waitFor(() => expect(screen.getAllByTestId('device-row').map((r) => r.getAttribute('data-device-id'))).toEqual(['d-2']));
  });

  it('forgets all devices after a confirmation and then says there are none', async () => {
    const { api } = await openProfile(
      {
        'GET /auth/trusted-devices': () => json(200, DEVICES),
        'DELETE /auth/trusted-devices': () => json(200, { message: 'All trusted devices have been revoked' }),
      },
      '#devices',
    );
    await screen.findByTestId('devices-table');
    click('devices-forget-all');
    expect(api.callsTo('DELETE', '/auth/trusted-devices')).toHaveLength(0);
    click('devices-forget-all-confirm');
    expect((await screen.findByTestId('devices-empty')).textContent).toContain('No trusted devices');
    expect(screen.queryByTestId('devices-table')).toBeNull();
    expect(screen.queryByTestId('devices-forget-all')).toBeNull();
    expect(api.callsTo('DELETE', '/auth/trusted-devices')).toHaveLength(1);
  });

  it('says honestly that there are no trusted devices', async () => {
    await openProfile({ 'GET /auth/trusted-devices': () => json(200, []) }, '#devices');
    expect((await screen.findByTestId('devices-empty')).textContent).toContain('No trusted devices');
    expect(screen.queryByTestId('devices-table')).toBeNull();
    expect(screen.queryByTestId('devices-forget-all')).toBeNull();
  });
});
