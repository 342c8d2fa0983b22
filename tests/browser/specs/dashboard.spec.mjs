// The Dashboard in a real browser against the real local stack: a fresh organisation starts
// empty; three hosts report through the agent API (a fourth stays pending); the cards count
// them and open the filtered Hosts and Packages lists; Hide Stale is applied by the server and
// keeps hosts that have just reported; a check-in asking for a reboot and a deleted host move the
// cards, which the server keeps as counters. (A host becoming stale needs three update intervals
// to pass: HostStatusIntegrationTest and FleetCountersIntegrationTest cover that with an injected clock.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
const owner = freshAccount('dashboard');

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

async function cardValue(key) {
  return (await page.getByTestId(`dashboard-value-${key}`).textContent()).trim();
}

/** Creates a host with the signed-in browser's session; returns its agent credentials. */
async function createHost(name) {
  const response = await page.request.post(`${baseUrl()}/api/v1/hosts`, { data: { friendly_name: name, os_family: 'linux' } });
  assert.equal(response.status(), 201, await response.text());
  const body = await response.json();
  return { id: body.host.id, apiId: body.api_id, apiKey: body.api_key };
}

/** A hash-gated check-in (POST /hosts/ping) with the agent's metrics. */
async function checkIn(credentials, metrics) {
  const response = await fetch(`${baseUrl()}/api/v1/hosts/ping`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-ID': credentials.apiId, 'X-API-KEY': credentials.apiKey },
    body: JSON.stringify({ hashes: {}, metrics, agentVersion: '2.1.0' }),
  });
  assert.equal(response.status, 200, await response.clone().text());
}

const fleet = {};

