import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, sessionBody, signedOutApi, where, type Handler } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

const CHALLENGE = { requires_tfa: true, tfa_token: 'tfa.challenge.token', message: 'Two-factor authentication required' };
const INVALID = 'Invalid verification code';
const EXPIRED = 'TFA session expired, please sign in again';
const LOCKED = 'Too many failed TFA attempts. Please try again later.';

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function click(testId: string) {
  act(() => {
    fireEvent.click(screen.getByTestId(testId));
  });
}

/** Opens the login page and signs in with a password; the account asks for a second factor. */
async function reachTfaStep(verify: Handler, path = '/login') {
  const api = signedOutApi({ 'POST /auth/login': () => json(200, CHALLENGE), 'POST /auth/verify-tfa': verify });
  const view = renderApp(path);
  await screen.findByTestId('login-username');
  type('login-username', 'alice');
  type('login-password', 'Secret#123');
  click('login-submit');
  await screen.findByTestId('tfa-code');
  return { api, ...view };
}

describe('the two-factor step of sign-in', () => {
  it('asks for a verification code after the password, with the hint, Remember me and a way back', async () => {
    const { api, router } = await reachTfaStep(() => json(401, { error: INVALID, remainingAttempts: 4 }));

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Two-Factor Authentication');
    expect(screen.getByLabelText('Verification code')).toBe(screen.getByTestId('tfa-code'));
    expect(screen.getByText('Enter the 6-digit code from your authenticator app, or a backup code')).toBeTruthy();
    expect(screen.getByLabelText('Remember me on this computer (skip TFA for 30 days)')).toBe(
      screen.getByTestId('tfa-remember'),
    );
    expect((screen.getByTestId('tfa-remember') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('tfa-submit').textContent).toBe('Verify');
    expect(screen.getByRole('button', { name: 'Back to sign in' })).toBeTruthy();
    // Still signed out, still on the login page, and no password field left on screen.
    expect(where(router)).toBe('/login');
    expect(screen.queryByTestId('login-password')).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('tfa-code')));
    expect(api.callsTo('POST', '/auth/verify-tfa')).toHaveLength(0);
  });

  it('shows how many attempts remain after a wrong code, and clears the field for the next try', async () => {
    let remaining = 5;
    const { api, router } = await reachTfaStep(() => json(401, { error: INVALID, remainingAttempts: --remaining }));
    const refreshesBefore = api.callsTo('POST', '/auth/refresh').length;

    type('tfa-code', '123456');
    click('tfa-submit');
    const error = await screen.findByTestId('tfa-error');
    expect(error.textContent).toBe('Invalid verification code. 4 attempts remaining.');
    expect(error.getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('tfa-remaining').textContent).toBe('4 attempts remaining');
    expect((screen.getByTestId('tfa-code') as HTMLInputElement).value).toBe('');

    remaining = 2;
    type('tfa-code', '654321');
    click('tfa-submit');
    await waitFor(() => expect(screen.getByTestId('tfa-remaining').textContent).toBe('1 attempt remaining'));

    type('tfa-code', '111111');
    click('tfa-submit');
    await waitFor(() => expect(api.callsTo('POST', '/auth/verify-tfa')).toHaveLength(3));
    // A wrong code is not an expired session: no refresh, still on the two-factor step.
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(refreshesBefore);
    expect(where(router)).toBe('/login');
    expect(api.callsTo('POST', '/auth/verify-tfa').map((c) => c.body)).toEqual([
      { tfa_token: 'tfa.challenge.token', token: '123456' },
      { tfa_token: 'tfa.challenge.token', token: '654321' },
      { tfa_token: 'tfa.challenge.token', token: '111111' },
    ]);
  });

  it('shows the lockout with how long to wait (Retry-After) and no attempts count', async () => {
    await reachTfaStep(() => json(429, { error: LOCKED, remainingAttempts: 0 }, { 'Retry-After': '1800' }));
    type('tfa-code', '123456');
    click('tfa-submit');
    expect((await screen.findByTestId('tfa-error')).textContent).toBe(`${LOCKED} Try again in 30 minutes.`);
    expect(screen.queryByTestId('tfa-remaining')).toBeNull();
    expect(screen.getByTestId('tfa-code')).toBeTruthy();
  });

  it('starts again at the password step when the two-factor session expired', async () => {
    const { api } = await reachTfaStep(() => json(401, { error: EXPIRED }));
    type('tfa-code', '123456');
    click('tfa-submit');

    const error = await screen.findByTestId('login-error');
    expect(error.textContent).toBe(EXPIRED);
    expect(screen.queryByTestId('tfa-code')).toBeNull();
    expect((screen.getByTestId('login-username') as HTMLInputElement).value).toBe('alice');
    // The password is not kept around: the user types it again.
    expect((screen.getByTestId('login-password') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('login-password')));

    // Signing in again asks for a fresh challenge.
    type('login-password', 'Secret#123');
    click('login-submit');
    await screen.findByTestId('tfa-code');
    expect(api.callsTo('POST', '/auth/login')).toHaveLength(2);
  });

  it('signs in with Remember me and goes on to next=, like a normal sign-in', async () => {
    const { api, router } = await reachTfaStep(() => json(200, sessionBody({}, 'Login successful')), '/login?next=%2Fhosts');
    type('tfa-code', ' 123456 ');
    act(() => {
      fireEvent.click(screen.getByTestId('tfa-remember'));
    });
    click('tfa-submit');

    expect(await screen.findByRole('heading', { level: 1, name: 'Hosts' })).toBeTruthy();
    expect(where(router)).toBe('/hosts');
    expect(screen.getByTestId('user-name').textContent).toBe('Alice Liddell');
    expect(api.callsTo('POST', '/auth/verify-tfa')[0]!.body).toEqual({
      tfa_token: 'tfa.challenge.token',
      token: '123456',
      remember_me: true,
    });
    // The password went to /auth/login only, once.
    expect(api.callsTo('POST', '/auth/login')).toHaveLength(1);
  });

  it('accepts a backup code in the same field and lands on the dashboard', async () => {
    const { api, router } = await reachTfaStep((call) =>
      (call.body as { token: string }).token === 'abcd-efgh'
        ? json(200, sessionBody())
        : json(401, { error: INVALID, remainingAttempts: 4 }),
    );
    type('tfa-code', 'abcd-efgh');
    click('tfa-submit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
    expect(api.callsTo('POST', '/auth/verify-tfa')[0]!.body).toEqual({ tfa_token: 'tfa.challenge.token', token: 'abcd-efgh' });
  });

  it('asks for a code before calling the server, and shows the server field error under the field', async () => {
    const { api } = await reachTfaStep(() =>
      json(400, { errors: [{ msg: 'Verification code is required', param: 'token', location: 'body' }] }),
    );
    click('tfa-submit');
    expect(screen.getByTestId('tfa-code-error').textContent).toBe(
      'Enter the code from your authenticator app, or a backup code.',
    );
    expect(api.callsTo('POST', '/auth/verify-tfa')).toHaveLength(0);

    type('tfa-code', 'x');
    click('tfa-submit');
    await waitFor(() => expect(screen.getByTestId('tfa-code-error').textContent).toBe('Verification code is required'));
    expect(screen.queryByTestId('tfa-error')).toBeNull();
  });

  it('goes back to the password step without an error from "Back to sign in"', async () => {
    await reachTfaStep(() => json(200, sessionBody()));
    click('tfa-back');
    expect(await screen.findByTestId('login-password')).toBeTruthy();
    expect(screen.queryByTestId('login-error')).toBeNull();
    expect(screen.queryByTestId('tfa-code')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in');
  });

  it('disables Verify while the code is being checked', async () => {
    let release!: (r: Response) => void;
    const { api } = await reachTfaStep(() => new Promise<Response>((r) => (release = r)));
    type('tfa-code', '123456');
    click('tfa-submit');
    const button = screen.getByTestId('tfa-submit') as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(button.textContent).toBe('Verifying…');
    fireEvent.submit(button.closest('form')!);
    expect(api.callsTo('POST', '/auth/verify-tfa')).toHaveLength(1);
    await act(async () => {
      release(json(401, { error: INVALID, remainingAttempts: 3 }));
    });
    await waitFor(() => expect(button.disabled).toBe(false));
  });
});
