// Repository tracking in a real browser against the real local stack: a fresh organisation gets
// two hosts whose agents (posting from Node with each host's credentials) report overlapping
// repositories; the Repositories page collapses them by source, its cards, filters and host pill
// work, the detail page lists the hosts, an edit sticks, and a deleted record a host still has
// configured comes back with that host's next report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
const owner = freshAccount('repos');
const hosts = {};

const DEBIAN = { name: 'debian', url: 'http://deb.debian.org/debian', distribution: 'bookworm', components: 'main', repoType: 'deb', isEnabled: true, isSecure: false };
const SECURITY = { name: 'debian-security', url: 'https://security.debian.org/debian-security', distribution: 'bookworm-security', components: 'main', repoType: 'deb', isEnabled: true, isSecure: true };
const DOCKER = { name: 'docker', url: 'https://download.docker.com/linux/debian', distribution: 'bookworm', components: 'stable', repoType: 'deb', isEnabled: true, isSecure: true };
const OLD_MIRROR = { name: 'old-mirror', url: 'http://mirror.internal/debian', distribution: 'bullseye', components: 'main', repoType: 'deb', isEnabled: false, isSecure: false };
const REPOS = { 'web-01': [DEBIAN, SECURITY], 'db-01': [DEBIAN, DOCKER, OLD_MIRROR] };

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

