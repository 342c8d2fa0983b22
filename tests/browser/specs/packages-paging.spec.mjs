// The Packages list at fleet size in a real browser against the real local stack: a fresh
// organisation's lib-01 reports 231 packages through the agent API (every tenth needs an update,
// every thirtieth a security update; one name needs URL encoding), lib-02 reports two of them
// again with a newer and an older version. The list pages 25 at a time, the page size (25, 50,
// 100, 200) is sent, resets to page 1 and is remembered, the update-status filter narrows the
// total, and a package's detail page opens from its row and as a deep link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';
import { createHost, report, signIn } from '../lib/api.mjs';

let browser;
let page;
const owner = freshAccount('pkgpages');
const ENCODED = 'libstdc++6:amd64';
const NAMES = Array.from({ length: 230 }, (_, i) => `pkg-${String(i).padStart(3, '0')}`);
/** Sorted as the server sorts names: the library first, then pkg-000 … pkg-229. */
const ALL = [ENCODED, ...NAMES];

function entry(name, i) {
  const outdated = i % 10 === 0;
  return {
    name,
    currentVersion: `1.${i}`,
    availableVersion: outdated ? '2.0' : undefined,
    needsUpdate: outdated,
    isSecurityUpdate: i % 30 === 0,
  };
}

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

async function text(testId) {
  return (await page.getByTestId(testId).textContent()).trim();
}

/** Waits until the table lists exactly these packages, in this order. */
async function waitForRows(expected) {
  await page.waitForFunction(
    (names) =>
      JSON.stringify([...document.querySelectorAll('[data-testid^="package-row-"]')].map((el) => el.getAttribute('data-testid').slice(12))) ===
      JSON.stringify(names),
    expected,
    { timeout: 15_000 },
  );
}

/** The query string of the next `GET /packages` list call the page sends. */
function nextListQuery() {
  return page
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/packages' && r.status() === 200)
    .then((r) => new URL(r.url()).searchParams);
}

test('signs up; lib-01 reports 231 packages and lib-02 two of them through the agent API', async () => {
  const slug = await signUpThroughUi(page, owner);
  await page.getByTestId('setup-continue').click();
  await heading('Dashboard');
  const token = await signIn(owner, slug);

  const first = await createHost(token, 'lib-01');
  const sent = await report(first, {
    packages: [{ name: ENCODED, currentVersion: '12.3.0-14', needsUpdate: false }, ...NAMES.map(entry)],
    hostname: 'lib01.example.com',
  });
  assert.deepEqual([sent.packagesProcessed, sent.updatesAvailable, sent.securityUpdates], [231, 23, 8]);
  // Reported later: 1.10 is newer than lib-01's 1.1 (numerically), 1.0 older than its 1.2.
  const second = await createHost(token, 'lib-02');
  await report(second, {
    packages: [
      { name: 'pkg-001', currentVersion: '1.10', needsUpdate: false },
      { name: 'pkg-002', currentVersion: '1.0', needsUpdate: false },
    ],
  });
  assert.deepEqual(browser.failures, []);
});

test('the list pages 25 packages at a time, and Previous and Next stop at the ends', async () => {
  const loaded = nextListQuery();
  await page.getByTestId('nav-packages').click();
  await heading('Packages');
  assert.equal((await loaded).get('limit'), '25');
  await waitForRows(ALL.slice(0, 25));
  assert.equal(await text('packages-pager-position'), 'Page 1 of 10 · 231 total');
  assert.equal(await text('summary-packages'), '231');
  assert.equal(await page.getByTestId('packages-pager-prev').isDisabled(), true);

  await page.getByTestId('packages-pager-next').click();
  await waitForRows(ALL.slice(25, 50));
  assert.equal(await text('packages-pager-position'), 'Page 2 of 10 · 231 total');
  assert.equal(new URL(page.url()).searchParams.get('page'), '2');

  await page.goto(`${baseUrl()}/packages?page=10`);
  await waitForRows(ALL.slice(225));
  assert.equal(await text('packages-pager-position'), 'Page 10 of 10 · 231 total');
  assert.equal(await page.getByTestId('packages-pager-next').isDisabled(), true);
  await page.getByTestId('packages-pager-prev').click();
  await waitForRows(ALL.slice(200, 225));
  assert.deepEqual(browser.failures, []);
});

