// The Patch Wizard's fleet flow (admin guide ch. 9 Flow C) in a real browser against the real local stack: six
// hosts report an outdated openssl and a seventh an up-to-date one through the agent API. From Package Detail,
// "Patch this package" lists the six; their dry runs go to the real server at most five at a time (the page's
// trigger calls are held in the browser's network layer and released one by one); each host's run is then
// driven through the agent output route with that host's own credentials, as its agent would: five simulate
// the upgrade (one pulls in a dependency: Extra deps), one fails. The wizard waits for all six, leaves the
// failed one out, and Approve & Patch creates five execution runs linked to their validations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';
import { api, createHost, report, signIn } from '../lib/api.mjs';

let browser;
let page;
let token;
const hosts = [];
const owner = freshAccount('patchfleet');
/** The dry runs the page started, by host id. */
const dryRuns = new Map();

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

const openssl = (outdated) => ({
  name: 'openssl',
  currentVersion: '3.0.11-1',
  availableVersion: outdated ? '3.0.13-1' : undefined,
  needsUpdate: outdated,
  isSecurityUpdate: outdated,
});

/** One stage of a run, posted as the host's agent posts it. */
const stage = (host, runId, body) =>
  api(`/patching/runs/${runId}/output`, { method: 'POST', headers: { 'X-API-ID': host.apiId, 'X-API-KEY': host.apiKey }, body });

test('signs up; six hosts report an outdated openssl, a seventh an up-to-date one', async () => {
  const slug = await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard', exact: true }).waitFor();
  token = await signIn(owner, slug);
  for (let i = 1; i <= 7; i += 1) {
    const host = { ...(await createHost(token, `fleet-${i}`)), name: `fleet-${i}` };
    await report(host, { packages: [openssl(i <= 6)], hostname: `fleet-${i}.example` });
    hosts.push(host);
  }
});

test('Patch this package lists the hosts needing it and starts their dry runs five at a time', async () => {
  await page.goto(`${baseUrl()}/packages/openssl`);
  await page.getByTestId('patch-package').click();
  const wizard = page.getByTestId('patch-wizard');
  await wizard.getByTestId('wizard-host-' + hosts[0].id).waitFor();
  assert.equal(await wizard.locator('[data-testid^="wizard-host-"][type="checkbox"]').count(), 6);
  assert.equal(await wizard.getByTestId(`wizard-host-${hosts[6].id}`).count(), 0);
  await wizard.getByTestId('wizard-hosts-all').check();
  await wizard.getByTestId('wizard-next').click();

  // Hold every trigger call in the browser until released; count how many are open at once.
  const held = [];
  let open = 0;
  let peak = 0;
  await page.route('**/api/v1/patching/trigger', async (route) => {
    open += 1;
    peak = Math.max(peak, open);
    await new Promise((release) => held.push(release));
    const response = await route.fetch();
    const body = await response.json();
    dryRuns.set(body.runs[0].host_id, body.runs[0]);
    open -= 1;
    await route.fulfill({ response, json: body });
  });
  await wizard.getByTestId('run-dry-run').click();
  await waitUntil(() => held.length === 5, 'five dry runs open');
  for (let released = 0; released < 6; released += 1) {
    await waitUntil(() => held.length > released, `dry run ${released + 1} sent`);
    held[released]();
  }
  await waitUntil(() => dryRuns.size === 6, 'six dry runs created');
  await page.unroute('**/api/v1/patching/trigger');
  assert.equal(peak, 5);
  for (const run of dryRuns.values()) {
    assert.equal(run.status, 'pending_validation');
    assert.deepEqual(run.package_names, ['openssl']);
  }
});

test('the agents validate five and fail one; the wizard approves the five', async () => {
  const wizard = page.getByTestId('patch-wizard');
  for (const [index, host] of hosts.slice(0, 6).entries()) {
    const runId = dryRuns.get(host.id).id;
    await stage(host, runId, { stage: 'started' });
    await stage(host, runId, { stage: 'progress', output: `Reading package lists...\r\nInst openssl [3.0.11-1] (3.0.13-1)\n` });
    if (index === 5) {
      await stage(host, runId, { stage: 'failed', output: 'E: dpkg was interrupted', error_message: 'E: dpkg was interrupted' });
      continue;
    }
    const affected = [{ name: 'openssl', arch: 'amd64', current_version: '3.0.11-1', new_version: '3.0.13-1', action: 'upgrade', dependency: false }];
    if (index === 0) affected.push({ name: 'libssl3', arch: 'amd64', current_version: '3.0.11-1', new_version: '3.0.13-1', action: 'upgrade', dependency: true });
    await stage(host, runId, { stage: 'dry_run_completed', output: 'Inst openssl [3.0.11-1] (3.0.13-1)\nConf openssl (3.0.13-1)\n', packages_affected: affected });
  }

  // The wizard polls each dry run until it ends.
  const failed = wizard.getByTestId(`validation-${hosts[5].id}`);
  await failed.getByText('E: dpkg was interrupted').waitFor({ timeout: 20_000 });
  for (const host of hosts.slice(0, 5)) {
    await wizard.getByTestId(`validation-${host.id}`).getByTestId('run-status').getByText('Validated').waitFor({ timeout: 20_000 });
  }
  await wizard.getByTestId(`validation-${hosts[0].id}`).getByTestId('extra-deps').waitFor();
  assert.match(await wizard.getByTestId(`validation-packages-${hosts[0].id}`).textContent(), /libssl3/);
  assert.equal(await wizard.getByTestId(`validation-include-${hosts[5].id}`).isDisabled(), true);

  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId(`timing-text-${hosts[4].id}`).getByText('Runs immediately via Default').waitFor();
  assert.equal(await wizard.getByTestId(`timing-${hosts[5].id}`).count(), 0);
  await wizard.getByTestId('wizard-next').click();
  await wizard.getByTestId('approval-approve').check();
  await wizard.getByTestId('wizard-next').click();
  assert.equal(await wizard.getByTestId('submit-summary').locator('tbody tr').count(), 5);
  await wizard.getByTestId('wizard-fire').click();
  await page.getByTestId('patch-package-result').getByText('Approved 5').waitFor({ timeout: 20_000 });

  const approved = await api('/patching/runs?status=approved', { token });
  assert.deepEqual(
    approved.runs.map((r) => r.host_id).sort(),
    hosts.slice(0, 5).map((h) => h.id).sort(),
  );
  const executions = (await api('/patching/runs?type=patch_package&limit=50', { token })).runs.filter((r) => !r.dry_run);
  assert.equal(executions.length, 5);
  for (const run of executions) {
    assert.equal(run.validation_run_id, dryRuns.get(run.host_id).id);
    assert.ok(['queued', 'scheduled'].includes(run.status), run.status);
  }
  const stillFailed = await api(`/patching/runs/${dryRuns.get(hosts[5].id).id}`, { token });
  assert.equal(stillFailed.status, 'failed');
  assert.deepEqual(browser.failures, []);
});

/** Polls a Node-side condition with a deadline. */
async function waitUntil(condition, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
