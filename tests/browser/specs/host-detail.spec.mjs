// The Host Detail page's tabs in a real browser against the real local stack: a fresh organisation
// creates web-01, an agent report posted from Node with the host's credentials carries packages
// (one security update among 63), repositories, network interfaces and system facts, and every
// tab shows them; the Packages tab filters, searches and pages on the server; notes survive a reload;
// the friendly name, hostname and IP are edited inline and survive one too; regenerated credentials
// are shown once and shut out the old key; deleting the host shuts out the new one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';
import { reportStatus } from '../lib/api.mjs';

let browser;
let page;
let hostId;
const credentials = {};
const owner = freshAccount('hostdetail');

const LIBRARIES = Array.from({ length: 60 }, (_, i) => ({
  name: `lib-${String(i).padStart(2, '0')}`,
  currentVersion: `1.${i}`,
  needsUpdate: false,
}));

const REPORT = {
  packages: [
    { name: 'openssl', currentVersion: '3.0.11', availableVersion: '3.0.13', needsUpdate: true, isSecurityUpdate: true, sourceRepository: 'bookworm-security' },
    { name: 'nginx', currentVersion: '1.22.1', availableVersion: '1.22.2', needsUpdate: true, isSecurityUpdate: false },
    { name: 'curl', currentVersion: '7.88.1', needsUpdate: false },
    ...LIBRARIES,
  ],
  repositories: [
    { name: 'debian', url: 'https://deb.debian.org/debian', distribution: 'bookworm', components: 'main', repoType: 'deb', isEnabled: true, isSecure: true },
    { name: 'legacy', url: 'http://legacy.example.com/debian', distribution: 'bookworm', components: 'contrib', repoType: 'deb', isEnabled: true, isSecure: false },
  ],
  networkInterfaces: [
    {
      name: 'eth0',
      type: 'ethernet',
      macAddress: '00:11:22:33:44:55',
      mtu: 1500,
      status: 'up',
      linkSpeed: 1000,
      duplex: 'full',
      addresses: [
        { address: '10.0.0.5', family: 'inet', netmask: '/24', gateway: '10.0.0.1' },
        { address: 'fe80::1', family: 'inet6', netmask: '/64' },
      ],
    },
    { name: 'wg0', type: 'wireguard', status: 'up', addresses: [{ address: '192.168.50.7', family: 'inet', netmask: '/24' }] },
  ],
  hostname: 'web01.example.com',
  ip: '10.0.0.5',
  osType: 'Debian',
  osVersion: '12',
  architecture: 'x86_64',
  agentVersion: '2.1.0',
  kernelVersion: '6.1.0-18-amd64',
  cpuModel: 'Intel Xeon E5-2680 v4',
  cpuCores: 8,
  ramInstalled: 16,
  swapSize: 2,
  diskDetails: [{ device: '/dev/sda1', mountPoint: '/', size: '50GB', used: '25GB', available: '25GB' }],
  gatewayIp: '10.0.0.1',
  dnsServers: ['1.1.1.1', '9.9.9.9'],
  selinuxStatus: 'disabled',
  systemUptime: '15 days, 3:22',
  loadAverage: [0.5, 0.25, 0.1],
  machineId: 'f00dfeed0001',
  packageManager: 'apt',
  needsReboot: true,
  rebootReason: 'Kernel update pending',
};

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

async function text(testId, scope = page) {
  return (await scope.getByTestId(testId).textContent()).trim();
}

async function openTab(id) {
  await page.getByTestId(`host-tab-${id}`).click();
  await page.getByTestId(`host-panel-${id}`).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('tab'), id === 'info' ? null : id);
}