/** The agent's full report, posted with the host's own credentials. */
async function report(name) {
  const response = await fetch(`${baseUrl()}/api/v1/hosts/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-ID': hosts[name].apiId, 'X-API-KEY': hosts[name].apiKey },
    body: JSON.stringify({
      packages: [{ name: 'bash', currentVersion: '5.2.15', needsUpdate: false }],
      repositories: REPOS[name],
      hostname: `${name}.example.com`,
      osType: 'Debian',
      osVersion: '12',
      agentVersion: '2.1.0',
    }),
  });
  assert.equal(response.status, 200, await response.clone().text());
}

function row(name) {
  return page.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
}

async function rowNames() {
  await page.getByTestId('repos-table').waitFor();
  return page.getByTestId('repo-link').allTextContents();
}

test('signs up and two hosts report overlapping repositories', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');
  for (const name of ['web-01', 'db-01']) {
    const created = await page.evaluate(async (friendlyName) => {
      const response = await fetch('/api/v1/hosts', {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ friendly_name: friendlyName, os_family: 'linux' }),
      });
      return { status: response.status, body: await response.json() };
    }, name);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    hosts[name] = { id: created.body.host.id, apiId: created.body.api_id, apiKey: created.body.api_key };
    await report(name);
  }
  assert.deepEqual(browser.failures, []);
});

test('the Repositories page collapses the sources and scores their security', async () => {
  await page.getByTestId('nav-repositories').click();
  await heading('Repositories');
  await row('debian').waitFor();
  assert.deepEqual(await rowNames(), ['debian', 'debian-security', 'docker', 'old-mirror']);
  assert.equal(await page.getByTestId('repo-summary-total').textContent(), '4');
  assert.equal(await page.getByTestId('repo-summary-active').textContent(), '3');
  assert.equal(await page.getByTestId('repo-summary-secure').textContent(), '2');
  assert.equal(await page.getByTestId('repo-summary-score').textContent(), '50%');
  assert.equal(await row('debian').getByTestId('repo-host-count').textContent(), '2');
  assert.match(await row('debian').getByTestId('repo-security').textContent(), /Insecure \(HTTP\)/);
  assert.match(await row('docker').getByTestId('repo-security').textContent(), /Secure \(HTTPS\)/);
  assert.equal(await row('old-mirror').getByTestId('repo-status').textContent(), 'Inactive');
  assert.deepEqual(browser.failures, []);
});

test('security, status, search and host filters narrow the list', async () => {
  await page.getByTestId('repos-type-filter').selectOption('insecure');
  await page.getByTestId('repos-count').getByText('2 repositories').waitFor();
  assert.deepEqual(await rowNames(), ['debian', 'old-mirror']);
  await page.getByTestId('repos-status-filter').selectOption('inactive');
  await page.getByTestId('repos-count').getByText('1 repository').waitFor();
  assert.deepEqual(await rowNames(), ['old-mirror']);
  await page.getByTestId('repos-type-filter').selectOption('');
  await page.getByTestId('repos-status-filter').selectOption('');
  await page.getByTestId('repos-count').getByText('4 repositories').waitFor();
  await page.getByTestId('repos-search').fill('docker.com');
  await page.getByTestId('repos-count').getByText('1 repository').waitFor();
  assert.deepEqual(await rowNames(), ['docker']);

  await page.goto(`${baseUrl()}/repositories?host=${hosts['web-01'].id}`);
  await page.getByTestId('repos-host-filter').getByText('Filtered by: web-01').waitFor();
  await page.getByTestId('repos-count').getByText('2 repositories').waitFor();
  assert.deepEqual(await rowNames(), ['debian', 'debian-security']);
  await page.getByTestId('repos-host-filter-clear').click();
  await page.getByTestId('repos-count').getByText('4 repositories').waitFor();
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(browser.failures, []);
});

test('the detail page lists the hosts using a repository, linking to each host', async () => {
  await row('debian').getByRole('link', { name: 'debian', exact: true }).click();
  await heading('debian');
  assert.equal(await page.getByTestId('repo-field-url').textContent(), DEBIAN.url);
  assert.equal(await page.getByTestId('repo-field-distribution').textContent(), 'bookworm');
  await page.getByTestId('repo-host-web-01').waitFor();
  await page.getByTestId('repo-host-db-01').waitFor();
  await page.getByTestId('repo-host-web-01').getByRole('link', { name: 'web-01' }).click();
  await page.waitForURL(`${baseUrl()}/hosts/${hosts['web-01'].id}`);
  await heading('web-01');
  await page.goBack();
  await heading('debian');
  assert.deepEqual(browser.failures, []);
});

test('an edit renames the record and keeps its description and priority', async () => {
  await page.getByTestId('repo-edit').click();
  const dialog = page.getByRole('dialog', { name: 'Edit repository' });
  await dialog.getByTestId('repo-edit-name').fill('Debian main');
  await dialog.getByTestId('repo-edit-description').fill('approved HTTP: GPG-signed archive');
  await dialog.getByTestId('repo-edit-priority').fill('10');
  await dialog.getByTestId('repo-edit-save').click();
  await dialog.waitFor({ state: 'detached' });
  await heading('Debian main');
  assert.equal(await page.getByTestId('repo-field-description').textContent(), 'approved HTTP: GPG-signed archive');
  assert.equal(await page.getByTestId('repo-field-priority').textContent(), '10');

  await page.reload();
  await heading('Debian main');
  assert.equal(await page.getByTestId('repo-field-priority').textContent(), '10');
  assert.deepEqual(browser.failures, []);
});

test('a deleted record disappears, and comes back when a host still reports it', async () => {
  await page.getByTestId('repo-delete').click();
  const dialog = page.getByRole('dialog', { name: 'Delete repository' });
  await dialog.getByTestId('delete-repo-warning').waitFor();
  await dialog.getByTestId('delete-repo-confirm').click();
  await page.waitForURL(`${baseUrl()}/repositories`);
  await page.getByTestId('repos-count').getByText('3 repositories').waitFor();
  assert.deepEqual(await rowNames(), ['debian-security', 'docker', 'old-mirror']);

  await report('web-01');
  await page.reload();
  await page.getByTestId('repos-count').getByText('4 repositories').waitFor();
  assert.deepEqual(await rowNames(), ['debian', 'debian-security', 'docker', 'old-mirror']);
  assert.equal(await row('debian').getByTestId('repo-host-count').textContent(), '1');
  assert.deepEqual(browser.failures, []);
});
