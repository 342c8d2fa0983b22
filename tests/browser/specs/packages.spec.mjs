// The Packages and Package Detail pages in a real browser against the real local stack: a fresh
// organisation registers web-01 and db-01 through the API, their agents report overlapping
// packages (openssl has a security update on web-01 only, vim a regular update on db-01), and the
// pages show the counts, filter, deep-link and list the hosts of a package with the only-pending
// toggle; Installed On opens the Hosts list of the package, a source repository chip the Repositories list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';
import { createHost, report, signIn } from '../lib/api.mjs';

let browser;
let page;
const owner = freshAccount('packages');
const hostIds = {};

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

/** Registers a host with the owner's session and sends its agent's first report. */
async function reportingHost(token, name, packages, repositories) {
  const host = await createHost(token, name);
  await report(host, { packages, repositories, hostname: `${name}.example.com`, osType: 'Ubuntu', osVersion: '22.04', agentVersion: '2.1.0' });
  return host.id;
}

async function rowNames() {
  const rows = page.locator('[data-testid^="package-row-"]');
  return (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))).map((id) => id.replace('package-row-', ''));
}

async function waitForRows(expected) {
  await page.waitForFunction(
    (names) =>
      JSON.stringify([...document.querySelectorAll('[data-testid^="package-row-"]')].map((el) => el.getAttribute('data-testid').slice(12))) ===
      JSON.stringify(names),
    expected,
    { timeout: 15_000 },
  );
  assert.deepEqual(await rowNames(), expected);
}

test('signs up; web-01 and db-01 report overlapping packages through the agent API', async () => {
  const slug = await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');

  const token = await signIn(owner, slug);
  hostIds.web = await reportingHost(token, 'web-01', [
    { name: 'openssl', currentVersion: '3.0.2', availableVersion: '3.0.13', needsUpdate: true, isSecurityUpdate: true,
      sourceRepository: 'jammy-security', description: 'Secure Sockets Layer toolkit', category: 'libs' },
    { name: 'curl', currentVersion: '7.81.0', needsUpdate: false, sourceRepository: 'jammy', category: 'web' },
  ], [
    { name: 'ubuntu-jammy-security', url: 'http://security.ubuntu.com/ubuntu', distribution: 'jammy-security', components: 'main',
      repoType: 'deb', isEnabled: true, isSecure: false },
    { name: 'ubuntu-jammy', url: 'http://archive.ubuntu.com/ubuntu', distribution: 'jammy', components: 'main',
      repoType: 'deb', isEnabled: true, isSecure: false },
  ]);
  hostIds.db = await reportingHost(token, 'db-01', [
    { name: 'openssl', currentVersion: '3.0.13', needsUpdate: false, sourceRepository: 'jammy-updates', category: 'libs' },
    { name: 'curl', currentVersion: '7.81.0', needsUpdate: false, sourceRepository: 'jammy', category: 'web' },
    { name: 'vim', currentVersion: '8.2', availableVersion: '9.0', needsUpdate: true, isSecurityUpdate: false,
      sourceRepository: 'jammy', category: 'editors' },
  ]);
  assert.deepEqual(browser.failures, []);
});

test('the Packages page shows the summary cards and one row per package', async () => {
  await page.getByTestId('nav-packages').click();
  await heading('Packages');
  await waitForRows(['curl', 'openssl', 'vim']);
  assert.equal(await page.getByTestId('summary-packages').textContent(), '3');
  assert.equal(await page.getByTestId('summary-installations').textContent(), '5');
  assert.equal(await page.getByTestId('summary-outdated').textContent(), '2');
  assert.equal(await page.getByTestId('summary-security').textContent(), '1');
  assert.equal(await page.getByTestId('summary-outdated-hosts').textContent(), '2');
  const openssl = page.getByTestId('package-row-openssl');
  assert.equal(await openssl.getByTestId('package-installed-on').textContent(), '1/2 hosts');
  assert.match(await openssl.getByTestId('package-status').textContent(), /Security Update Available/);
  assert.equal(await page.getByTestId('package-row-vim').getByTestId('package-status').textContent(), 'Update Available');
  assert.equal(await page.getByTestId('package-row-curl').getByTestId('package-status').textContent(), 'Up to Date');

  await page.getByTestId('sort-status').click();
  await waitForRows(['openssl', 'vim', 'curl']);
  assert.deepEqual(browser.failures, []);
});

test('the update-status, category, host and search filters narrow the list and the URL', async () => {
  await page.getByTestId('packages-status').selectOption('security');
  await waitForRows(['openssl']);
  assert.match(page.url(), /filter=security/);
  assert.equal(await page.getByTestId('summary-outdated-hosts').textContent(), '1');

  await page.getByTestId('packages-status').selectOption('regular');
  await waitForRows(['vim']);

  await page.getByTestId('packages-status').selectOption('all');
  await page.getByTestId('packages-host').selectOption({ label: 'web-01' });
  await waitForRows(['openssl', 'curl']);
  assert.match(page.url(), new RegExp(`host=${hostIds.web}`));

  await page.getByTestId('packages-clear-filters').click();
  await page.getByTestId('packages-category').selectOption('editors');
  await waitForRows(['vim']);

  await page.getByTestId('packages-clear-filters').click();
  await page.getByTestId('packages-search').fill('ssl');
  await waitForRows(['openssl']);
  assert.match(page.url(), /search=ssl/);
  assert.deepEqual(browser.failures, []);
});

