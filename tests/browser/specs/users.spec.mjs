// Settings → Users and Roles in a real browser against the real local stack: a fresh organisation's
// creator builds a custom role from a preset, adds a user with it, is refused deleting their own
// account, opens self-registration, and a newcomer registers into the organisation with the
// default role and a correspondingly reduced Settings area.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
let slug;
const owner = freshAccount('users');
const member = freshAccount('member');
const newcomer = freshAccount('joiner');

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

async function heading(name) {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

test('signs up a fresh organisation and opens Settings on the Users page', async () => {
  slug = await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');

  await page.getByTestId('nav-settings').click();
  await heading('Users');
  assert.equal(new URL(page.url()).pathname, '/settings/users');
  const subnav = page.getByRole('navigation', { name: 'Settings' });
  assert.deepEqual(await subnav.getByRole('link').allTextContents(), [
    'Users',
    'Roles',
    'My Profile',
    'Host Groups',
    'Patch Management',
    'Agent Updates',
    'API integrations',
  ]);
  await page.getByTestId(`user-row-${owner.username}`).getByText('Super Admin').waitFor();

  assert.deepEqual(browser.failures, []);
});

test('creates the custom role noc_operator from the Operator preset: 13/20', async () => {
  await page.getByTestId('settings-nav-roles').click();
  await heading('Roles');
  await page.getByTestId('role-matrix').waitFor();
  assert.equal(await page.getByTestId('role-count-superadmin').textContent(), '20/20');
  for (const locked of ['superadmin', 'admin', 'user']) {
    assert.equal(await page.getByTestId(`role-locked-${locked}`).count(), 1, `${locked} is locked`);
    assert.equal(await page.getByTestId(`role-edit-${locked}`).count(), 0, `${locked} has no pencil`);
  }

  await page.getByTestId('add-role').click();
  const dialog = page.getByRole('dialog', { name: 'Add Role' });
  await dialog.getByTestId('add-role-name').fill('noc_operator');
  await dialog.getByTestId('add-role-preset').selectOption('operator');
  assert.equal(await dialog.getByTestId('add-role-counter').textContent(), '13/20 permissions selected');
  await dialog.getByTestId('add-role-submit').click();
  await dialog.waitFor({ state: 'detached' });

  const counter = page.getByTestId('role-count-noc_operator');
  await counter.waitFor();
  assert.equal(await counter.textContent(), '13/20');
  assert.equal(await page.getByTestId('cell-noc_operator-can_use_remote_access').getAttribute('data-granted'), 'true');
  assert.equal(await page.getByTestId('cell-noc_operator-can_view_users').getAttribute('data-granted'), 'false');

  // The server kept it: a reload shows the same column.
  await page.reload();
  await page.getByTestId('role-count-noc_operator').waitFor();
  assert.equal(await page.getByTestId('role-count-noc_operator').textContent(), '13/20');

  assert.deepEqual(browser.failures, []);
});

test('adds a user with the noc_operator role and sees them in the table', async () => {
  await page.getByTestId('settings-nav-users').click();
  await heading('Users');
  await page.getByTestId('add-user').click();
  const dialog = page.getByRole('dialog', { name: 'Add User' });
  await dialog.getByTestId('add-user-username').fill(member.username);
  await dialog.getByTestId('add-user-email').fill(member.email);
  await dialog.getByTestId('add-user-first-name').fill(member.firstName);
  await dialog.getByTestId('add-user-password').fill(member.password);
  await dialog.getByTestId('add-user-role').selectOption('noc_operator');
  await dialog.getByTestId('add-user-submit').click();
  await dialog.waitFor({ state: 'detached' });

  const row = page.getByTestId(`user-row-${member.username}`);
  await row.waitFor();
  assert.equal(await row.getByTestId('user-role').textContent(), 'noc_operator');
  assert.equal(await row.getByTestId('user-status').textContent(), 'Active');
  assert.equal(await page.getByTestId('users-notice').textContent(), 'User created successfully');

  await page.reload();
  await page.getByTestId(`user-row-${member.username}`).waitFor();

  assert.deepEqual(browser.failures, []);
});

test('deleting your own account is refused with the server text', async () => {
  await page.getByTestId(`delete-user-${owner.username}`).click();
  const dialog = page.getByRole('dialog', { name: 'Delete User' });
  await dialog.getByTestId('delete-user-dialog-confirm').click();
  await dialog.getByTestId('delete-user-dialog-error').getByText('Cannot delete your own account').waitFor();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId(`user-row-${owner.username}`).waitFor();
});

test('enables self-registration with the default role readonly', async () => {
  const card = page.getByTestId('registration-settings');
  await card.getByTestId('registration-enabled').check();
  await card.getByTestId('registration-default-role').selectOption('readonly');
  await card.getByTestId('registration-save').click();
  await card.getByTestId('registration-saved').getByText('Registration settings saved.').waitFor();
  assert.match(await card.getByTestId('registration-link').textContent(), new RegExp(`/register\\?org=${slug}$`));

  await page.reload();
  await page.getByTestId('registration-settings').waitFor();
  assert.equal(await page.getByTestId('registration-enabled').isChecked(), true);
  assert.equal(await page.getByTestId('registration-default-role').inputValue(), 'readonly');

  assert.deepEqual(browser.failures, []);
});

test('a newcomer registers through /register?org=<slug> and lands on the dashboard with a reduced Settings area', async () => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
  await page.getByTestId('register-link').click();
  await heading('Join an organisation');

  await page.goto(`${baseUrl()}/register?org=${slug}`);
  await heading('Join an organisation');
  assert.equal(await page.getByTestId('register-tenant').inputValue(), slug);
  await page.getByTestId('register-username').fill(newcomer.username);
  await page.getByTestId('register-email').fill(newcomer.email);
  await page.getByTestId('register-first-name').fill(newcomer.firstName);
  await page.getByTestId('register-last-name').fill(newcomer.lastName);
  await page.getByTestId('register-password').fill(newcomer.password);
  await page.getByTestId('register-confirm').fill(newcomer.password);
  await page.getByTestId('register-submit').click();

  await heading('Dashboard');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.getByTestId('user-name').textContent(), `${newcomer.firstName} ${newcomer.lastName}`);
  assert.equal(await page.getByTestId('user-tenant').textContent(), owner.organisation);
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me', { credentials: 'include' })).json());
  assert.equal(me.user.role, 'readonly');
  assert.equal(me.permissions.includes('can_view_users'), false);

  // Settings holds My Profile and the read-only Patch Management (policies need only can_view_hosts to read):
  // no Users or Roles, so no user management at all.
  await page.getByTestId('nav-settings').click();
  await page.waitForURL((url) => url.pathname === '/settings/profile');
  const subnav = page.getByRole('navigation', { name: 'Settings' });
  assert.deepEqual(await subnav.getByRole('link').allTextContents(), ['My Profile', 'Patch Management']);

  await page.goto(`${baseUrl()}/settings/users`);
  await heading('Access denied');
  assert.equal(await page.getByTestId('add-user').count(), 0);
  assert.equal(await page.getByTestId('users-table').count(), 0);

  assert.deepEqual(browser.failures, []);
});