test('the page size offers 25, 50, 100 and 200, returns to page 1 and is remembered', async () => {
  const size = page.getByTestId('packages-pager-size');
  assert.deepEqual(await size.locator('option').allTextContents(), ['25', '50', '100', '200']);
  for (const [limit, pages] of [['50', 5], ['100', 3], ['200', 2]]) {
    const sent = nextListQuery();
    await size.selectOption(limit);
    const query = await sent;
    assert.equal(query.get('limit'), limit);
    assert.equal(query.get('page'), '1', 'a new page size starts on page 1');
    await waitForRows(ALL.slice(0, Number(limit)));
    assert.equal(await text('packages-pager-position'), `Page 1 of ${pages} · 231 total`);
  }
  await page.getByTestId('packages-pager-next').click();
  await waitForRows(ALL.slice(200));

  // Remembered by this browser: a fresh visit of the list uses it too.
  const revisited = nextListQuery();
  await page.goto(`${baseUrl()}/packages`);
  assert.equal((await revisited).get('limit'), '200');
  await waitForRows(ALL.slice(0, 200));
  await page.getByTestId('packages-pager-next').click();
  await waitForRows(ALL.slice(200));

  const reloaded = nextListQuery();
  await page.reload();
  const query = await reloaded;
  assert.equal(query.get('limit'), '200');
  assert.equal(query.get('page'), '2');
  await waitForRows(ALL.slice(200));
  assert.equal(await size.inputValue(), '200');
  assert.deepEqual(browser.failures, []);
});

test('the update-status filter narrows the rows and the total on the server', async () => {
  const outdated = NAMES.filter((_, i) => i % 10 === 0);
  const security = NAMES.filter((_, i) => i % 30 === 0);
  await page.getByTestId('packages-status').selectOption('outdated');
  await waitForRows(outdated);
  assert.equal(await text('packages-pager-position'), 'Page 1 of 1 · 23 total');
  assert.equal(new URL(page.url()).searchParams.get('filter'), 'outdated');
  assert.equal(await page.getByTestId('package-row-pkg-010').getByTestId('package-status').textContent(), 'Update Available');
  assert.match(await page.getByTestId('package-row-pkg-030').getByTestId('package-status').textContent(), /Security Update Available/);

  await page.getByTestId('packages-status').selectOption('security');
  await waitForRows(security);
  assert.equal(await text('packages-pager-position'), 'Page 1 of 1 · 8 total');

  await page.getByTestId('packages-status').selectOption('regular');
  await waitForRows(outdated.filter((name) => !security.includes(name)));
  assert.equal(await text('packages-pager-position'), 'Page 1 of 1 · 15 total');

  await page.getByTestId('packages-status').selectOption('all');
  await waitForRows(ALL.slice(0, 200));
  assert.equal(await text('summary-outdated'), '23');
  assert.equal(await text('summary-security'), '8');
  assert.deepEqual(browser.failures, []);
});

test('a package detail opens from its row and as a deep link, with the newest version seen', async () => {
  await page.getByTestId(`package-row-${ENCODED}`).getByRole('link', { name: ENCODED }).click();
  await page.waitForURL(`${baseUrl()}/packages/${encodeURIComponent(ENCODED)}`);
  await heading(ENCODED);
  assert.equal(await text('stat-latest'), '12.3.0-14');

  await page.reload();
  await heading(ENCODED);
  assert.equal(await text('stat-hosts'), '1');

  await page.goto(`${baseUrl()}/packages/pkg-001`);
  await heading('pkg-001');
  assert.equal(await text('stat-hosts'), '2');
  assert.equal(await text('stat-latest'), '1.10');
  await page.goto(`${baseUrl()}/packages/pkg-002`);
  await heading('pkg-002');
  assert.equal(await text('stat-latest'), '1.2', 'lib-02 reported 1.0 later, but 1.2 is newer');

  await page.getByRole('link', { name: '← Back to Packages' }).click();
  await page.waitForURL(`${baseUrl()}/packages`);
  await heading('Packages');
  assert.deepEqual(browser.failures, []);
});