async function postReport() {
  const response = await fetch(`${baseUrl()}/api/v1/hosts/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-ID': credentials.apiId, 'X-API-KEY': credentials.apiKey },
    body: JSON.stringify(REPORT),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

test('signs up, creates web-01 and its agent reports twice', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');

  const created = await page.evaluate(async () => {
    const response = await fetch('/api/v1/hosts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ friendly_name: 'web-01', os_family: 'linux', groupIds: [] }),
    });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  hostId = created.body.host.id;
  credentials.apiId = created.body.api_id;
  credentials.apiKey = created.body.api_key;

  const first = await postReport();
  assert.deepEqual([first.packagesProcessed, first.updatesAvailable, first.securityUpdates], [63, 2, 1]);
  await postReport();
  assert.deepEqual(browser.failures, []);
});

test('Host Info and the header show what the agent reported', async () => {
  await page.goto(`${baseUrl()}/hosts/${hostId}`);
  await heading('web-01');
  assert.equal(await page.getByTestId('host-tab-info').getAttribute('aria-selected'), 'true');
  await page.getByTestId('host-machine-id').getByText('f00dfeed0001').waitFor();
  assert.equal(await text('host-os'), 'Debian 12');
  assert.equal(await text('host-kernel'), '6.1.0-18-amd64');
  assert.equal(await text('host-architecture'), 'x86_64');
  assert.equal(await text('host-agent-version'), '2.1.0');
  assert.equal(await text('host-uptime'), '15 days, 3:22');
  assert.equal(await text('host-reboot'), 'Yes Kernel update pending');
  assert.equal(await text('host-status'), 'Active');
  assert.equal(await page.getByTestId('reboot-chip').getAttribute('title'), 'Kernel update pending');

  await page.getByTestId('stat-installed-value').getByText('63').waitFor();
  assert.equal(await text('stat-outdated-value'), '2');
  assert.equal(await text('stat-security-value'), '1');
  assert.equal(await text('stat-repos-value'), '2');
  assert.equal(await page.getByTestId('stat-security').getAttribute('href'), `/packages?host=${hostId}&filter=security-updates`);
  assert.deepEqual(browser.failures, []);
});

test('Network lists DNS servers, the gateway and eth0 with its MAC, MTU, link, state and addresses', async () => {
  await openTab('network');
  const eth0 = page.getByTestId('interface-eth0');
  await eth0.waitFor();
  assert.deepEqual(await page.getByTestId('dns-servers').getByRole('listitem').allTextContents(), ['1.1.1.1', '9.9.9.9']);
  assert.equal(await text('gateway-ip'), '10.0.0.1');
  assert.equal(await text('interface-status', eth0), 'UP');
  assert.equal(await text('interface-mac', eth0), '00:11:22:33:44:55');
  assert.equal(await text('interface-mtu', eth0), '1500');
  assert.equal(await text('interface-link', eth0), '1 Gb/s, full duplex');
  assert.equal(await eth0.getByTestId('interface-address').count(), 2);
  await eth0.getByTestId('interface-address').first().getByText('10.0.0.5').waitFor();

  // Starring wg0 makes its address the host's IP, read-only on Host Info, and survives a reload.
  const wg0 = page.getByTestId('interface-wg0');
  await wg0.getByTestId('interface-primary').click();
  await page.locator('[data-testid="interface-wg0"] [data-testid="interface-primary"][aria-pressed="true"]').waitFor();
  await page.reload();
  await openTab('info');
  await page.getByTestId('host-ip-primary').getByText('192.168.50.7').waitFor();
  assert.equal(await text('host-ip-primary'), '192.168.50.7 from wg0');
  await openTab('network');
  await page.getByTestId('interface-wg0').getByTestId('interface-primary').click();
  await page.locator('[data-testid="interface-wg0"] [data-testid="interface-primary"][aria-pressed="false"]').waitFor();
  assert.deepEqual(browser.failures, []);
});

test('System shows the kernel, SELinux, CPU, memory, load and disks', async () => {
  await openTab('system');
  await page.getByTestId('system-cpu-model').getByText('Intel Xeon E5-2680 v4').waitFor();
  assert.equal(await text('system-kernel'), '6.1.0-18-amd64');
  assert.equal(await text('system-selinux'), 'disabled');
  assert.equal(await text('system-package-manager'), 'apt');
  assert.equal(await text('system-cpu-cores'), '8');
  assert.equal(await text('system-ram'), '16 GiB');
  assert.equal(await text('system-swap'), '2 GiB');
  assert.equal(await text('system-load'), '0.50 / 0.25 / 0.10');
  await page.getByTestId('system-disks').getByText('/dev/sda1').waitFor();
  assert.deepEqual(browser.failures, []);
});

test('Packages filters to security and updates, searches and pages on the server, and links to each package', async () => {
  await openTab('packages');
  await page.getByTestId('package-row-openssl').waitFor();
  assert.equal(await text('packages-count'), '63 of 63 packages');
  assert.equal(await text('package-status', page.getByTestId('package-row-openssl')), 'Security update');
  assert.equal(await page.getByTestId('package-row-openssl').getByTestId('package-link').getAttribute('href'), '/packages/openssl');
  assert.equal(await text('packages-page'), 'Page 1 of 2');
  assert.equal(await page.getByTestId('host-packages').locator('tbody tr').count(), 50);

  await page.getByTestId('packages-next').click();
  await page.getByTestId('package-row-lib-59').waitFor();
  assert.equal(await text('packages-page'), 'Page 2 of 2');
  assert.equal(new URL(page.url()).searchParams.get('page'), '2');

  await page.getByTestId('packages-filter-security').click();
  await page.getByTestId('packages-count').getByText('1 of 63 packages').waitFor();
  assert.deepEqual(await page.getByTestId('host-packages').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.testid)), [
    'package-row-openssl',
  ]);
  assert.equal(new URL(page.url()).searchParams.get('filter'), 'security');

  await page.getByTestId('packages-filter-updates').click();
  await page.getByTestId('packages-count').getByText('2 of 63 packages').waitFor();
  assert.deepEqual(await page.getByTestId('host-packages').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.testid)), [
    'package-row-openssl',
    'package-row-nginx',
  ]);

  await page.getByTestId('packages-filter-all').click();
  await page.getByTestId('packages-search').fill('CURL');
  await page.getByTestId('packages-count').getByText('1 of 63 packages').waitFor();
  await page.getByTestId('package-row-curl').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('search'), 'CURL');

  await page.getByTestId('packages-search').fill('no-such-package');
  await page.getByTestId('packages-empty').waitFor();
  assert.deepEqual(browser.failures, []);
});

test('Repositories shows both sources with their secure flag', async () => {
  await openTab('repositories');
  await page.getByTestId('repository-debian').getByTestId('repository-secure').waitFor();
  assert.equal(await text('repository-insecure', page.getByTestId('repository-legacy')), 'Insecure');
  assert.deepEqual(browser.failures, []);
});

test('Package Reports lists both reports, newest first, with their counts', async () => {
  await openTab('reports');
  await page.getByTestId('package-reports').waitFor();
  const rows = page.getByTestId('package-report-row');
  assert.equal(await rows.count(), 2);
  for (const row of await rows.all()) {
    assert.equal(await text('report-packages', row), '63');
    assert.equal(await text('report-updates', row), '2');
    assert.equal(await text('report-security', row), '1');
  }
  assert.deepEqual(browser.failures, []);
});

test('Notes are edited, saved and still there after a reload of the deep link', async () => {
  await openTab('notes');
  assert.equal(await text('host-notes'), 'No notes.');
  await page.getByTestId('host-notes-edit').click();
  await page.getByTestId('host-notes-input').fill('Change window: Sun 02:00 UTC\nOwner: platform team');
  await page.getByTestId('host-notes-save').click();
  await page.getByTestId('host-notes').getByText('Owner: platform team').waitFor();

  await page.reload();
  await heading('web-01');
  assert.equal(await page.getByTestId('host-tab-notes').getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByTestId('host-notes').textContent(), 'Change window: Sun 02:00 UTC\nOwner: platform team');
  assert.deepEqual(browser.failures, []);
});

test('the friendly name, hostname and IP are edited inline on Host Info and still there after a reload', async () => {
  await openTab('info');
  await page.getByTestId('host-info-friendly-name-edit').click();
  await page.getByTestId('host-info-friendly-name-input').fill('web-01.prod');
  await page.getByTestId('host-info-friendly-name-input').press('Enter');
  await heading('web-01.prod');
  assert.equal(await text('host-info-friendly-name'), 'web-01.prod');

  // Escape leaves the field as it was; Save stores the new value.
  await page.getByTestId('host-hostname-edit').click();
  await page.getByTestId('host-hostname-input').fill('discarded.example.com');
  await page.getByTestId('host-hostname-input').press('Escape');
  assert.equal(await text('host-hostname'), 'web01.example.com');
  await page.getByTestId('host-hostname-edit').click();
  await page.getByTestId('host-hostname-input').fill('web01.prod.example.com');
  await page.getByTestId('host-hostname-save').click();
  await page.getByTestId('host-hostname').getByText('web01.prod.example.com').waitFor();
  assert.equal(await text('header-hostname'), 'web01.prod.example.com');

  // The server refuses a malformed address with its own message and keeps the editor open.
  await page.getByTestId('host-ip-edit').click();
  await page.getByTestId('host-ip-input').fill('not an address');
  await page.getByTestId('host-ip-input').press('Enter');
  assert.equal(await text('host-ip-error'), 'Invalid IP address');
  await page.getByTestId('host-ip-input').fill('10.20.30.40');
  await page.getByTestId('host-ip-input').press('Enter');
  await page.getByTestId('host-ip').getByText('10.20.30.40').waitFor();
  assert.equal(await text('header-ip'), '10.20.30.40');

  await page.reload();
  await heading('web-01.prod');
  assert.equal(await text('host-hostname'), 'web01.prod.example.com');
  assert.equal(await text('host-ip'), '10.20.30.40');
  assert.equal(await text('header-hostname'), 'web01.prod.example.com');
  assert.deepEqual(browser.failures, []);
});

test('Deploy Agent regenerates the credentials: the new key is shown once and the old one stops working', async () => {
  const packagesOnly = { packages: REPORT.packages };
  await page.getByTestId('deploy-agent').click();
  const dialog = page.getByRole('dialog', { name: 'Deploy Agent' });
  await dialog.getByText('The API key is only shown when it is created.').waitFor();
  assert.equal(await dialog.getByTestId('deploy-command').count(), 0);
  await dialog.getByTestId('regenerate-confirm').click();

  const command = await text('deploy-command', dialog);
  const match = command.match(/-H "X-API-ID: ([^"]+)" \\\n {2}-H "X-API-KEY: ([^"]+)"/);
  assert.ok(match, `unexpected command: ${command}`);
  const renewed = { apiId: match[1], apiKey: match[2] };
  assert.notEqual(renewed.apiId, credentials.apiId);
  assert.notEqual(renewed.apiKey, credentials.apiKey);
  assert.equal(await reportStatus(credentials, packagesOnly), 401);
  assert.equal(await reportStatus(renewed, packagesOnly), 200);
  await dialog.getByText('Close', { exact: true }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.getByTestId('deploy-agent').click();
  await dialog.getByText('The API key is only shown when it is created.').waitFor();
  assert.equal(await dialog.getByTestId('deploy-command').count(), 0);
  assert.equal(await dialog.getByText(renewed.apiKey).count(), 0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  credentials.apiId = renewed.apiId;
  credentials.apiKey = renewed.apiKey;
  assert.deepEqual(browser.failures, []);
});

test('Delete host: Cancel keeps it; Delete removes it, its page and its agent', async () => {
  await page.getByTestId('delete-host').click();
  const dialog = page.getByRole('dialog', { name: 'Delete host' });
  await dialog.getByText('web-01.prod').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await heading('web-01.prod');

  await page.getByTestId('delete-host').click();
  await dialog.getByTestId('delete-host-confirm').click();
  await page.waitForURL(`${baseUrl()}/hosts`);
  await page.getByTestId('hosts-empty').waitFor();
  assert.equal(await reportStatus(credentials, { packages: REPORT.packages }), 401);

  await page.goto(`${baseUrl()}/hosts/${hostId}`);
  await heading('Host not found');
  assert.deepEqual(browser.failures, []);
});
