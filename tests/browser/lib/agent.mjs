// A real agent for specs: a host created through the Add Host wizard, the agent this stack publishes downloaded
// with that host's credentials, and its sub-commands run to completion.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseUrl } from './browser.mjs';

/**
 * From any signed-in page: Hosts → Add Host → Linux → `name` → Create. Leaves the wizard open on its install step.
 *
 * @returns {{hostId: string, apiId: string, apiKey: string, wizard: import('playwright-core').Locator}}
 */
export async function addLinuxHost(page, name) {
  await page.getByTestId('nav-hosts').click();
  await page.getByRole('heading', { level: 1, name: 'Hosts', exact: true }).waitFor();
  await page.getByTestId('add-host-button').click();
  const wizard = page.getByRole('dialog', { name: 'Add Host' });
  await wizard.getByTestId('os-tile-linux').click();
  await wizard.getByTestId('add-host-next').click();
  await wizard.getByTestId('add-host-name').fill(name);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/hosts') && r.request().method() === 'POST');
  await wizard.getByTestId('add-host-create').click();
  const hostId = (await (await created).json()).host.id;
  const command = (await wizard.getByTestId('install-command').textContent()).trim();
  const match = command.match(/-H "X-API-ID: ([^"]+)" \\\n {2}-H "X-API-KEY: ([^"]+)"/);
  assert.ok(match, `unexpected command: ${command}`);
  return { hostId, apiId: match[1], apiKey: match[2], wizard };
}

/** Runs an agent sub-command with its config in `dir`; fails the spec on a non-zero exit. */
export function agentCommand(executable, dir, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ['--config-dir', join(dir, 'config'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`agent ${args.join(' ')} exited ${code}: ${output}`))));
  });
}

/** Downloads the published agent with the host's credentials into `dir` and points it at this stack. */
export async function installAgent(dir, { apiId, apiKey }) {
  const download = await fetch(`${baseUrl()}/api/v1/hosts/agent/download?os=linux&arch=amd64`, {
    headers: { 'X-API-ID': apiId, 'X-API-KEY': apiKey },
  });
  assert.equal(download.status, 200);
  const executable = join(dir, 'patchmon-agent');
  writeFileSync(executable, Buffer.from(await download.arrayBuffer()));
  chmodSync(executable, 0o755);
  await agentCommand(executable, dir, 'config', 'set-api', apiId, apiKey, baseUrl());
  await agentCommand(executable, dir, 'config', 'set', 'package_cache_refresh_mode', 'never');
  return executable;
}
