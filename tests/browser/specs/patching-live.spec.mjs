// A patch run's live output in a real browser, from a real agent, through the real local stack: a
// patch_package dry run of a package this Debian machine really has an upgrade for is triggered from Host
// Detail's Patching tab while the agent is not serving, so the run waits on Run Detail; then the agent starts,
// receives run_patch on connecting, runs `apt-get -s install` and streams its output: the page (subscribed to
// run:<id> once the run runs) must receive chunk frames over the ui WebSocket, show the simulation's output in
// the terminal, and end on Validated with the agent's packages-affected list. Nothing is installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLinuxHost, agentCommand, installAgent } from '../lib/agent.mjs';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
let agent;
let executable;
let hostId;
let runId;
let packageName;
const frames = [];
const credentials = {};
const owner = freshAccount('patchlive');
const dir = mkdtempSync(join(tmpdir(), 'patchmon-patch-live-'));

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
  // Every frame the page's live socket receives, registered before any socket opens.
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      try {
        frames.push(JSON.parse(payload.toString()));
      } catch {
        // not JSON: a control frame
      }
    });
  });
});

after(async () => {
  if (agent && agent.exitCode === null) {
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    await exited;
  }
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function heading(name) {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

test('a host with a real agent report lists this machine\'s upgradable packages', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');
  const added = await addLinuxHost(page, 'patch-01');
  hostId = added.hostId;
  credentials.apiId = added.apiId;
  credentials.apiKey = added.apiKey;
  executable = await installAgent(dir, credentials);
  await agentCommand(executable, dir, 'report');

  await page.goto(`${baseUrl()}/hosts/${hostId}`);
  await heading('patch-01');
  await page.getByTestId('host-tab-patching').click();
  const outdated = page.getByTestId('host-outdated-packages');
  await outdated.waitFor({ timeout: 30_000 });
  // curl has an update on this machine; any other upgradable package does as well.
  const boxes = outdated.locator('input[type="checkbox"]');
  assert.ok((await boxes.count()) > 0, 'this machine has upgradable packages');
  const curl = page.getByTestId('outdated-curl');
  const pick = (await curl.count()) > 0 ? curl : boxes.first();
  packageName = (await pick.getAttribute('data-testid')).slice('outdated-'.length);
  await pick.check();
});

test('the dry run waits for the offline agent on Run Detail', async () => {
  await page.getByTestId('patch-selected').click();
  await page.getByTestId('wizard-validate').waitFor();
  const triggered = page.waitForResponse((r) => r.url().endsWith('/api/v1/patching/trigger') && r.request().method() === 'POST');
  await page.getByTestId('run-dry-run').click();
  const answer = await triggered;
  assert.equal(answer.status(), 201);
  const body = await answer.json();
  assert.equal(body.runs.length, 1);
  runId = body.runs[0].id;
  assert.equal(body.runs[0].status, 'pending_validation');
  assert.deepEqual(body.runs[0].package_names, [packageName]);

  await page.goto(`${baseUrl()}/patching/runs/${runId}`);
  await heading('patch-01');
  await page.getByTestId('run-banner').getByText('Validation pending').waitFor();
  assert.equal((await page.getByTestId('terminal').textContent()).trim(), '(No output yet)');
});

test('the agent connects, runs apt-get -s and its output streams into the page until Validated', async () => {
  agent = spawn(executable, ['--config-dir', join(dir, 'config'), 'serve'], { stdio: 'ignore' });
  const terminal = page.getByTestId('terminal');
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid="terminal"]')?.textContent.includes(`apt-get -s`) &&
      document.querySelector('[data-testid="terminal"]')?.textContent.includes(name),
    packageName,
    { timeout: 120_000 },
  );
  await page.getByTestId('packages-affected').getByText(packageName, { exact: false }).first().waitFor({ timeout: 60_000 });
  await page.getByTestId('run-subtitle').getByText(/validated/i).waitFor({ timeout: 60_000 });

  const chunks = frames.filter((f) => f.type === 'chunk' && f.patch_run_id === runId);
  assert.ok(chunks.length > 0, `live chunks reached the browser (frames: ${frames.map((f) => f.type).join(',')})`);
  assert.ok(frames.some((f) => f.type === 'done' && f.patch_run_id === runId), 'a done frame ended the stream');
  assert.match(await terminal.textContent(), /Inst |Conf |upgraded|newly installed/);
  assert.deepEqual(browser.failures, []);
});
