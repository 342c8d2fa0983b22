// Signing up and in through the real UI, for specs that need a signed-in browser.
import assert from 'node:assert/strict';
import { baseUrl } from './browser.mjs';

/** Unique sign-up details: every run creates a fresh organisation and user. */
export function freshAccount(label = 'browser') {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return {
    organisation: `${label} org ${id}`,
    username: `${label}-${id}`,
    email: `${label}-${id}@example.test`,
    firstName: 'Brow',
    lastName: `Ser ${id}`,
    password: `Pm-${id}-Secret1!`,
  };
}

/**
 * Fills and submits "Create your organisation" and waits for the first-run setup page.
 * Returns the organisation slug the setup page shows.
 */
export async function signUpThroughUi(page, account) {
  await page.goto(`${baseUrl()}/signup`);
  await page.getByRole('heading', { level: 1, name: 'Create your organisation' }).waitFor();
  await page.getByTestId('signup-tenant-name').fill(account.organisation);
  await page.getByTestId('signup-username').fill(account.username);
  await page.getByTestId('signup-email').fill(account.email);
  await page.getByTestId('signup-first-name').fill(account.firstName);
  await page.getByTestId('signup-last-name').fill(account.lastName);
  await page.getByTestId('signup-password').fill(account.password);
  await page.getByTestId('signup-confirm').fill(account.password);
  await page.getByTestId('signup-submit').click();

  const slug = page.getByTestId('setup-slug');
  await slug.waitFor();
  assert.equal(new URL(page.url()).pathname, '/setup');
  return (await slug.textContent()).trim();
}

/** Signs in on the login page the browser is showing. */
export async function signInThroughUi(page, username, password) {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
