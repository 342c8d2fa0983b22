// Hosts and host groups in a real browser against the real local stack: a fresh organisation
// creates the host group Production, enrols web-01 through the Add Host wizard, an agent report
// posted from Node with the wizard's credentials turns the host active (the wizard lands on its
// detail page), the group filter and the group delete guard show it, and deleting it empties the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
let groupId;
let hostId;
const credentials = {};
const owner = freshAccount('hosts');

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

test('signs up and creates the host group Production in Settings → Host Groups', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-host-groups').click();
  await heading('Host Groups');
  await page.getByTestId('host-groups-empty').waitFor();

  await page.getByTestId('create-group').click();
  const dialog = page.getByRole('dialog', { name: 'Create Host Group' });
  assert.equal(await dialog.getByTestId('group-color').inputValue(), '#3B82F6');
  await dialog.getByTestId('group-name').fill('Production');
  await dialog.getByTestId('group-description').fill('Live traffic');
  await dialog.getByTestId('group-color').fill('#EF4444');
  await dialog.getByTestId('group-submit').click();
  await dialog.waitFor({ state: 'detached' });

  const link = page.getByTestId('group-hosts-Production');
  await link.waitFor();
  assert.equal(await link.textContent(), '0 hosts');
  groupId = new URL(await link.getAttribute('href'), baseUrl()).searchParams.get('group');
  assert.ok(groupId);
  assert.deepEqual(browser.failures, []);
});

test('adds web-01 through the wizard and waits for its agent', async () => {
  await page.getByTestId('nav-hosts').click();
  await heading('Hosts');
  await page.getByTestId('hosts-empty').waitFor();
  await page.getByTestId('add-host-button').click();
  const wizard = page.getByRole('dialog', { name: 'Add Host' });
  await wizard.getByTestId('os-tile-linux').click();
  await wizard.getByTestId('add-host-next').click();
  await wizard.getByTestId('add-host-name').fill('web-01');
  await wizard.getByTestId('add-host-group-Production').check();
  await wizard.getByTestId('add-host-create').click();

  const command = (await wizard.getByTestId('install-command').textContent()).trim();
  const match = command.match(
    /^curl -s "(.+)\/api\/v1\/hosts\/install" \\\n {2}-H "X-API-ID: ([^"]+)" \\\n {2}-H "X-API-KEY: ([^"]+)" \| sudo sh$/,
  );
  assert.ok(match, `unexpected command: ${command}`);
  assert.equal(match[1], baseUrl());
  credentials.apiId = match[2];
  credentials.apiKey = match[3];

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  await wizard.getByTestId('copy-command').click();
  await wizard.getByTestId('wizard-waiting').waitFor();
  assert.equal(await wizard.getByTestId('stage-done').getAttribute('data-done'), 'false');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command);
  assert.deepEqual(browser.failures, []);
});

test('an agent report makes the host active: the wizard reaches Done and opens the host', async () => {
  const response = await fetch(`${baseUrl()}/api/v1/hosts/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-ID': credentials.apiId, 'X-API-KEY': credentials.apiKey },
    body: JSON.stringify({
      packages: [
        { name: 'nginx', currentVersion: '1.18.0', availableVersion: '1.20.0', needsUpdate: true, isSecurityUpdate: false },
      ],
      hostname: 'web01.example.com',
      ip: '10.0.0.5',
      osType: 'Debian',
      osVersion: '12',
      agentVersion: '2.1.0',
    }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const report = await response.json();
  assert.equal(report.packagesProcessed, 1);

  await page.waitForURL(/\/hosts\/[^/?]+$/, { timeout: 15_000 });
  hostId = new URL(page.url()).pathname.split('/').pop();
  await heading('web-01');
  await page.getByTestId('host-hostname').getByText('web01.example.com').waitFor();
  assert.equal(await page.getByTestId('host-status').textContent(), 'Active');
  assert.equal(await page.getByTestId('host-os').textContent(), 'Debian 12');
  assert.equal(await page.getByTestId('host-agent-version').textContent(), '2.1.0');
  await page.getByTestId('group-chip-Production').waitFor();
  assert.deepEqual(browser.failures, []);
});

test('the Hosts list filtered by Production shows web-01', async () => {
  await page.goto(`${baseUrl()}/hosts?group=${groupId}`);
  await heading('Hosts');
  const row = page.getByTestId('host-row-web-01');
  await row.waitFor();
  assert.equal(await page.getByTestId('hosts-group-filter').inputValue(), groupId);
  assert.equal(await row.getByTestId('host-status').textContent(), 'Active');
  assert.equal(await page.getByTestId('hosts-count').textContent(), '1 host');

  await page.getByTestId('hosts-group-filter').selectOption('ungrouped');
  await page.getByTestId('hosts-empty').waitFor();
  await page.getByTestId('hosts-clear-filters').click();
  await row.waitFor();
  assert.deepEqual(browser.failures, []);
});

test('Production cannot be deleted while web-01 is in it', async () => {
  await page.goto(`${baseUrl()}/settings/host-groups`);
  await heading('Host Groups');
  assert.equal(await page.getByTestId('group-hosts-Production').textContent(), '1 host');
  await page.getByTestId('delete-group-Production').click();
  const dialog = page.getByRole('dialog', { name: 'Delete Host Group' });
  await dialog.getByTestId('delete-group-hosts').getByText('web-01').waitFor();
  assert.equal(await dialog.getByTestId('delete-group-confirm').isDisabled(), true);
  await dialog.getByTestId('delete-group-dialog-close').click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(browser.failures, []);
});

test('deleting web-01 from its detail page empties the Hosts list', async () => {
  await page.goto(`${baseUrl()}/hosts/${hostId}`);
  await heading('web-01');
  await page.getByTestId('delete-host').click();
  await page.getByTestId('delete-host-confirm').click();
  await page.waitForURL(`${baseUrl()}/hosts`);
  await page.getByTestId('hosts-empty').waitFor();
  assert.equal(await page.getByTestId('summary-total').textContent(), '0');

  await page.goto(`${baseUrl()}/hosts/${hostId}`);
  await heading('Host not found');
  assert.deepEqual(browser.failures, []);
});
