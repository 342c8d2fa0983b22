// The app shell in a real browser against the real local stack, as a signed-in user: sign up a
// fresh organisation through the UI, then the shell loads, shows live API status, navigates
// client-side between sections, deep links work and the theme persists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signUpThroughUi } from '../lib/auth.mjs';

let browser;

before(async () => {
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
});

test('signs up a fresh organisation and continues from first-run setup to the dashboard', async () => {
  const page = await browser.newPage();
  const account = freshAccount('shell');

  const slug = await signUpThroughUi(page, account);
  assert.match(slug, /^[a-z0-9-]+$/);
  await page.getByText(`Your organisation: ${slug}`).waitFor();

  await page.getByTestId('setup-continue').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.getByTestId('user-tenant').textContent(), account.organisation);
  assert.equal(await page.getByTestId('user-name').textContent(), `${account.firstName} ${account.lastName}`);

  assert.deepEqual(browser.failures, []);
});

test('loads the shell and navigates between two routes', async () => {
  const page = await browser.newPage();
  await page.goto(`${baseUrl()}/`);

  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByTestId('api-status').getByText('API online').waitFor();
  assert.equal(await page.getByTestId('nav-dashboard').getAttribute('aria-current'), 'page');

  await page.getByTestId('nav-hosts').click();
  await page.getByRole('heading', { level: 1, name: 'Hosts' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hosts');
  assert.equal(await page.getByTestId('nav-hosts').getAttribute('aria-current'), 'page');
  assert.equal(await page.getByTestId('nav-dashboard').getAttribute('aria-current'), null);

  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  assert.deepEqual(browser.failures, []);
});

test('a deep link to a client route is served by the stack and rendered by the router', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${baseUrl()}/compliance`);

  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1, name: 'Security Compliance' }).waitFor();

  await page.goto(`${baseUrl()}/definitely/not/a/page`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
});

test('the theme toggle switches and persists the theme across a reload', async () => {
  const page = await browser.newPage();
  // /settings opens the first Settings page the user may see: Users, for the organisation's creator.
  await page.goto(`${baseUrl()}/settings`);
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');

  await page.getByTestId('theme-toggle').click();
  const toggled = await html.getAttribute('data-theme');
  assert.notEqual(toggled, before);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  assert.equal(await html.getAttribute('data-theme'), toggled);
});
