import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, renderApp, sessionBody, signedInApi, signedOutApi, where } from '../../test/fakeApi';
import { hardNavigation } from './RegisterPage';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

function type(testId: string, value: string) {
  act(() => {
    fireEvent.change(screen.getByTestId(testId), { target: { value } });
  });
}

function fillValid() {
  type('register-username', 'newbie');
  type('register-email', 'newbie@example.com');
  type('register-first-name', 'New');
  type('register-password', 'Correct-Horse-42');
  type('register-confirm', 'Correct-Horse-42');
}

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByTestId('register-submit'));
  });
}

describe('/register', () => {
  it('is linked from the login page as "Join an existing organisation"', async () => {
    signedOutApi();
    const { router } = renderApp('/login');
    const link = await screen.findByTestId('register-link');
    expect(link.textContent).toBe('Join an existing organisation');
    act(() => {
      fireEvent.click(link);
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Join an organisation' })).toBeTruthy();
    expect(where(router)).toBe('/register');
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('prefills the organisation from ?org=, registers and starts the app on the dashboard', async () => {
    const assign = vi.spyOn(hardNavigation, 'assign').mockImplementation(() => {});
    const fake = signedOutApi({
      'POST /auth/register': () => json(201, sessionBody({ username: 'newbie' }, 'User registered successfully')),
    });
    renderApp('/register?org=Acme-Corp');
    const org = (await screen.findByTestId('register-tenant')) as HTMLInputElement;
    expect(org.value).toBe('acme-corp');
    expect(document.activeElement).toBe(screen.getByTestId('register-username'));

    fillValid();
    await submit();

    expect(fake.callsTo('POST', '/auth/register')[0]?.body).toEqual({
      tenant: 'acme-corp',
      username: 'newbie',
      email: 'newbie@example.com',
      password: 'Correct-Horse-42',
      first_name: 'New',
    });
    expect(assign).toHaveBeenCalledWith('/');
    expect(screen.getByTestId('register-done').textContent).toContain('Account created');
    expect((screen.getByTestId('register-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says clearly when the organisation does not accept self-registration', async () => {
    const assign = vi.spyOn(hardNavigation, 'assign').mockImplementation(() => {});
    signedOutApi({ 'POST /auth/register': () => json(403, { error: 'User registration is disabled' }) });
    renderApp('/register?org=acme-corp');
    await screen.findByTestId('register-tenant');
    fillValid();
    await submit();

    const disabled = await screen.findByTestId('register-disabled');
    expect(disabled.getAttribute('role')).toBe('alert');
    expect(within(disabled).getByText('User registration is disabled')).toBeTruthy();
    expect(disabled.textContent).toContain('Ask one of its administrators');
    expect(assign).not.toHaveBeenCalled();

    // Another organisation may allow it: editing the slug clears the message.
    type('register-tenant', 'other-org');
    expect(screen.queryByTestId('register-disabled')).toBeNull();
  });

  it('checks the form before sending, then shows the server field errors on their fields', async () => {
    const fake = signedOutApi({
      'POST /auth/register': () =>
        json(400, {
          errors: [
            { msg: 'Organisation not found', param: 'tenant', location: 'body' },
            { msg: 'Password must contain at least one special character', param: 'password', location: 'body' },
          ],
        }),
    });
    renderApp('/register');
    await screen.findByTestId('register-tenant');
    expect(document.activeElement).toBe(screen.getByTestId('register-tenant'));

    await submit();
    expect(fake.callsTo('POST', '/auth/register')).toHaveLength(0);
    expect(screen.getByTestId('register-tenant-error').textContent).toBe('Enter the organisation slug.');
    expect(screen.getByTestId('register-username-error').textContent).toBe('Choose a username.');

    type('register-tenant', 'no-such-org');
    fillValid();
    type('register-confirm', 'Something-Else-1');
    await submit();
    expect(screen.getByTestId('register-confirm-error').textContent).toBe('Passwords do not match.');
    expect(fake.callsTo('POST', '/auth/register')).toHaveLength(0);

    type('register-confirm', 'Correct-Horse-42');
    await submit();
    expect(fake.callsTo('POST', '/auth/register')).toHaveLength(1);
    expect((await screen.findByTestId('register-tenant-error')).textContent).toBe('Organisation not found');
    expect(screen.getByTestId('register-password-error').textContent).toBe(
      'Password must contain at least one special character',
    );
    expect(screen.getByTestId('register-error').textContent).toContain('highlighted fields');
    expect(document.activeElement).toBe(screen.getByTestId('register-tenant'));
  });

  it('sends a signed-in visitor to the dashboard', async () => {
    signedInApi();
    const { router } = renderApp('/register?org=acme-corp');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
  });
});
