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

async function openSignup() {
  const view = renderApp('/signup');
  await screen.findByTestId('signup-tenant-name');
  return view;
}

function fillValid() {
  type('signup-tenant-name', 'Acme Corp');
  type('signup-username', 'alice');
  type('signup-email', 'alice@example.com');
  type('signup-password', 'Secret#123');
  type('signup-confirm', 'Secret#123');
}

function submit() {
  act(() => {
    fireEvent.click(screen.getByTestId('signup-submit'));
  });
}

function rule(id: string) {
  return screen.getByTestId('password-checklist').querySelector(`[data-rule="${id}"]`)!;
}

describe('sign-up page', () => {
  it('has the fields of "Create your organisation" and a link to sign in', async () => {
    signedOutApi();
    await openSignup();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Create your organisation');
    for (const [label, testId] of [
      ['Organisation name', 'signup-tenant-name'],
      ['Username', 'signup-username'],
      ['Email', 'signup-email'],
      ['First name (optional)', 'signup-first-name'],
      ['Last name (optional)', 'signup-last-name'],
      ['Password', 'signup-password'],
      ['Confirm password', 'signup-confirm'],
    ] as const) {
      expect(screen.getByLabelText(label)).toBe(screen.getByTestId(testId));
    }
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  });

  it('creates the organisation, then shows the first-run setup with the slug, then the dashboard', async () => {
    const api = signedOutApi({
      'POST /auth/signup': () =>
        json(201, { message: 'Account created successfully', ...sessionBody({ tenantName: 'Acme Corp', slug: 'acme-corp-2' }) }),
    });
    const { router } = await openSignup();
    fillValid();
    type('signup-first-name', '  Alice ');
    submit();

    expect((await screen.findByTestId('setup-slug')).textContent).toBe('acme-corp-2');
    expect(where(router)).toBe('/setup');
    expect(screen.getByTestId('setup-tenant-name').textContent).toBe('Acme Corp');
    expect(api.callsTo('POST', '/auth/signup')[0]!.body).toEqual({
      tenant_name: 'Acme Corp',
      username: 'alice',
      email: 'alice@example.com',
      password: 'Secret#123',
      first_name: 'Alice',
    });

    act(() => {
      fireEvent.click(screen.getByTestId('setup-continue'));
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');

    // The post-sign-up destination was one-shot: /signup now bounces to the dashboard.
    await act(async () => {
      await router.navigate('/signup');
    });
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    expect(where(router)).toBe('/');
  });

  it('blocks submitting when the confirmation does not match', async () => {
    const api = signedOutApi();
    await openSignup();
    fillValid();
    type('signup-confirm', 'Secret#124');
    submit();

    expect(screen.getByTestId('signup-confirm-error').textContent).toBe('Passwords do not match.');
    expect(screen.getByTestId('signup-confirm').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('signup-confirm'));
    expect(api.callsTo('POST', '/auth/signup')).toHaveLength(0);

    type('signup-confirm', 'Secret#123');
    expect(screen.queryByTestId('signup-confirm-error')).toBeNull();
  });

  it('flags a mismatch once the confirmation field is left', async () => {
    signedOutApi();
    await openSignup();
    type('signup-password', 'Secret#123');
    type('signup-confirm', 'Secret');
    expect(screen.queryByTestId('signup-confirm-error')).toBeNull();
    fireEvent.blur(screen.getByTestId('signup-confirm'));
    expect(screen.getByTestId('signup-confirm-error').textContent).toBe('Passwords do not match.');
  });

  it('requires the mandatory fields before calling the server', async () => {
    const api = signedOutApi();
    await openSignup();
    submit();
    expect(screen.getByTestId('signup-tenant-name-error').textContent).toBe('Enter a name for your organisation.');
    expect(screen.getByTestId('signup-username-error')).toBeTruthy();
    expect(screen.getByTestId('signup-email-error')).toBeTruthy();
    expect(screen.getByTestId('signup-password-error')).toBeTruthy();
    expect(screen.queryByTestId('signup-first-name-error')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('signup-tenant-name'));
    expect(api.callsTo('POST', '/auth/signup')).toHaveLength(0);
  });

  it('shows the server field errors next to their fields, all password messages included', async () => {
    signedOutApi({
      'POST /auth/signup': () =>
        json(400, {
          errors: [
            { msg: 'Username must be between 3 and 50 characters', param: 'username', location: 'body' },
            { msg: 'Password must contain at least one uppercase letter', param: 'password', location: 'body' },
            { msg: 'Password must contain at least one special character', param: 'password', location: 'body' },
            { msg: 'Last name is too long', param: 'last_name', location: 'body' },
          ],
        }),
    });
    const { router } = await openSignup();
    fillValid();
    submit();

    const username = await screen.findByTestId('signup-username-error');
    expect(username.textContent).toBe('Username must be between 3 and 50 characters');
    const passwordErrors = Array.from(screen.getByTestId('signup-password-error').querySelectorAll('li')).map(
      (li) => li.textContent,
    );
    expect(passwordErrors).toEqual([
      'Password must contain at least one uppercase letter',
      'Password must contain at least one special character',
    ]);
    expect(screen.getByTestId('signup-last-name-error').textContent).toBe('Last name is too long');
    expect(screen.queryByTestId('signup-tenant-name-error')).toBeNull();
    expect(screen.getByTestId('signup-error').textContent).toContain('highlighted fields');
    expect(screen.getByTestId('signup-username').getAttribute('aria-describedby')).toContain('signup-username-error');
    expect(document.activeElement).toBe(screen.getByTestId('signup-username'));
    expect(where(router)).toBe('/signup');

    // Editing a field clears its server error, and only its own.
    type('signup-username', 'alice2');
    expect(screen.queryByTestId('signup-username-error')).toBeNull();
    expect(screen.getByTestId('signup-password-error')).toBeTruthy();
  });

  it('shows an organisation-name error from the server by the organisation field', async () => {
    signedOutApi({
      'POST /auth/signup': () =>
        json(400, {
          errors: [{ msg: 'Organisation name must be between 2 and 100 characters', param: 'tenant_name', location: 'body' }],
        }),
    });
    await openSignup();
    fillValid();
    type('signup-tenant-name', 'A');
    submit();
    expect((await screen.findByTestId('signup-tenant-name-error')).textContent).toBe(
      'Organisation name must be between 2 and 100 characters',
    );
  });

  it('shows errors that belong to no field, and rate limits with the wait', async () => {
    const api = signedOutApi({
      'POST /auth/signup': () => json(429, { error: 'Too many authentication attempts, please try again later.' }, { 'Retry-After': '120' }),
    });
    await openSignup();
    fillValid();
    submit();
    expect((await screen.findByTestId('signup-error')).textContent).toBe(
      'Too many authentication attempts, please try again later. Try again in 2 minutes.',
    );

    api.set('POST /auth/signup', () => json(400, { errors: [{ msg: 'Something odd', param: 'plan', location: 'body' }] }));
    submit();
    await waitFor(() => expect(screen.getByTestId('signup-error').textContent).toBe('Something odd'));
  });

  it('disables the submit button while pending', async () => {
    const answer = deferred<Response>();
    const api = signedOutApi({ 'POST /auth/signup': () => answer.promise });
    await openSignup();
    fillValid();
    submit();
    const button = screen.getByTestId('signup-submit') as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(true));
    fireEvent.submit(button.closest('form')!);
    expect(api.callsTo('POST', '/auth/signup')).toHaveLength(1);
    await act(async () => {
      answer.resolve(json(409, { error: 'Could not allocate an organisation slug, please choose another name' }));
    });
    expect((await screen.findByTestId('signup-error')).textContent).toBe(
      'Could not allocate an organisation slug, please choose another name',
    );
    expect(button.disabled).toBe(false);
  });

  it('ticks the password checklist live', async () => {
    signedOutApi();
    await openSignup();
    const met = () =>
      ['length', 'uppercase', 'lowercase', 'number', 'special'].filter((id) => rule(id).getAttribute('data-met') === 'true');

    expect(met()).toEqual([]);
    type('signup-password', 'abc');
    expect(met()).toEqual(['lowercase']);
    type('signup-password', 'abcDEF12');
    expect(met()).toEqual(['length', 'uppercase', 'lowercase', 'number']);
    type('signup-password', 'abcDEF12 ');
    expect(met()).toEqual(['length', 'uppercase', 'lowercase', 'number', 'special']);
    expect(rule('special').textContent).toContain('(done)');
    expect(rule('length').textContent).toContain('At least 8 characters');
  });
});
