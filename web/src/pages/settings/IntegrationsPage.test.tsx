import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreatedResponse, EnrollmentToken } from '../../api/enrollment';
import type { HostGroup } from '../../api/hosts';
import { json, renderApp, signedInApi, type Handler } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const LXC_GROUP: HostGroup = {
  id: 'g-lxc',
  name: 'Proxmox LXC',
  description: null,
  color: '#3B82F6',
  created_at: null,
  updated_at: null,
  host_count: 0,
};

const PROD: EnrollmentToken = {
  id: 'tok-1',
  token_name: 'Proxmox Production',
  token_key: 'patchmon_ae_0123456789abcdef0123456789abcdef',
  is_active: true,
  allowed_ip_ranges: ['192.168.1.10', '10.0.0.0/24'],
  max_hosts_per_day: 100,
  hosts_created_today: 15,
  last_used_at: null,
  expires_at: '2099-12-31T23:59:59Z',
  created_at: '2025-01-01T10:00:00Z',
  default_host_group_id: 'g-lxc',
  metadata: { integration_type: 'proxmox-lxc' },
  scopes: null,
  host_groups: { id: 'g-lxc', name: 'Proxmox LXC', color: '#3B82F6' },
  users: { id: 'u-1', username: 'alice', first_name: 'Alice', last_name: 'Liddell' },
};

const HOSTS_TOKEN: EnrollmentToken = {
  ...PROD,
  id: 'tok-2',
  token_name: 'Bare metal',
  token_key: 'patchmon_ae_ffffffffffffffffffffffffffffffff',
  is_active: false,
  allowed_ip_ranges: [],
  hosts_created_today: 0,
  expires_at: null,
  default_host_group_id: null,
  metadata: { integration_type: 'direct-host' },
  host_groups: null,
};

