// Live updates with a real agent in a real browser against the real local stack: the Add Host wizard
// follows the ui WebSocket through Waiting for connection → Connected → Receiving initial report → Done
// while the agent this stack publishes (`patchmon-agent serve`) dials the agents WebSocket and sends its
// first report; then the Hosts list's connection badge goes Offline when the emulator's test hook cuts the
// agent's connection and back to connected when the agent redials, without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLinuxHost, installAgent } from '../lib/agent.mjs';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
let agent;
let hostId;
const credentials = {};
const owner = freshAccount('live');
const dir = mkdtempSync(join(tmpdir(), 'patchmon-live-agent-'));

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
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

test('the wizard opens live updates and shows the credentials', async () => {
  await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');
  const added = await addLinuxHost(page, 'live-01');
  const wizard = added.wizard;
  hostId = added.hostId;
  credentials.apiId = added.apiId;
  credentials.apiKey = added.apiKey;

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
  await wizard.getByTestId('copy-command').click();
  await wizard.getByTestId('wizard-waiting').waitFor();
  await wizard.getByTestId('wizard-live').getByText('Live').waitFor({ timeout: 15_000 });
  await wizard.locator('[data-live-subscribed="1"]').waitFor({ timeout: 15_000 });
  assert.equal(await wizard.getByTestId('wizard-waiting').getAttribute('data-stage'), 'waiting');
  // Every stage the wizard shows, in order, as the page renders them.
  await page.evaluate(() => {
    const waiting = document.querySelector('[data-testid="wizard-waiting"]');
    window.__stages = [waiting.getAttribute('data-stage')];
    new MutationObserver(() => {
      const stage = waiting.getAttribute('data-stage');
      if (window.__stages[window.__stages.length - 1] !== stage) window.__stages.push(stage);
    }).observe(waiting, { attributes: true, attributeFilter: ['data-stage'] });
  });
});

test('a real agent connects and reports: the wizard walks through every stage and opens the host', async () => {
  const executable = await installAgent(dir, credentials);
  agent = spawn(executable, ['--config-dir', join(dir, 'config'), 'serve'], { stdio: 'ignore' });

  await page.waitForURL(new RegExp(`/hosts/${hostId}$`), { timeout: 120_000 });
  const stages = await page.evaluate(() => window.__stages);
  assert.deepEqual(stages, ['waiting', 'connected', 'receiving', 'done']);
  await heading('live-01');
  await page.getByTestId('connection-badge').getByText('WS', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('host-status').textContent(), 'Active');
});

test('the Hosts list badge goes Offline when the connection is cut and back when the agent redials', async () => {
  await page.getByTestId('nav-hosts').click();
  await heading('Hosts');
  const row = page.getByTestId('host-row-live-01');
  const badge = row.getByTestId('connection-badge');
  await badge.and(page.locator('[data-connected="true"]')).waitFor();
  assert.equal((await badge.textContent()).trim(), 'WS');
  // The server has confirmed the list's subscription to the host's channel.
  await page.locator('[data-testid="hosts-page"][data-live-subscribed="1"]').waitFor({ timeout: 15_000 });
  const seen = page.evaluate(
    () =>
      new Promise((resolve) => {
        const states = [];
        const target = document.querySelector('[data-testid="host-row-live-01"] [data-testid="connection-badge"]');
        new MutationObserver(() => {
          const now = document.querySelector('[data-testid="host-row-live-01"] [data-testid="connection-badge"]');
          const state = now?.getAttribute('data-connected');
          if (states[states.length - 1] !== state) states.push(state);
          if (states.join() === 'false,true') resolve(states);
        }).observe(target.closest('tbody') ?? document.body, { subtree: true, attributes: true, childList: true, characterData: true });
      }),
  );

  let dropped = 0;
  const deadline = Date.now() + 30_000;
  while (dropped === 0 && Date.now() < deadline) {
    const answer = await fetch(`${baseUrl()}/_local/ws/drop?host_id=${hostId}`, { method: 'POST' });
    assert.equal(answer.status, 200);
    dropped = (await answer.json()).dropped;
    if (dropped === 0) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(dropped, 1, 'the agent had a connection to cut');
  assert.deepEqual(await seen, ['false', 'true']);
  assert.equal((await badge.textContent()).trim(), 'WS');
  assert.deepEqual(browser.failures, []);
});
