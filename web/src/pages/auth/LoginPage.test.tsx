import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, json, renderApp, sessionBody, signedOutApi, where } from '../../test/fakeApi';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function openLogin(path = '/login') {
  const view = renderApp(path);
  await screen.findByTestId('login-username');
  return view;
}

function submit() {
  act(() => {
    fireEvent.click(screen.getByTestId('login-submit'));
  });
}

const MULTI_ORG = "This username exists in several organisations: sign in with your organisation's slug (tenant)";

describe('login page', () => {
  it('has the fields, the product name, a link to sign-up and no organisation field at first', async () => {
    signedOutApi();
    await openLogin();
    expect(screen.getByLabelText('Username or email')).toBe(screen.getByTestId('login-username'));
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
    expect(screen.queryByTestId('login-tenant')).toBeNull();
    expect(screen.getByText('PatchMon Cloud')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create your organisation' }).getAttribute('href')).toBe('/signup');
    // The title is set in an effect after the first render.
    await waitFor(() => expect(document.title).toBe('Sign in · PatchMon'));
  });

  it('shows the server error for wrong credentials and keeps the user on the page', async () => {
    const api = signedOutApi({ 'POST /auth/login': () => json(401, { error: 'Invalid credentials' }) });
    const { router } = await openLogin('/login?next=%2Fhosts');
    const refreshesBefore = api.callsTo('POST', '/auth/refresh').length;
    type('login-username', 'alice');
    type('login-password', 'wrong');
    submit();

    expect((await screen.findByTestId('login-error')).textContent).toBe('Invalid credentials');
    expect(screen.getByTestId('login-error').getAttribute('role')).toBe('alert');
    expect(where(router)).toBe('/login?next=%2Fhosts');
    expect((screen.getByTestId('login-submit') as HTMLButtonElement).disabled).toBe(false);
    // A failed sign-in is not an expired session: no refresh attempt.
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(refreshesBefore);
  });

  it('shows "Account is disabled"', async () => {
    signedOutApi({ 'POST /auth/login': () => json(401, { error: 'Account is disabled' }) });
    await openLogin();
    type('login-username', 'bob');
    type('login-password', 'x');
    submit();
    expect((await screen.findByTestId('login-error')).textContent).toBe('Account is disabled');
  });

  it('disables the submit button while the sign-in is pending', async () => {
    const answer = deferred<Response>();
    const api = signedOutApi({ 'POST /auth/login': () => answer.promise });
    await openLogin();
    type('login-username', 'alice');
    type('login-password', 'Secret#123');
    submit();

    const button = screen.getByTestId('login-submit') as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(button.textContent).toBe('Signing in…');
    fireEvent.submit(button.closest('form')!);
    expect(api.callsTo('POST', '/auth/login')).toHaveLength(1);

    await act(async () => {
      answer.resolve(json(401, { error: 'Invalid credentials' }));
    });
    await waitFor(() => expect(button.disabled).toBe(false));
  });

  it('reveals the Organisation field when the username exists in several organisations, then sends the slug', async () => {
    const api = signedOutApi({
      'POST /auth/login': (call) =>
        (call.body as { tenant?: string }).tenant === 'acme-corp'
          ? json(200, sessionBody())
          : json(400, { error: MULTI_ORG }),
    });
    const { router } = await openLogin('/login?next=%2Fpackages');
    type('login-username', 'admin');
    type('login-password', 'Secret#123');
    submit();

    expect((await screen.findByTestId('login-error')).textContent).toBe(MULTI_ORG);
    const tenant = await screen.findByTestId('login-tenant');
    expect(screen.getByLabelText(/Organisation/)).toBe(tenant);
    await waitFor(() => expect(document.activeElement).toBe(tenant));
    // The password is kept: only the organisation is missing.
    expect((screen.getByTestId('login-password') as HTMLInputElement).value).toBe('Secret#123');

    type('login-tenant', '  Acme-Corp ');
    submit();

    expect(await screen.findByRole('heading', { level: 1, name: 'Packages' })).toBeTruthy();
    expect(where(router)).toBe('/packages');
    const logins = api.callsTo('POST', '/auth/login');
    expect(logins.map((c) => c.body)).toEqual([
      { username: 'admin', password: 'Secret#123' },
      { username: 'admin', password: 'Secret#123', tenant: 'acme-corp' },
    ]);
  });

  it('offers "Sign in to a specific organisation" to show the field up front', async () => {
    const api = signedOutApi({ 'POST /auth/login': () => json(200, sessionBody()) });
    await openLogin();
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in to a specific organisation' }));
    });
    const tenant = await screen.findByTestId('login-tenant');
    expect(document.activeElement).toBe(tenant);

    type('login-username', 'alice@example.com');
    type('login-password', 'Secret#123');
    type('login-tenant', 'globex');
    submit();
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    expect(api.callsTo('POST', '/auth/login')[0]!.body).toEqual({
      username: 'alice@example.com',
      password: 'Secret#123',
      tenant: 'globex',
    });
  });

  it('shows a lockout 429 with how long to wait, from Retry-After', async () => {
    signedOutApi({
      'POST /auth/login': () =>
        json(
          429,
          { error: 'Account is temporarily locked due to too many failed login attempts. Please try again later.' },
          { 'Retry-After': '900' },
        ),
    });
    await openLogin();
    type('login-username', 'alice');
    type('login-password', 'wrong');
    submit();

    expect((await screen.findByTestId('login-error')).textContent).toBe(
      'Account is temporarily locked due to too many failed login attempts. Please try again later. Try again in 15 minutes.',
    );
  });

  it.each([
    ['60', 'Try again in 1 minute.'],
    ['61', 'Try again in 2 minutes.'],
    ['30', 'Try again in 30 seconds.'],
  ])('rounds Retry-After %s up to "%s"', async (retryAfter, text) => {
    signedOutApi({
      'POST /auth/login': () =>
        json(429, { error: 'Too many authentication attempts, please try again later.' }, { 'Retry-After': retryAfter }),
    });
    await openLogin();
    type('login-username', 'alice');
    type('login-password', 'x');
    submit();
    expect((await screen.findByTestId('login-error')).textContent).toBe(
      `Too many authentication attempts, please try again later. ${text}`,
    );
  });

  it('shows a 429 without Retry-After as the server text alone', async () => {
    signedOutApi({ 'POST /auth/login': () => json(429, { error: 'Too many authentication attempts, please try again later.' }) });
    await openLogin();
    type('login-username', 'alice');
    type('login-password', 'x');
    submit();
    expect((await screen.findByTestId('login-error')).textContent).toBe(
      'Too many authentication attempts, please try again later.',
    );
  });

  it('asks for missing fields without calling the server', async () => {
    const api = signedOutApi();
    await openLogin();
    submit();
    expect(screen.getByTestId('login-username-error').textContent).toBe('Enter your username or email.');
    expect(screen.getByTestId('login-password-error').textContent).toBe('Enter your password.');
    expect(screen.getByTestId('login-username').getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('POST', '/auth/login')).toHaveLength(0);
  });

  it('puts server field errors next to their fields', async () => {
    signedOutApi({
      'POST /auth/login': () =>
        json(400, { errors: [{ msg: 'Password is required', param: 'password', location: 'body' }] }),
    });
    await openLogin();
    type('login-username', 'alice');
    type('login-password', ' ');
    submit();
    expect((await screen.findByTestId('login-password-error')).textContent).toBe('Password is required');
    expect(screen.queryByTestId('login-error')).toBeNull();
  });

  it('shows a readable message when the server cannot be reached', async () => {
    signedOutApi({ 'POST /auth/login': () => Promise.reject(new TypeError('Failed to fetch')) });
    await openLogin();
    type('login-username', 'alice');
    type('login-password', 'x');
    submit();
    expect((await screen.findByTestId('login-error')).textContent).toBe(
      'Cannot reach the server. Check your connection and try again.',
    );
  });
});