function tokensApi(handlers: Record<string, Handler> = {}, permissions?: string[]) {
  return signedInApi(permissions ? { permissions } : {}, {
    'GET /auto-enrollment/tokens': () => json(200, [PROD, HOSTS_TOKEN]),
    'GET /host-groups': () => json(200, [LXC_GROUP]),
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

describe('Settings → API integrations', () => {
  it('lists the tokens with type, key prefix, status, IP ranges, usage, group, expiry and creator', async () => {
    tokensApi();
    renderApp('/settings/integrations');
    const row = await screen.findByTestId('token-row-Proxmox Production');
    expect(screen.getByRole('heading', { level: 1, name: 'API integrations' })).toBeTruthy();
    expect(screen.getByTestId('settings-nav-integrations').getAttribute('aria-current')).toBe('page');
    expect(within(row).getByTestId('cell-type').textContent).toBe('Proxmox LXC');
    expect(within(row).getByTestId('cell-key').textContent).toBe('patchmon_ae_01234567…');
    expect(within(row).getByTestId('toggle-token-Proxmox Production').getAttribute('aria-checked')).toBe('true');
    expect(within(row).getByTestId('cell-ranges').textContent).toBe('192.168.1.10, 10.0.0.0/24');
    expect(within(row).getByTestId('cell-usage').textContent).toBe('15 / 100');
    expect(within(row).getByTestId('cell-group').textContent).toBe('Proxmox LXC');
    expect(within(row).getByTestId('cell-expires').textContent).not.toContain('Expired');
    expect(within(row).getByTestId('cell-last-used').textContent).toBe('Never');
    expect(within(row).getByTestId('cell-created').textContent).toContain('by alice');
    expect(row.textContent).not.toContain(PROD.token_key);

    const other = screen.getByTestId('token-row-Bare metal');
    expect(within(other).getByTestId('cell-type').textContent).toBe('Direct host');
    expect(within(other).getByTestId('toggle-token-Bare metal').getAttribute('aria-checked')).toBe('false');
    expect(within(other).getByTestId('cell-ranges').textContent).toBe('Any');
    expect(within(other).getByTestId('cell-group').textContent).toBe('None');
    expect(within(other).getByTestId('cell-expires').textContent).toBe('Never');
  });

  it('says so when there are no tokens', async () => {
    tokensApi({ 'GET /auto-enrollment/tokens': () => json(200, []) });
    renderApp('/settings/integrations');
    expect(await screen.findByTestId('tokens-empty')).toBeTruthy();
  });

  it('is hidden from the sidebar and denied without can_manage_settings', async () => {
    const fake = tokensApi({}, ['can_view_hosts', 'can_view_users']);
    renderApp('/settings/integrations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Access denied' })).toBeTruthy();
    expect(screen.queryByTestId('settings-nav-integrations')).toBeNull();
    expect(fake.callsTo('GET', '/auto-enrollment/tokens')).toHaveLength(0);
  });

  it('creates a proxmox-lxc token and shows its key, secret and one-line command once', async () => {
    const created: CreatedResponse = {
      message: 'Auto-enrollment token created successfully',
      token: {
        id: 'tok-3',
        token_name: 'Lab',
        token_key: 'patchmon_ae_aaaa',
        token_secret: 'deadbeef',
        is_active: true,
        allowed_ip_ranges: ['192.168.1.10', '10.0.0.0/24'],
        max_hosts_per_day: 50,
        default_host_group: { id: 'g-lxc', name: 'Proxmox LXC', color: '#3B82F6' },
        created_by: null,
        expires_at: '2027-01-01T00:00:00Z',
        created_at: '2025-01-01T00:00:00Z',
        metadata: { integration_type: 'proxmox-lxc' },
      },
      warning: 'Save the token_secret now - it cannot be retrieved later!',
    };
    const fake = tokensApi({ 'POST /auto-enrollment/tokens': () => json(201, created) });
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');

    click(screen.getByTestId('new-token'));
    const dialog = screen.getByRole('dialog', { name: 'New Token' });
    expect((within(dialog).getByTestId('token-max') as HTMLInputElement).value).toBe('100');
    expect((within(dialog).getByTestId('token-type') as HTMLSelectElement).value).toBe('proxmox-lxc');
    click(within(dialog).getByTestId('token-submit'));
    expect(within(dialog).getByTestId('token-name-error').textContent).toBe('Token name is required');
    expect(fake.callsTo('POST', '/auto-enrollment/tokens')).toHaveLength(0);

    change(within(dialog).getByTestId('token-name'), '  Lab ');
    change(within(dialog).getByTestId('token-max'), '50');
    change(within(dialog).getByTestId('token-group'), 'g-lxc');
    change(within(dialog).getByTestId('token-ranges'), '192.168.1.10,\n 10.0.0.0/24\n');
    change(within(dialog).getByTestId('token-expires'), '2027-01-01');
    click(within(dialog).getByTestId('token-submit'));

    const success = await screen.findByRole('dialog', { name: 'Token Created' });
    expect(fake.callsTo('POST', '/auto-enrollment/tokens')[0]?.body).toEqual({
      token_name: 'Lab',
      max_hosts_per_day: 50,
      allowed_ip_ranges: ['192.168.1.10', '10.0.0.0/24'],
      metadata: { integration_type: 'proxmox-lxc' },
      default_host_group_id: 'g-lxc',
      expires_at: '2027-01-01',
    });
    expect(within(success).getByTestId('token-secret-warning').textContent).toContain('cannot be retrieved later');
    expect(within(success).getByTestId('created-token-key').textContent).toBe('patchmon_ae_aaaa');
    expect(within(success).getByTestId('created-token-secret').textContent).toBe('deadbeef');
    const command = `curl -s "${window.location.origin}/api/v1/auto-enrollment/script?type=proxmox-lxc&token_key=patchmon_ae_aaaa&token_secret=deadbeef" | bash`;
    expect(within(success).getByTestId('created-token-command').textContent).toBe(command);

    click(within(success).getByTestId('created-token-secret-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('deadbeef'));
    // The status follows the clipboard promise, a render after the call itself.
    await waitFor(() =>
      expect(within(success).getByTestId('created-token-secret-copy-status').textContent).toBe('Copied to the clipboard.'),
    );
    click(within(success).getByTestId('created-token-command-copy'));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(command));

    expect(fake.callsTo('GET', '/auto-enrollment/tokens').length).toBeGreaterThanOrEqual(2);
    click(within(success).getByTestId('token-created-done'));
    expect(screen.queryByTestId('token-created-dialog')).toBeNull();
    expect(screen.queryByText('deadbeef')).toBeNull();
  });

  it('builds the direct-host command for a direct-host token', async () => {
    const fake = tokensApi({
      'POST /auto-enrollment/tokens': (call) =>
        json(201, {
          message: 'Auto-enrollment token created successfully',
          warning: 'Save the token_secret now - it cannot be retrieved later!',
          token: { ...HOSTS_TOKEN, token_key: 'patchmon_ae_bbbb', token_secret: 's3', metadata: (call.body as { metadata: unknown }).metadata },
        }),
    });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('new-token'));
    change(screen.getByTestId('token-name'), 'Hosts');
    change(screen.getByTestId('token-type'), 'direct-host');
    click(screen.getByTestId('token-submit'));
    const command = await screen.findByTestId('created-token-command');
    expect(command.textContent).toContain('/api/v1/auto-enrollment/script?type=direct-host&token_key=patchmon_ae_bbbb&token_secret=s3" | bash');
    expect(fake.callsTo('POST', '/auto-enrollment/tokens')[0]?.body).toEqual({
      token_name: 'Hosts',
      max_hosts_per_day: 100,
      allowed_ip_ranges: [],
      metadata: { integration_type: 'direct-host' },
    });
  });

  it("shows the server's validation errors on their fields and keeps the dialog open", async () => {
    tokensApi({
      'POST /auto-enrollment/tokens': () =>
        json(400, {
          errors: [
            { msg: 'Max hosts per day must be between 1 and 1000', param: 'max_hosts_per_day', location: 'body' },
            {
              msg: 'Allowed IP ranges must be IP addresses or CIDR ranges (at most 100)',
              param: 'allowed_ip_ranges',
              location: 'body',
            },
            { msg: 'Expiration date must be a valid ISO 8601 date', param: 'expires_at', location: 'body' },
            { msg: 'Integration type must be one of proxmox-lxc, direct-host, api, gethomepage', param: 'metadata.integration_type', location: 'body' },
          ],
        }),
    });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('new-token'));
    change(screen.getByTestId('token-name'), 'Too many');
    change(screen.getByTestId('token-max'), '5000');
    change(screen.getByTestId('token-ranges'), 'not-an-ip');
    click(screen.getByTestId('token-submit'));
    expect((await screen.findByTestId('token-max-error')).textContent).toBe('Max hosts per day must be between 1 and 1000');
    expect(screen.getByTestId('token-ranges-error').textContent).toContain('CIDR');
    expect(screen.getByTestId('token-expires-error').textContent).toBe('Expiration date must be a valid ISO 8601 date');
    expect(screen.getByTestId('token-type-error').textContent).toContain('Integration type must be one of');
    expect(screen.getByTestId('token-form-error').textContent).toContain('highlighted fields');
    expect(screen.getByTestId('token-ranges').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('token-created-dialog')).toBeNull();

    change(screen.getByTestId('token-max'), '500');
    expect(screen.queryByTestId('token-max-error')).toBeNull();
  });

  it('shows a general server error (unknown host group) above the form', async () => {
    tokensApi({ 'POST /auto-enrollment/tokens': () => json(400, { error: 'Host group not found' }) });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('new-token'));
    change(screen.getByTestId('token-name'), 'Lab');
    click(screen.getByTestId('token-submit'));
    expect((await screen.findByTestId('token-form-error')).textContent).toBe('Host group not found');
  });

  it('edits a token, sending only what changed', async () => {
    const fake = tokensApi({
      'PATCH /auto-enrollment/tokens/tok-1': () =>
        json(200, {
          message: 'Token updated successfully',
          token: { ...PROD, token_name: 'Proxmox Prod', max_hosts_per_day: 200, allowed_ip_ranges: ['192.168.1.0/24'], is_active: false, default_host_group_id: null, host_groups: null, expires_at: null },
        }),
    });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('edit-token-Proxmox Production'));
    const dialog = screen.getByRole('dialog', { name: 'Edit Token' });
    expect((within(dialog).getByTestId('token-name') as HTMLInputElement).value).toBe('Proxmox Production');
    expect((within(dialog).getByTestId('token-ranges') as HTMLTextAreaElement).value).toBe('192.168.1.10, 10.0.0.0/24');
    expect((within(dialog).getByTestId('token-group') as HTMLSelectElement).value).toBe('g-lxc');
    expect((within(dialog).getByTestId('token-expires') as HTMLInputElement).value).toBe('2099-12-31');
    expect((within(dialog).getByTestId('token-active') as HTMLInputElement).checked).toBe(true);
    expect(within(dialog).getByTestId('token-type-fixed').textContent).toContain('Proxmox LXC');

    change(within(dialog).getByTestId('token-name'), 'Proxmox Prod');
    change(within(dialog).getByTestId('token-max'), '200');
    change(within(dialog).getByTestId('token-ranges'), '192.168.1.0/24');
    change(within(dialog).getByTestId('token-group'), '');
    change(within(dialog).getByTestId('token-expires'), '');
    click(within(dialog).getByTestId('token-active'));
    click(within(dialog).getByTestId('token-submit'));

    await waitFor(() => expect(screen.queryByTestId('token-dialog')).toBeNull());
    expect(fake.callsTo('PATCH', '/auto-enrollment/tokens/tok-1')[0]?.body).toEqual({
      token_name: 'Proxmox Prod',
      is_active: false,
      max_hosts_per_day: 200,
      allowed_ip_ranges: ['192.168.1.0/24'],
      default_host_group_id: '',
      expires_at: '',
    });
    const row = screen.getByTestId('token-row-Proxmox Prod');
    expect(within(row).getByTestId('cell-usage').textContent).toBe('15 / 200');
    expect(within(row).getByTestId('cell-group').textContent).toBe('None');
    expect(screen.getByTestId('tokens-notice').textContent).toBe('Token updated successfully');
  });

  it('saving an unchanged token sends nothing; a rejected edit shows the error on its field', async () => {
    const fake = tokensApi({
      'PATCH /auto-enrollment/tokens/tok-1': () =>
        json(400, { errors: [{ msg: 'Token name is required (max 255 characters)', param: 'token_name', location: 'body' }] }),
    });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('edit-token-Proxmox Production'));
    click(screen.getByTestId('token-submit'));
    await waitFor(() => expect(screen.queryByTestId('token-dialog')).toBeNull());
    expect(fake.callsTo('PATCH', '/auto-enrollment/tokens/tok-1')).toHaveLength(0);

    click(screen.getByTestId('edit-token-Proxmox Production'));
    change(screen.getByTestId('token-name'), 'x'.repeat(10));
    click(screen.getByTestId('token-submit'));
    expect((await screen.findByTestId('token-name-error')).textContent).toBe('Token name is required (max 255 characters)');
    expect(fake.callsTo('PATCH', '/auto-enrollment/tokens/tok-1')[0]?.body).toEqual({ token_name: 'xxxxxxxxxx' });
  });

  it('disables and enables a token with its switch', async () => {
    const fake = tokensApi({
      'PATCH /auto-enrollment/tokens/tok-1': (call) =>
        json(200, { message: 'Token updated successfully', token: { ...PROD, ...(call.body as object) } }),
      'PATCH /auto-enrollment/tokens/tok-2': () => json(404, { error: 'Auto-enrollment token not found' }),
    });
    renderApp('/settings/integrations');
    const toggle = await screen.findByTestId('toggle-token-Proxmox Production');
    expect(toggle.getAttribute('aria-label')).toBe('Disable Proxmox Production');
    click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(toggle.textContent).toBe('Disabled');
    expect(screen.getByTestId('tokens-notice').textContent).toBe('Proxmox Production is now disabled.');
    click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
    expect(fake.callsTo('PATCH', '/auto-enrollment/tokens/tok-1').map((c) => c.body)).toEqual([
      { is_active: false },
      { is_active: true },
    ]);

    click(screen.getByTestId('toggle-token-Bare metal'));
    expect((await screen.findByTestId('tokens-row-error')).textContent).toBe('Auto-enrollment token not found');
    expect(screen.getByTestId('toggle-token-Bare metal').getAttribute('aria-checked')).toBe('false');
  });

  it('deletes a token after confirmation', async () => {
    const fake = tokensApi({
      'DELETE /auto-enrollment/tokens/tok-2': () =>
        json(200, {
          message: 'Auto-enrollment token deleted successfully',
          deleted_token: { id: 'tok-2', token_name: 'Bare metal' },
        }),
    });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Bare metal');
    click(screen.getByTestId('delete-token-Bare metal'));
    const dialog = screen.getByRole('dialog', { name: 'Delete Token' });
    expect(dialog.textContent).toContain('Bare metal');
    expect(fake.callsTo('DELETE', '/auto-enrollment/tokens/tok-2')).toHaveLength(0);
    click(within(dialog).getByTestId('delete-token-dialog-confirm'));
    await waitFor(() => expect(screen.queryByTestId('token-row-Bare metal')).toBeNull());
    expect(screen.queryByTestId('delete-token-dialog')).toBeNull();
    expect(fake.callsTo('DELETE', '/auto-enrollment/tokens/tok-2')).toHaveLength(1);
    expect(screen.getByTestId('tokens-notice').textContent).toBe('Auto-enrollment token deleted successfully');
    expect(screen.getByTestId('token-row-Proxmox Production')).toBeTruthy();
  });

  it('creates an API credential with explicit scopes and shows its granted scopes and cURL examples once', async () => {
    const fake = tokensApi({
      'POST /auto-enrollment/tokens': (call) =>
        json(201, {
          message: 'Auto-enrollment token created successfully',
          warning: 'Save the token_secret now - it cannot be retrieved later!',
          token: {
            ...HOSTS_TOKEN,
            token_name: 'Ansible Inventory',
            token_key: 'patchmon_ae_abc123',
            token_secret: 'your_secret_here',
            default_host_group: null,
            created_by: null,
            metadata: (call.body as { metadata: unknown }).metadata,
            scopes: (call.body as { scopes: unknown }).scopes,
          },
        }),
    });
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('new-token'));
    change(screen.getByTestId('token-name'), 'Ansible Inventory');
    change(screen.getByTestId('token-type'), 'api');
    expect(screen.queryByTestId('token-max')).toBeNull();
    expect((screen.getByTestId('token-scope-host-get') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('token-scope-host-delete') as HTMLInputElement).checked).toBe(false);

    click(screen.getByTestId('token-scope-host-get'));
    click(screen.getByTestId('token-submit'));
    expect(screen.getByTestId('token-scopes-error').textContent).toBe('Grant at least one action');
    expect(fake.callsTo('POST', '/auto-enrollment/tokens')).toHaveLength(0);

    click(screen.getByTestId('token-scope-host-get'));
    click(screen.getByTestId('token-scope-host-delete'));
    change(screen.getByTestId('token-ranges'), '192.168.1.100, 10.0.0.0/24');
    click(screen.getByTestId('token-submit'));
    const success = await screen.findByRole('dialog', { name: 'Token Created' });
    expect(fake.callsTo('POST', '/auto-enrollment/tokens')[0]?.body).toEqual({
      token_name: 'Ansible Inventory',
      allowed_ip_ranges: ['192.168.1.100', '10.0.0.0/24'],
      metadata: { integration_type: 'api' },
      scopes: { host: ['get', 'delete'] },
    });
    expect(within(success).getByTestId('created-token-secret').textContent).toBe('your_secret_here');
    expect(within(success).getByTestId('created-token-scopes').textContent).toBe('host: get, delete');
    expect(within(success).queryByTestId('created-token-command')).toBeNull();
    const origin = window.location.origin;
    expect(within(success).getByTestId('created-token-curl-0').textContent).toBe(
      `curl -u "patchmon_ae_abc123:your_secret_here" ${origin}/api/v1/api/hosts`,
    );
    expect(within(success).getByTestId('created-token-curl-1').textContent).toBe(
      `curl -u "patchmon_ae_abc123:your_secret_here" "${origin}/api/v1/api/hosts?include=stats"`,
    );
    expect(within(success).getByTestId('created-token-curl-3').textContent).toContain('/packages?updates_only=true"');
    expect(within(success).getByTestId('created-token-curl-4').textContent).toBe(
      `curl -X DELETE -u "patchmon_ae_abc123:your_secret_here" ${origin}/api/v1/api/hosts/HOST_UUID`,
    );
    click(within(success).getByTestId('created-token-curl-1-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(within(success).getByTestId('created-token-curl-1').textContent));
  });

  it('a read-only API credential gets no delete example', async () => {
    tokensApi({
      'POST /auto-enrollment/tokens': (call) =>
        json(201, {
          message: 'Auto-enrollment token created successfully',
          warning: '',
          token: { ...HOSTS_TOKEN, token_key: 'k', token_secret: 's', default_host_group: null, created_by: null,
            metadata: { integration_type: 'api' }, scopes: (call.body as { scopes: unknown }).scopes },
        }),
    });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('new-token'));
    change(screen.getByTestId('token-name'), 'Read only');
    change(screen.getByTestId('token-type'), 'api');
    click(screen.getByTestId('token-submit'));
    const success = await screen.findByRole('dialog', { name: 'Token Created' });
    expect(within(success).getByTestId('created-token-scopes').textContent).toBe('host: get');
    expect(within(success).queryByTestId('created-token-curl-4')).toBeNull();
    expect(success.textContent).not.toContain('DELETE');
  });

  it('creates a GetHomepage key and shows the base64 credentials and the widget YAML to copy', async () => {
    const fake = tokensApi({
      'POST /auto-enrollment/tokens': (call) =>
        json(201, {
          message: 'Auto-enrollment token created successfully',
          warning: 'Save the token_secret now - it cannot be retrieved later!',
          token: { ...HOSTS_TOKEN, token_name: 'GetHomepage dashboard', token_key: 'user', token_secret: 'password',
            default_host_group: null, created_by: null, metadata: (call.body as { metadata: unknown }).metadata, scopes: null },
        }),
    });
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp('/settings/integrations');
    await screen.findByTestId('token-row-Proxmox Production');
    click(screen.getByTestId('new-token'));
    change(screen.getByTestId('token-name'), 'GetHomepage dashboard');
    change(screen.getByTestId('token-type'), 'gethomepage');
    expect(screen.queryByTestId('token-max')).toBeNull();
    expect(screen.queryByTestId('token-group')).toBeNull();
    expect(screen.queryByTestId('token-scope-host-get')).toBeNull();
    click(screen.getByTestId('token-submit'));
    const success = await screen.findByRole('dialog', { name: 'Token Created' });
    expect(fake.callsTo('POST', '/auto-enrollment/tokens')[0]?.body).toEqual({
      token_name: 'GetHomepage dashboard',
      allowed_ip_ranges: [],
      metadata: { integration_type: 'gethomepage' },
    });
    // Chapter 27's own example: user:password.
    expect(within(success).getByTestId('created-token-base64').textContent).toBe('dXNlcjpwYXNzd29yZA==');
    const origin = window.location.origin;
    const yaml = within(success).getByTestId('created-token-yaml').textContent ?? '';
    expect(yaml).toBe(
      [
        '- PatchMon:',
        `    href: ${origin}`,
        '    description: PatchMon Statistics',
        `    icon: ${origin}/favicon.svg`,
        '    widget:',
        '      type: customapi',
        `      url: ${origin}/api/v1/gethomepage/stats`,
        '      headers:',
        '        Authorization: Basic dXNlcjpwYXNzd29yZA==',
        '      mappings:',
        '        - field: total_hosts',
        '          label: Total Hosts',
        '        - field: hosts_needing_updates',
        '          label: Needs Updates',
        '        - field: security_updates',
        '          label: Security Updates',
        '',
      ].join('\n'),
    );
    click(within(success).getByTestId('created-token-yaml-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(yaml));
    await waitFor(() =>
      expect(within(success).getByTestId('created-token-yaml-copy-status').textContent).toBe('Copied to the clipboard.'),
    );
    expect(within(success).queryByTestId('created-token-command')).toBeNull();
  });

  it("edits an API credential's scopes and shows no enrolment fields for it", async () => {
    const API_TOKEN: EnrollmentToken = {
      ...HOSTS_TOKEN,
      id: 'tok-api',
      token_name: 'Ansible',
      is_active: true,
      metadata: { integration_type: 'api' },
      scopes: { host: ['get'] },
    };
    const fake = tokensApi({
      'GET /auto-enrollment/tokens': () => json(200, [API_TOKEN]),
      'PATCH /auto-enrollment/tokens/tok-api': (call) =>
        json(200, { message: 'Token updated successfully', token: { ...API_TOKEN, ...(call.body as object) } }),
    });
    renderApp('/settings/integrations');
    const row = await screen.findByTestId('token-row-Ansible');
    expect(within(row).getByTestId('cell-type').textContent).toBe('API');
    expect(within(row).getByTestId('cell-usage').textContent).toBe('—');
    click(screen.getByTestId('edit-token-Ansible'));
    expect(screen.queryByTestId('token-max')).toBeNull();
    expect((screen.getByTestId('token-scope-host-get') as HTMLInputElement).checked).toBe(true);
    click(screen.getByTestId('token-scope-host-delete'));
    click(screen.getByTestId('token-submit'));
    await waitFor(() => expect(screen.queryByTestId('token-dialog')).toBeNull());
    expect(fake.callsTo('PATCH', '/auto-enrollment/tokens/tok-api')[0]?.body).toEqual({ scopes: { host: ['get', 'delete'] } });
  });
});