test('the deep link /packages?filter=outdated (the dashboard card) opens the outdated packages', async () => {
  await page.goto(`${baseUrl()}/packages?filter=outdated`);
  await heading('Packages');
  await waitForRows(['openssl', 'vim']);
  assert.equal(await page.getByTestId('packages-status').inputValue(), 'outdated');
  assert.equal(await page.getByTestId('packages-category').inputValue(), '');

  await page.goto(`${baseUrl()}/packages?filter=security`);
  await waitForRows(['openssl']);
  assert.deepEqual(browser.failures, []);
});

test('the package detail shows the stats, repositories and the hosts, with only pending by default', async () => {
  await page.getByTestId('package-row-openssl').getByRole('link', { name: 'openssl' }).click();
  await page.waitForURL(`${baseUrl()}/packages/openssl`);
  await heading('openssl');
  assert.equal(await page.getByTestId('stat-hosts').textContent(), '2');
  assert.equal(await page.getByTestId('stat-updates').textContent(), '1');
  assert.equal(await page.getByTestId('stat-up-to-date').textContent(), '1');
  assert.equal(await page.getByTestId('stat-latest').textContent(), '3.0.13');
  await page.getByTestId('repo-chip-jammy-security').waitFor();
  await page.getByTestId('repo-chip-jammy-updates').waitFor();
  assert.equal(await page.getByTestId('package-description').textContent(), 'Secure Sockets Layer toolkit');

  const web = page.getByTestId('package-host-web-01');
  await web.waitFor();
  assert.equal(await page.getByTestId('only-pending').isChecked(), true);
  assert.equal(await page.getByTestId('package-host-db-01').count(), 0);

  await page.getByTestId('only-pending').uncheck();
  await page.getByTestId('package-host-db-01').waitFor();
  assert.equal(await page.getByTestId('package-host-db-01').getByTestId('package-status').textContent(), 'Up to Date');

  await web.getByRole('link', { name: 'web-01' }).click();
  await page.waitForURL(`${baseUrl()}/hosts/${hostIds.web}`);
  await heading('web-01');
  assert.deepEqual(browser.failures, []);
});

test('Installed On opens the Hosts list of the package; a Source Repos chip opens the Repositories list', async () => {
  await page.goto(`${baseUrl()}/packages`);
  await waitForRows(['curl', 'openssl', 'vim']);
  const openssl = page.getByTestId('package-row-openssl');
  assert.deepEqual(await openssl.getByTestId('source-repos').getByRole('link').allTextContents(), ['jammy-security', 'jammy-updates']);
  assert.deepEqual(await page.getByTestId('package-row-curl').getByTestId('source-repos').getByRole('link').allTextContents(), ['jammy']);
  assert.equal(await openssl.getByTestId('source-repo-jammy-security').getAttribute('title'), 'Supplies 1 host');
  assert.equal(await page.getByTestId('package-row-curl').getByTestId('source-repo-jammy').getAttribute('title'), 'Supplies 2 hosts');

  await openssl.getByTestId('package-installed-on').getByRole('link', { name: '1/2 hosts' }).click();
  await page.waitForURL(`${baseUrl()}/hosts?package=openssl`);
  await heading('Hosts');
  await page.getByTestId('host-row-web-01').waitFor();
  await page.getByTestId('host-row-db-01').waitFor();
  assert.equal(await page.getByTestId('hosts-count').textContent(), '2 hosts');
  assert.match(await page.getByTestId('hosts-package-filter').textContent(), /^Package: openssl/);

  await page.goBack();
  await page.getByTestId('package-row-vim').getByRole('link', { name: '1 host' }).click();
  await page.waitForURL(`${baseUrl()}/hosts?package=vim`);
  await page.getByTestId('hosts-count').getByText('1 host').waitFor();
  await page.getByTestId('host-row-db-01').waitFor();
  await page.getByTestId('hosts-package-filter-clear').click();
  await page.getByTestId('hosts-count').getByText('2 hosts').waitFor();

  await page.goto(`${baseUrl()}/packages`);
  await page.getByTestId('package-row-openssl').getByTestId('source-repo-jammy-security').click();
  await page.waitForURL(`${baseUrl()}/repositories?search=jammy-security`);
  await heading('Repositories');
  assert.equal(await page.getByTestId('repos-search').inputValue(), 'jammy-security');
  await page.getByTestId('repos-count').getByText('1 repository').waitFor();
  assert.equal(await page.getByTestId('repo-link').textContent(), 'ubuntu-jammy-security');
  assert.deepEqual(browser.failures, []);
});
