// Signing up, out and in again in a real browser against the real local stack: the session lives
// in the API's httpOnly cookies, protected routes send signed-out visitors to the login page and
// back, and a reload keeps the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signInThroughUi, signUpThroughUi } from '../lib/auth.mjs';

let browser;
let page;
const account = freshAccount('auth');

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

test('signs up through the UI and signs out from the user menu', async () => {
  await signUpThroughUi(page, account);
  await page.getByTestId('setup-continue').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  // The token never reaches scripts: the session is in httpOnly cookies only.
  // (context.cookies() without a URL: the cookies are scoped to /api and /api/v1/auth.)
  const cookies = await browser.context.cookies();
  const access = cookies.find((c) => c.name === 'patchmon_access');
  const refresh = cookies.find((c) => c.name === 'patchmon_refresh');
  assert.ok(access, 'the access cookie is set');
  assert.ok(refresh, 'the refresh cookie is set');
  assert.equal(access.httpOnly, true);
  assert.equal(refresh.httpOnly, true);
  assert.equal(await page.evaluate(() => document.cookie.includes('patchmon_')), false);
  assert.equal(await page.evaluate(() => /patchmon_|eyJ/.test(JSON.stringify(window.localStorage))), false);

  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  assert.deepEqual(
    (await browser.context.cookies()).filter((c) => c.name.startsWith('patchmon_')).map((c) => c.name),
    [],
    'signing out clears the session cookies',
  );

  assert.deepEqual(browser.failures, []);
});

test('a signed-out visit to /hosts goes to /login?next=/hosts', async () => {
  await page.goto(`${baseUrl()}/hosts`);
  await page.getByTestId('login-username').waitFor();
  const url = new URL(page.url());
  assert.equal(url.pathname, '/login');
  assert.equal(url.searchParams.get('next'), '/hosts');
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Hosts' }).count(), 0);
});

test('a wrong password shows "Invalid credentials", the right one returns to /hosts', async () => {
  await signInThroughUi(page, account.username, `${account.password}-wrong`);
  const error = page.getByTestId('login-error');
  await error.getByText('Invalid credentials').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');

  await signInThroughUi(page, account.username, account.password);
  await page.getByRole('heading', { level: 1, name: 'Hosts' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hosts');
  assert.equal(await page.getByTestId('nav-hosts').getAttribute('aria-current'), 'page');
  assert.equal(await page.getByTestId('user-tenant').textContent(), account.organisation);
});

test('a reload keeps the session, an expired access cookie is renewed, and /login goes to the dashboard', async () => {
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Hosts' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hosts');
  assert.equal(await page.getByTestId('user-name').textContent(), `${account.firstName} ${account.lastName}`);

  // The 15-minute access cookie is gone (as after expiry): /auth/me answers 401, the app renews
  // the session once with the refresh cookie and stays on the page.
  await browser.context.clearCookies({ name: 'patchmon_access' });
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
  await page.reload();
  assert.equal((await refreshed).status(), 200);
  await page.getByRole('heading', { level: 1, name: 'Hosts' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/hosts');
  assert.ok((await browser.context.cookies()).some((c) => c.name === 'patchmon_access'), 'a new access cookie');

  await page.goto(`${baseUrl()}/login`);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');

  assert.deepEqual(browser.failures, []);
});
