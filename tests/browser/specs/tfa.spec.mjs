// Two-factor authentication in a real browser against the real local stack (admin guide chapter
// 25): enrolment during first-run setup with a code computed from the manual entry key, the
// sign-in's two-factor step (wrong code, Remember me), a trusted browser skipping the step, My
// Profile → Trusted devices, and signing in with a backup code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { openBrowser, baseUrl } from '../lib/browser.mjs';
import { freshAccount, signInThroughUi, signUpThroughUi } from '../lib/auth.mjs';
import { base32Decode, hotp, stepAt, totpForStep } from '../lib/totp.mjs';

let browser;
let page;
const account = freshAccount('tfa');
/** Filled by the enrolment: the manual entry key, the step of the code it accepted, the backup codes. */
const enrolment = { key: null, usedStep: null, codes: [] };

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

/**
 * A code the server will accept now. It takes the current step ±1 but never a step at or before
 * the last one it accepted, so right after a use we answer with the next step's code, first
 * waiting, when even that is more than one step ahead, for the clock to catch up.
 */
async function nextCode() {
  const step = Math.max(stepAt(), enrolment.usedStep + 1);
  while (stepAt() < step - 1) await sleep(250);
  enrolment.usedStep = step;
  return totpForStep(enrolment.key, step);
}

/** Six digits that are not the code of any step the server could accept in the next minute. */
function wrongCode() {
  const now = stepAt();
  const valid = new Set([-1, 0, 1, 2].map((d) => totpForStep(enrolment.key, now + d)));
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

async function signOut() {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
}

async function deviceTrustCookie() {
  return (await browser.context.cookies()).find((c) => c.name === 'patchmon_device_trust');
}

test('the TOTP helper matches the RFC 6238 SHA-1 test vectors', () => {
  // RFC 6238 appendix B: the ASCII key "12345678901234567890", 8 digits.
  const key = Buffer.from('12345678901234567890', 'ascii');
  const vectors = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, expected] of vectors) {
    assert.equal(hotp(key, stepAt(seconds * 1000), 8), expected, `T=${seconds}`);
    // The same key as an authenticator's base32 manual entry key.
    assert.equal(totpForStep('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', stepAt(seconds * 1000), 8), expected);
  }
  assert.deepEqual(base32Decode('gezd-gnbv gy3tqojq'), Buffer.from('1234567890', 'ascii'));
  assert.equal(totpForStep('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1, 6), '287082');
});

test('first-run setup: "Set up MFA now", scan (manual key), verify, save the backup codes, Done → dashboard', async () => {
  await signUpThroughUi(page, account);
  await page.getByTestId('setup-mfa-start').click();

  const qr = page.getByTestId('tfa-qr');
  await qr.waitFor();
  assert.ok((await qr.locator('path').getAttribute('d')).length > 100, 'the QR code is drawn');
  enrolment.key = (await page.getByTestId('tfa-manual-key').textContent()).trim();
  assert.match(enrolment.key, /^[A-Z2-7]{32}$/);
  assert.equal(await page.getByTestId('setup-continue').count(), 0, 'no leaving half-way');

  await page.getByTestId('tfa-continue').click();
  enrolment.usedStep = stepAt();
  await page.getByTestId('tfa-verify-code').fill(totpForStep(enrolment.key, enrolment.usedStep));
  await page.getByTestId('tfa-verify-submit').click();

  const list = page.getByTestId('tfa-backup-codes');
  await list.waitFor();
  enrolment.codes = (await list.locator('li').allTextContents()).map((c) => c.trim());
  assert.equal(enrolment.codes.length, 10);
  for (const code of enrolment.codes) assert.match(code, /^[A-Z2-9]{8}$/);

  // "Download codes" saves a text file made in the browser.
  const download = page.waitForEvent('download');
  await page.getByTestId('tfa-download-codes').click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'patchmon-backup-codes.txt');
  const text = await readFile(await file.path(), 'utf8');
  for (const code of enrolment.codes) assert.ok(text.includes(`\n${code}\n`), `${code} is in the file`);

  await page.getByTestId('tfa-done').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(browser.failures, []);
});

test('signing in asks for a code: a wrong one shows the attempts left, the right one with Remember me signs in', async () => {
  await signOut();
  await signInThroughUi(page, account.username, account.password);
  await page.getByRole('heading', { level: 1, name: 'Two-Factor Authentication' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(
    (await browser.context.cookies()).filter((c) => c.name === 'patchmon_access').length,
    0,
    'no session before the second factor',
  );

  await page.getByTestId('tfa-code').fill(wrongCode());
  await page.getByTestId('tfa-submit').click();
  const error = page.getByTestId('tfa-error');
  await error.getByText('4 attempts remaining').waitFor();
  assert.match(await error.textContent(), /^Invalid verification code\. 4 attempts remaining\.$/);

  await page.getByTestId('tfa-code').fill(await nextCode());
  await page.getByTestId('tfa-remember').check();
  await page.getByTestId('tfa-submit').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');

  const trust = await deviceTrustCookie();
  assert.ok(trust, 'Remember me planted the trust cookie');
  assert.equal(trust.httpOnly, true);
  assert.ok(trust.expires * 1000 > Date.now() + 29 * 24 * 3600 * 1000, 'trusted for about 30 days');
  assert.deepEqual(browser.failures, []);
});

test('a remembered browser skips the code; My Profile lists it as "This device" and forgets it', async () => {
  await signOut();
  await signInThroughUi(page, account.username, account.password);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(await page.getByTestId('tfa-code').count(), 0, 'no two-factor step on a trusted browser');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('profile-link').click();
  await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
  await page.getByTestId('profile-tab-devices').click();
  const table = page.getByTestId('devices-table');
  await table.waitFor();
  const rows = table.getByTestId('device-row');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getByTestId('device-current').textContent(), 'This device');
  assert.match(await rows.first().textContent(), /Chrome/);

  await page.getByTestId('devices-forget-all').click();
  await page.getByTestId('devices-forget-all-confirm').click();
  await page.getByTestId('devices-empty').waitFor();
  assert.match(await page.getByTestId('devices-empty').textContent(), /No trusted devices/);
  assert.equal(await deviceTrustCookie(), undefined, 'forgetting all clears this browser’s trust cookie');
  assert.deepEqual(browser.failures, []);
});

test('after forgetting, signing in asks for a code again and a backup code works once', async () => {
  await signOut();
  await signInThroughUi(page, account.username, account.password);
  await page.getByTestId('tfa-code').waitFor();

  // Typed as people do: lower case, with a dash.
  const code = enrolment.codes[0];
  await page.getByTestId('tfa-code').fill(`${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase());
  await page.getByTestId('tfa-submit').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.equal(await deviceTrustCookie(), undefined, 'not remembered this time');

  await page.goto(`${baseUrl()}/settings/profile#tfa`);
  const remaining = page.getByTestId('tfa-backup-remaining');
  await remaining.waitFor();
  assert.match(await remaining.textContent(), /^9 backup codes remaining\./);
  assert.equal(await page.getByTestId('tfa-status').getAttribute('data-enabled'), 'true');

  // The spent code is refused the next time; the authenticator's code still works.
  await signOut();
  await signInThroughUi(page, account.username, account.password);
  await page.getByTestId('tfa-code').fill(code);
  await page.getByTestId('tfa-submit').click();
  await page.getByTestId('tfa-error').getByText('4 attempts remaining').waitFor();
  await page.getByTestId('tfa-code').fill(await nextCode());
  await page.getByTestId('tfa-submit').click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.deepEqual(browser.failures, []);
});
