// The Hosts list's everyday tools in a real browser against the real local stack: a fresh
// organisation seeds the groups Production and Staging and four hosts through the API (three
// report, pending-01 never does); the list searches names, hostnames and IPs on the server,
// filters by group together with Hide Stale, bulk-assigns groups (replacing memberships, as
// chapter 5 says) and bulk-deletes after a confirmation that can be cancelled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';
import { api, createHost, report, reportStatus, signIn, status } from '../lib/api.mjs';

let browser;
let page;
let token;
const owner = freshAccount('hostlist');
const groups = {};
const hosts = {};

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

/** Waits until the table lists exactly these hosts, in this order. */
async function waitForRows(expected) {
  await page.waitForFunction(
    (names) =>
      JSON.stringify([...document.querySelectorAll('[data-testid^="host-row-"]')].map((el) => el.getAttribute('data-testid').slice(9))) ===
      JSON.stringify(names),
    expected,
    { timeout: 15_000 },
  );
}

/** The query string of the next `GET /hosts` the page sends. */
function nextHostsQuery() {
  return page
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/hosts' && r.request().method() === 'GET' && r.status() === 200)
    .then((r) => new URL(r.url()).searchParams);
}

async function groupNames(hostId) {
  return (await api(`/hosts/${hostId}`, { token })).host_groups.map((g) => g.name).sort();
}

test('signs up; Production, Staging and four hosts are seeded through the API', async () => {
  const slug = await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');
  token = await signIn(owner, slug);

  groups.production = (await api('/host-groups', { method: 'POST', token, body: { name: 'Production', color: '#EF4444' } })).id;
  groups.staging = (await api('/host-groups', { method: 'POST', token, body: { name: 'Staging', color: '#F59E0B' } })).id;
  hosts.web1 = await createHost(token, 'web-01', [groups.production]);
  hosts.web2 = await createHost(token, 'web-02', [groups.production, groups.staging]);
  hosts.db = await createHost(token, 'db-01', [groups.staging]);
  hosts.pending = await createHost(token, 'pending-01');
  const packages = [{ name: 'curl', currentVersion: '7.88.1', needsUpdate: false }];
  await report(hosts.web1, { packages, hostname: 'web01.example.com', ip: '10.0.0.5', osType: 'Debian', osVersion: '12' });
  await report(hosts.web2, { packages, hostname: 'web02.example.com', ip: '10.0.0.6', osType: 'Debian', osVersion: '12' });
  await report(hosts.db, { packages, hostname: 'db01.example.com', ip: '10.0.1.7', osType: 'Ubuntu', osVersion: '22.04' });
  assert.deepEqual(browser.failures, []);
});

test('search matches friendly names, hostnames and IPs on the server and stays in the URL', async () => {
  await page.getByTestId('nav-hosts').click();
  await heading('Hosts');
  await waitForRows(['db-01', 'pending-01', 'web-01', 'web-02']);
  assert.equal(await page.getByTestId('hosts-count').textContent(), '4 hosts');

  const searched = nextHostsQuery();
  await page.getByTestId('hosts-search').fill('10.0.1');
  assert.equal((await searched).get('search'), '10.0.1');
  await waitForRows(['db-01']);
  assert.equal(new URL(page.url()).searchParams.get('search'), '10.0.1');

  await page.reload();
  await waitForRows(['db-01']);
  assert.equal(await page.getByTestId('hosts-search').inputValue(), '10.0.1');

  await page.getByTestId('hosts-search').fill('WEB');
  await waitForRows(['web-01', 'web-02']);
  await page.getByTestId('hosts-search').fill('db01.example');
  await waitForRows(['db-01']);
  assert.equal(await page.getByTestId('host-row-db-01').getByTestId('host-status').textContent(), 'Active');

  await page.getByTestId('hosts-search').fill('');
  await waitForRows(['db-01', 'pending-01', 'web-01', 'web-02']);
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(browser.failures, []);
});