/** A full agent report; packages are [name, needsUpdate, isSecurityUpdate]. */
async function report(credentials, { hostname, osType, needsReboot, packages }) {
  const response = await fetch(`${baseUrl()}/api/v1/hosts/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-ID': credentials.apiId, 'X-API-KEY': credentials.apiKey },
    body: JSON.stringify({
      packages: packages.map(([name, outdated, security]) => ({
        name,
        currentVersion: '1.0',
        availableVersion: outdated ? '2.0' : '',
        needsUpdate: outdated,
        isSecurityUpdate: security,
      })),
      hostname,
      osType,
      osVersion: '1',
      agentVersion: '2.1.0',
      needsReboot,
    }),
  });
  assert.equal(response.status, 200, await response.clone().text());
}

test('a new organisation starts with an empty dashboard', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');
  await page.getByTestId('dashboard-cards').waitFor();
  for (const key of ['total-hosts', 'needs-updates', 'security-updates', 'needs-reboot', 'outdated-packages', 'offline-hosts']) {
    assert.equal(await cardValue(key), '0', key);
  }
  await page.getByText('No host has reported yet.').waitFor();
  assert.deepEqual(browser.failures, []);
});

test('three hosts report through the agent API and a fourth stays pending', async () => {
  await report(await createHost('web-01'), {
    hostname: 'web01.example.com',
    osType: 'Ubuntu',
    needsReboot: true,
    packages: [
      ['openssl', true, true],
      ['curl', true, false],
      ['vim', false, false],
    ],
  });
  fleet.web02 = await createHost('web-02');
  await report(fleet.web02, {
    hostname: 'web02.example.com',
    osType: 'Ubuntu',
    needsReboot: false,
    packages: [
      ['openssl', true, true],
      ['vim', false, false],
    ],
  });
  fleet.db01 = await createHost('db-01');
  await report(fleet.db01, {
    hostname: 'db01.example.com',
    osType: 'Rocky Linux',
    needsReboot: false,
    packages: [['vim', false, false]],
  });
  await createHost('pending-01');
});

test('the cards count the reported hosts, their updates and reboots, and the OS distribution', async () => {
  await page.goto(`${baseUrl()}/`);
  await heading('Dashboard');
  await page.getByTestId('dashboard-cards').waitFor();
  assert.equal(await cardValue('total-hosts'), '3');
  assert.match(await page.getByTestId('dashboard-card-total-hosts').textContent(), /1 pending/);
  assert.equal(await cardValue('needs-updates'), '2');
  assert.equal(await cardValue('security-updates'), '2');
  assert.equal(await cardValue('needs-reboot'), '1');
  assert.equal(await cardValue('outdated-packages'), '2');
  assert.equal(await cardValue('offline-hosts'), '0');
  const rows = page.getByTestId('os-distribution').getByRole('listitem');
  assert.deepEqual(await rows.allTextContents(), ['Ubuntu2', 'Rocky Linux1']);
  assert.deepEqual(browser.failures, []);
});

test('Needs Updates opens the Hosts list filtered to the two outdated hosts', async () => {
  await page.getByTestId('dashboard-card-needs-updates').click();
  await heading('Hosts');
  assert.equal(new URL(page.url()).search, '?filter=needs_updates');
  const web = page.getByTestId('host-row-web-01');
  await web.waitFor();
  await page.getByTestId('host-row-web-02').waitFor();
  assert.equal(await page.getByTestId('hosts-count').textContent(), '2 hosts');
  assert.equal(await page.getByTestId('host-row-db-01').count(), 0);
  assert.equal(await web.getByTestId('host-updates').textContent(), '2 1 security');
  assert.equal(await page.getByTestId('hosts-update-filter').inputValue(), 'needs_updates');
  assert.deepEqual(browser.failures, []);
});

test('Hide Stale is applied by the server and keeps hosts that have just reported', async () => {
  await page.getByTestId('hosts-clear-filters').click();
  await page.getByTestId('host-row-pending-01').waitFor();
  assert.equal(await page.getByTestId('summary-total').textContent(), '4');
  assert.equal(await page.getByTestId('summary-updates').textContent(), '2');
  assert.equal(await page.getByTestId('summary-reboot').textContent(), '1');
  assert.equal(await page.getByTestId('summary-online').textContent(), '3');
  assert.equal(await page.getByTestId('summary-offline').textContent(), '0');

  const hidden = page.waitForResponse((r) => r.url().includes('/api/v1/hosts?hide_stale=true') && r.status() === 200);
  // The box follows the URL, so React re-renders it after the navigation, which may land after
  // Playwright's own post-click check on a loaded machine: click, then wait for the rendered state.
  await page.getByTestId('hosts-hide-stale').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="hosts-hide-stale"]')?.checked === true);
  await hidden;
  assert.equal(new URL(page.url()).search, '?hide_stale=true');
  await page.getByTestId('host-row-db-01').waitFor();
  assert.equal(await page.getByTestId('hosts-count').textContent(), '4 hosts');
  assert.equal(await page.getByTestId('host-row-web-01').getByTestId('host-status').textContent(), 'Active');
  assert.deepEqual(browser.failures, []);
});

test('Outdated Packages and Security Updates open the Packages list with the chapter 6 filters', async () => {
  await page.goto(`${baseUrl()}/`);
  await page.getByTestId('dashboard-card-outdated-packages').click();
  await heading('Packages');
  assert.equal(new URL(page.url()).search, '?filter=outdated');

  await page.goto(`${baseUrl()}/`);
  await page.getByTestId('dashboard-card-security-updates').click();
  await heading('Packages');
  assert.equal(new URL(page.url()).search, '?filter=security');
  assert.deepEqual(browser.failures, []);
});

test('a check-in asking for a reboot and a deleted host move the cards', async () => {
  await checkIn(fleet.web02, { needsReboot: true });
  const deleted = await page.request.delete(`${baseUrl()}/api/v1/hosts/${fleet.db01.id}`);
  assert.ok(deleted.ok(), await deleted.text());

  await page.goto(`${baseUrl()}/`);
  await heading('Dashboard');
  await page.getByTestId('dashboard-cards').waitFor();
  assert.equal(await cardValue('total-hosts'), '2');
  assert.match(await page.getByTestId('dashboard-card-total-hosts').textContent(), /1 pending/);
  assert.equal(await cardValue('needs-reboot'), '2');
  assert.equal(await cardValue('needs-updates'), '2');
  assert.equal(await cardValue('outdated-packages'), '2');
  const rows = page.getByTestId('os-distribution').getByRole('listitem');
  assert.deepEqual(await rows.allTextContents(), ['Ubuntu2']);
  assert.deepEqual(browser.failures, []);
});
