// Settings → API integrations in a real browser against the real local stack: a fresh organisation
// creates the host group Proxmox LXC, creates a proxmox-lxc auto-enrolment token in the UI and reads
// its key, secret and one-line command from the success modal; the command's script URL serves the
// script and an enrolment with the key and secret headers (posted from Node, as the script would)
// creates a host that the Hosts list shows in that group. Disabling the token with its switch makes
// the server refuse enrolments, and deleting it removes it from the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

const TOKEN = 'Proxmox Production';
const GROUP = 'Proxmox LXC';

let browser;
let page;
let groupId;
const credentials = {};
const owner = freshAccount('integrations');

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

function enroll(name) {
  return fetch(`${baseUrl()}/api/v1/auto-enrollment/enroll`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Auto-Enrollment-Key': credentials.key,
      'X-Auto-Enrollment-Secret': credentials.secret,
    },
    body: JSON.stringify({
      friendly_name: name,
      machine_id: `proxmox-lxc-100-${name}`,
      metadata: { vmid: '100', proxmox_node: 'pve01', ip_address: '10.0.0.10', os_info: 'Debian 12' },
    }),
  });
}

test('signs up, creates the host group Proxmox LXC and opens the empty API integrations page', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-host-groups').click();
  await heading('Host Groups');
  await page.getByTestId('create-group').click();
  const dialog = page.getByRole('dialog', { name: 'Create Host Group' });
  await dialog.getByTestId('group-name').fill(GROUP);
  await dialog.getByTestId('group-submit').click();
  await dialog.waitFor({ state: 'detached' });
  const link = page.getByTestId(`group-hosts-${GROUP}`);
  await link.waitFor();
  groupId = new URL(await link.getAttribute('href'), baseUrl()).searchParams.get('group');
  assert.ok(groupId);

  await page.getByTestId('settings-nav-integrations').click();
  await heading('API integrations');
  assert.equal(new URL(page.url()).pathname, '/settings/integrations');
  await page.getByTestId('tokens-empty').waitFor();
  assert.deepEqual(browser.failures, []);
});

test('creates a proxmox-lxc token and shows its key, secret and one-line command once', async () => {
  await page.getByTestId('new-token').click();
  const dialog = page.getByRole('dialog', { name: 'New Token' });
  assert.equal(await dialog.getByTestId('token-max').inputValue(), '100');

  await dialog.getByTestId('token-name').fill(TOKEN);
  await dialog.getByTestId('token-max').fill('5000');
  await dialog.getByTestId('token-submit').click();
  assert.equal(
    (await dialog.getByTestId('token-max-error').textContent()).trim(),
    'Max hosts per day must be between 1 and 1000',
  );

  await dialog.getByTestId('token-type').selectOption('proxmox-lxc');
  await dialog.getByTestId('token-max').fill('10');
  await dialog.getByTestId('token-group').selectOption({ label: GROUP });
  await dialog.getByTestId('token-submit').click();

  const success = page.getByRole('dialog', { name: 'Token Created' });
  await success.waitFor();
  assert.match(await success.getByTestId('token-secret-warning').textContent(), /cannot be retrieved later/);
  credentials.key = (await success.getByTestId('created-token-key').textContent()).trim();
  credentials.secret = (await success.getByTestId('created-token-secret').textContent()).trim();
  assert.match(credentials.key, /^patchmon_ae_[0-9a-f]{32}$/);
  assert.match(credentials.secret, /^[0-9a-f]{64}$/);
  const command = (await success.getByTestId('created-token-command').textContent()).trim();
  credentials.scriptUrl = `${baseUrl()}/api/v1/auto-enrollment/script?type=proxmox-lxc&token_key=${credentials.key}&token_secret=${credentials.secret}`;
  assert.equal(command, `curl -s "${credentials.scriptUrl}" | bash`);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  await success.getByTestId('created-token-secret-copy').click();
  await success.getByTestId('created-token-secret-copy-status').getByText('Copied to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), credentials.secret);

  await success.getByTestId('token-created-done').click();
  await success.waitFor({ state: 'detached' });
  const row = page.getByTestId(`token-row-${TOKEN}`);
  await row.waitFor();
  assert.equal(await row.getByTestId('cell-type').textContent(), 'Proxmox LXC');
  assert.equal(await row.getByTestId('cell-group').textContent(), GROUP);
  assert.equal(await row.getByTestId('cell-usage').textContent(), '0 / 10');
  assert.equal(await row.getByTestId(`toggle-token-${TOKEN}`).getAttribute('aria-checked'), 'true');
  assert.ok(!(await row.textContent()).includes(credentials.secret));
  assert.ok(!(await page.content()).includes(credentials.secret));
  assert.deepEqual(browser.failures, []);
});

test("the command's script URL serves the enrolment script for the token", async () => {
  const response = await fetch(credentials.scriptUrl);
  assert.equal(response.status, 200);
  const script = await response.text();
  assert.match(script, /^#!/);
  assert.ok(script.includes(credentials.key), 'the script carries the token key');
});

test('an enrolment with the key and secret creates a host shown in Proxmox LXC on the Hosts list', async () => {
  const response = await enroll('proxmox-web');
  assert.equal(response.status, 201, await response.clone().text());
  const answer = await response.json();
  assert.equal(answer.host.friendly_name, 'proxmox-web');
  assert.equal(answer.host.host_group?.id, groupId);
  assert.ok(answer.host.api_id && answer.host.api_key);

  await page.goto(`${baseUrl()}/hosts?group=${groupId}`);
  await heading('Hosts');
  const row = page.getByTestId('host-row-proxmox-web');
  await row.waitFor();
  assert.equal(await page.getByTestId('hosts-count').textContent(), '1 host');

  await page.goto(`${baseUrl()}/settings/integrations`);
  await heading('API integrations');
  const token = page.getByTestId(`token-row-${TOKEN}`);
  await token.waitFor();
  assert.equal(await token.getByTestId('cell-usage').textContent(), '1 / 10');
  assert.equal(await token.getByTestId('cell-last-used').textContent(), 'just now');
  assert.deepEqual(browser.failures, []);
});

test('disabling the token with its switch makes the server refuse enrolments', async () => {
  const toggle = page.getByTestId(`toggle-token-${TOKEN}`);
  await toggle.click();
  await page.getByTestId('tokens-notice').getByText(`${TOKEN} is now disabled.`).waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');

  const refused = await enroll('proxmox-db');
  assert.equal(refused.status, 401);
  assert.deepEqual(await refused.json(), { error: 'Invalid or inactive token' });

  await page.reload();
  await heading('API integrations');
  assert.equal(await page.getByTestId(`toggle-token-${TOKEN}`).getAttribute('aria-checked'), 'false');
  assert.deepEqual(browser.failures, []);
});

test('deleting the token empties the list and its credentials stop working', async () => {
  await page.getByTestId(`delete-token-${TOKEN}`).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Token' });
  await dialog.getByTestId('delete-token-dialog-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('tokens-empty').waitFor();
  assert.equal(
    (await page.getByTestId('tokens-notice').textContent()).trim(),
    'Auto-enrollment token deleted successfully',
  );

  const refused = await enroll('proxmox-cache');
  assert.equal(refused.status, 401);

  await page.reload();
  await heading('API integrations');
  await page.getByTestId('tokens-empty').waitFor();
  assert.deepEqual(browser.failures, []);
});