test('the Host Group filter and Hide Stale are sent together and narrow the list', async () => {
  await page.getByTestId('hosts-filters-toggle').click();
  await page.getByTestId('hosts-group-filter').selectOption({ label: 'Staging' });
  await waitForRows(['db-01', 'web-02']);
  assert.equal(new URL(page.url()).searchParams.get('group'), groups.staging);

  // The reporting hosts have just reported, so hiding stale hosts keeps them.
  const hidden = nextHostsQuery();
  // The box follows the URL, so React re-renders it after the navigation, which may land after
  // Playwright's own post-click check on a loaded machine: click, then wait for the rendered state.
  await page.getByTestId('hosts-hide-stale').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="hosts-hide-stale"]')?.checked === true);
  const query = await hidden;
  assert.equal(query.get('group'), groups.staging);
  assert.equal(query.get('hide_stale'), 'true');
  await waitForRows(['db-01', 'web-02']);

  await page.getByTestId('hosts-group-filter').selectOption('ungrouped');
  await waitForRows(['pending-01']);
  assert.equal(await page.getByTestId('host-row-pending-01').getByTestId('host-status').textContent(), 'Pending');

  await page.reload();
  await waitForRows(['pending-01']);
  assert.equal(await page.getByTestId('hosts-hide-stale').isChecked(), true);
  assert.equal(await page.getByTestId('hosts-group-filter').inputValue(), 'ungrouped');

  await page.getByTestId('hosts-clear-filters').click();
  await waitForRows(['db-01', 'pending-01', 'web-01', 'web-02']);
  assert.equal(await page.getByTestId('hosts-hide-stale').isChecked(), false);
  assert.deepEqual(browser.failures, []);
});

test('Assign to Group sets exactly the ticked groups on every selected host', async () => {
  await page.getByTestId('select-web-02').check();
  await page.getByTestId('select-db-01').check();
  assert.equal(await page.getByTestId('bulk-toolbar').locator('span').first().textContent(), '2 selected');
  await page.getByTestId('bulk-assign').click();
  const dialog = page.getByRole('dialog', { name: 'Assign to Group' });
  await dialog.getByTestId('bulk-group-Production').check();
  await dialog.getByTestId('bulk-assign-submit').click();
  await dialog.waitFor({ state: 'detached' });

  // web-02 was in Production and Staging, db-01 in Staging: both are now in Production only.
  const web2 = page.getByTestId('host-row-web-02');
  await web2.getByTestId('group-chip-Production').waitFor();
  await page.getByTestId('host-row-db-01').getByTestId('group-chip-Production').waitFor();
  assert.equal(await web2.getByTestId('group-chip-Staging').count(), 0);
  assert.equal(await page.getByTestId('host-row-db-01').getByTestId('group-chip-Staging').count(), 0);
  assert.deepEqual(await groupNames(hosts.web2.id), ['Production']);
  assert.deepEqual(await groupNames(hosts.db.id), ['Production']);
  assert.deepEqual(await groupNames(hosts.web1.id), ['Production'], 'an unselected host keeps its groups');

  // Assigning with nothing ticked leaves the selected host in no group.
  await page.getByTestId('select-web-02').uncheck();
  await page.getByTestId('select-db-01').uncheck();
  await page.getByTestId('select-web-01').check();
  await page.getByTestId('bulk-assign').click();
  await dialog.getByTestId('bulk-assign-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('host-row-web-01').getByText('Ungrouped').waitFor();
  assert.deepEqual(await groupNames(hosts.web1.id), []);

  await page.goto(`${baseUrl()}/hosts?group=${groups.staging}`);
  await page.getByTestId('hosts-empty').waitFor();
  await page.getByTestId('hosts-clear-filters').click();
  await waitForRows(['db-01', 'pending-01', 'web-01', 'web-02']);
  assert.deepEqual(browser.failures, []);
});

test('Delete asks first: Cancel keeps the hosts, Delete removes them and shuts out their agents', async () => {
  await page.getByTestId('select-web-01').check();
  await page.getByTestId('select-pending-01').check();
  await page.getByTestId('bulk-delete').click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 hosts' });
  assert.deepEqual(await dialog.getByTestId('bulk-delete-names').getByRole('listitem').allTextContents(), ['pending-01', 'web-01']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForRows(['db-01', 'pending-01', 'web-01', 'web-02']);
  assert.equal(await status(`/hosts/${hosts.web1.id}`, token), 200);

  await page.getByTestId('bulk-delete').click();
  await dialog.getByTestId('bulk-delete-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await waitForRows(['db-01', 'web-02']);
  assert.equal(await page.getByTestId('hosts-count').textContent(), '2 hosts');
  assert.equal(await page.getByTestId('bulk-toolbar').count(), 0);
  assert.equal(await status(`/hosts/${hosts.web1.id}`, token), 404);
  assert.equal(await status(`/hosts/${hosts.pending.id}`, token), 404);
  assert.equal(await reportStatus(hosts.web1, { packages: [{ name: 'curl', currentVersion: '7.88.1', needsUpdate: false }] }), 401);
  assert.equal(await reportStatus(hosts.db, { packages: [{ name: 'curl', currentVersion: '7.88.1', needsUpdate: false }] }), 200);
  assert.deepEqual(browser.failures, []);
});
