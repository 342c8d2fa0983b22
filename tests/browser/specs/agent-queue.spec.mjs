// Host Detail's agent commands in a real browser with a real agent: a fresh organisation creates
// this-machine, the agent the stack publishes is downloaded and runs its daemon (`serve`) against the
// local stack over the agents WebSocket; Fetch Report on Host Detail puts a report_now job in the
// Agent Queue tab, which completes when the agent has sent the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
let hostId;
let daemon;
const owner = freshAccount('agentqueue');

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});

after(async () => {
  daemon?.kill('SIGTERM');
  await browser?.close();
});

async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('signs up, creates a host and starts the real agent daemon for it', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard', exact: true }).waitFor();
  const created = await page.evaluate(async () => {
    const response = await fetch('/api/v1/hosts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ friendly_name: 'this-machine', os_family: 'linux', groupIds: [] }),
    });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  hostId = created.body.host.id;
  const auth = { 'X-API-ID': created.body.api_id, 'X-API-KEY': created.body.api_key };

  const dir = await mkdtemp(join(tmpdir(), 'patchmon-agent-'));
  const download = await fetch(`${baseUrl()}/api/v1/hosts/agent/download?os=linux&arch=amd64`, { headers: auth });
  assert.equal(download.status, 200);
  const agent = join(dir, 'patchmon-agent');
  await writeFile(agent, Buffer.from(await download.arrayBuffer()));
  await chmod(agent, 0o755);
  const configDir = join(dir, 'etc');
  const server = baseUrl().replace(/\/$/, '');
  execFileSync(agent, ['--config-dir', configDir, 'config', 'set-api', created.body.api_id, created.body.api_key, server]);
  // The machine's apt lists stay as they are: no apt-get update from a test.
  execFileSync(agent, ['--config-dir', configDir, 'config', 'set', 'package_cache_refresh_mode', 'never']);
  daemon = spawn(agent, ['--config-dir', configDir, 'serve'], { stdio: 'ignore' });

  await until('the agent to connect and report', async () => {
    const host = await page.evaluate(async (id) => (await fetch(`/api/v1/hosts/${id}`)).json(), hostId);
    return host.connected === true && host.status === 'active';
  });
});

test('Fetch Report on Host Detail shows a job in the Agent Queue that completes', async () => {
  await page.goto(`${baseUrl()}/hosts/${hostId}?tab=queue`);
  await page.getByRole('heading', { level: 1, name: 'this-machine', exact: true }).waitFor();
  await page.getByTestId('agent-queue').waitFor();
  const fetchButton = page.getByTestId('fetch-report');
  await until('Fetch Report to be enabled', async () => !(await fetchButton.isDisabled()));
  await fetchButton.click();
  await page.getByTestId('agent-command-status').getByText('Report requested').waitFor();

  const row = page.locator('[data-testid="job-row"]').filter({ hasText: 'report_now' }).first();
  await row.waitFor();
  // The tab re-reads every 30 s; Refresh re-reads at once.
  await until('the report_now job to complete', async () => {
    if ((await row.getAttribute('data-status')) === 'completed') return true;
    await page.getByTestId('refresh-host').click();
    await page.getByTestId('agent-queue').waitFor();
    return false;
  });
  assert.equal(await page.getByTestId('queue-failed').locator('strong').textContent(), '0');
  assert.deepEqual(browser.failures, []);
});
