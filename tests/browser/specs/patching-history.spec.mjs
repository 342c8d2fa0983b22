// Runs & History in a real browser against the real local stack: a fresh organisation's hosts hold 27 runs
// triggered through the API while no agent is connected (22 queued Patch all on hist-a; on hist-b three
// curl dry runs waiting for validation and two Patch all submitted for approval). The table pages 25 at a
// time; the Status, Type and Host filters go into the URL, reset to page 1, survive a reload and the table
// then lists only the matching runs; a single waiting run is deleted from its row after a confirm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';
import { api, createHost, signIn } from '../lib/api.mjs';

let browser;
let page;
let token;
let hostA;
let hostB;
const owner = freshAccount('patchhist');

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

/** The runs the table shows: [host, status] per row, in order. */
function rows() {
  return page.$$eval('[data-testid^="run-row-"]', (trs) =>
    trs.map((tr) => [tr.querySelector('[data-testid="row-host"]').textContent.trim(), tr.getAttribute('data-status')]),
  );
}

async function waitForRowCount(count) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="run-row-"]').length === n, count, { timeout: 15_000 });
}

function search() {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

const trigger = (body) => api('/patching/trigger', { method: 'POST', token, body });

test('signs up and triggers 27 runs on two hosts through the API', async () => {
  const slug = await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard', exact: true }).waitFor();
  token = await signIn(owner, slug);
  hostA = await createHost(token, 'hist-a');
  hostB = await createHost(token, 'hist-b');
  // In parallel within a host: only hist-b's runs must be newer than hist-a's.
  const statuses = async (count, body) =>
    (await Promise.all(Array.from({ length: count }, () => trigger(body)))).map(({ runs }) => runs[0].status);
  assert.deepEqual(await statuses(22, { host_ids: [hostA.id], patch_type: 'patch_all' }), Array(22).fill('queued'));
  const dryRuns = statuses(3, { host_ids: [hostB.id], patch_type: 'patch_package', package_names: ['curl'], dry_run: true });
  const approvals = statuses(2, { host_ids: [hostB.id], patch_type: 'patch_all', submit_for_approval: true });
  assert.deepEqual(await dryRuns, Array(3).fill('pending_validation'));
  assert.deepEqual(await approvals, Array(2).fill('pending_approval'));
});

test('pages 25 runs at a time, the page in the URL', async () => {
  await page.goto(`${baseUrl()}/patching?tab=runs`);
  await waitForRowCount(25);
  assert.equal((await page.getByTestId('runs-pager-position').textContent()).trim(), 'Page 1 of 2 · 27 total');
  // Newest first: hist-b's five runs were triggered last.
  assert.deepEqual((await rows()).slice(0, 5).map(([host]) => host), Array(5).fill('hist-b'));
  await page.getByTestId('runs-pager-next').click();
  await waitForRowCount(2);
  assert.deepEqual(search(), { tab: 'runs', page: '2' });
  assert.deepEqual(await rows(), [['hist-a', 'queued'], ['hist-a', 'queued']]);
});

test('Status, Type and Host filters go into the URL, survive a reload and list only matching runs', async () => {
  await page.getByTestId('runs-status-filter').selectOption('pending_validation');
  await waitForRowCount(3);
  assert.deepEqual(search(), { tab: 'runs', status: 'pending_validation' });
  await page.getByTestId('runs-type-filter').selectOption('patch_package');
  await page.getByTestId('runs-host-filter').selectOption({ label: 'hist-b' });
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('host_id') === id, hostB.id);
  assert.deepEqual(search(), { tab: 'runs', status: 'pending_validation', type: 'patch_package', host_id: hostB.id });
  await waitForRowCount(3);

  await page.reload();
  await waitForRowCount(3);
  assert.deepEqual(await rows(), Array(3).fill(['hist-b', 'pending_validation']));
  assert.equal(await page.getByTestId('runs-status-filter').inputValue(), 'pending_validation');
  assert.equal(await page.getByTestId('runs-type-filter').inputValue(), 'patch_package');
  assert.equal(await page.getByTestId('runs-host-filter').inputValue(), hostB.id);
  assert.equal((await page.getByTestId('runs-pager-position').textContent()).trim(), 'Page 1 of 1 · 3 total');

  // The same filter on the other host matches nothing.
  await page.getByTestId('runs-host-filter').selectOption({ label: 'hist-a' });
  await page.getByTestId('runs-empty').getByText('No runs match your filters').waitFor();

  await page.getByTestId('runs-status-filter').selectOption('active');
  await page.getByTestId('runs-type-filter').selectOption('patch_all');
  await waitForRowCount(22);
  assert.ok((await rows()).every(([host, status]) => host === 'hist-a' && status === 'queued'));

  await page.getByTestId('runs-clear-filters').click();
  await waitForRowCount(25);
  assert.deepEqual(search(), { tab: 'runs' });
});

test('deletes one waiting run from its row after confirming', async () => {
  await page.goto(`${baseUrl()}/patching?tab=runs&status=pending_approval`);
  await waitForRowCount(2);
  const row = page.locator('[data-testid^="run-row-"]').first();
  const runId = (await row.getAttribute('data-testid')).slice('run-row-'.length);
  await row.getByTestId('row-delete-button').click();
  const dialog = page.getByTestId('row-delete-dialog');
  await dialog.getByText('Pending approval').waitFor();
  const deleted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/patching/runs/${runId}`) && r.request().method() === 'DELETE');
  await dialog.getByTestId('row-delete-confirm').click();
  assert.equal((await deleted).status(), 200);
  await page.getByTestId('runs-banner').getByText('Deleted the Patch all run on hist-b').waitFor();
  await waitForRowCount(1);
  assert.equal(await page.getByTestId(`run-row-${runId}`).count(), 0);
  assert.deepEqual(browser.failures, []);
});
