import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { create } from 'qrcode';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { json, renderApp, signedInApi, where } from '../../test/fakeApi';
import { BACKUP_CODES_FILE, backupCodesText } from './backupCodes';

const OTPAUTH = 'otpauth://totp/PatchMon%20Cloud:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=PatchMon%20Cloud&algorithm=SHA1&digits=6&period=30';
const SETUP = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', manual_entry_key: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauth_url: OTPAUTH };
const CODES = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ', '23456789', 'AB23CD45', 'EF67GH89', 'JK23LM45', 'NP67QR89', 'ST23UV45', 'WX67YZ89'];

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
});

function click(testId: string) {
  act(() => {
    fireEvent.click(screen.getByTestId(testId));
  });
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

/** The dark modules an SVG path of unit-high runs (`M x y h n v1 h-n z`) draws, as "row,col". */
function darkCells(d: string, quietZone = 4): Set<string> {
  const cells = new Set<string>();
  for (const match of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, n] = [Number(match[1]), Number(match[2]), Number(match[3])];
    for (let i = 0; i < n; i++) cells.add(`${y - quietZone},${x - quietZone + i}`);
  }
  return cells;
}

function expectedCells(text: string): { size: number; cells: Set<string> } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const cells = new Set<string>();
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) cells.add(`${row},${col}`);
  }
  return { size: modules.size, cells };
}

async function openSetup(handlers: Parameters<typeof signedInApi>[1] = {}) {
  const api = signedInApi(
    {},
    {
      'POST /tfa/setup': () => json(200, SETUP),
      'POST /tfa/verify-setup': () =>
        json(200, { message: 'Two-factor authentication has been enabled successfully', backup_codes: CODES }),
      ...handlers,
    },
  );
  const view = renderApp('/setup');
  await screen.findByTestId('setup-mfa-start');
  return { api, ...view };
}

describe('first-run setup: the optional two-factor step', () => {
  it('offers "Set up MFA now" and "Skip for now"; skipping calls nothing and keeps "Go to dashboard"', async () => {
    const { api, router } = await openSetup();
    expect(screen.getByRole('heading', { level: 2, name: 'Multi-Factor Authentication (optional)' })).toBeTruthy();
    click('setup-mfa-skip');
    expect(screen.getByTestId('setup-mfa-skipped').textContent).toContain('My profile → Multi-Factor Authentication');
    expect(screen.queryByTestId('setup-mfa-start')).toBeNull();
    expect(api.callsTo('POST', '/tfa/setup')).toHaveLength(0);
    click('setup-continue');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
  });

  it('draws the QR code of the server’s otpauth URL client-side and shows the manual entry key', async () => {
    const { api } = await openSetup();
    click('setup-mfa-start');
    const qr = await screen.findByTestId('tfa-qr');
    expect(api.callsTo('POST', '/tfa/setup')).toHaveLength(1);

    const { size, cells } = expectedCells(OTPAUTH);
    expect(qr.getAttribute('viewBox')).toBe(`0 0 ${size + 8} ${size + 8}`);
    expect(qr.getAttribute('aria-label')).toBe('QR code for your authenticator app');
    const drawn = darkCells(qr.querySelector('path')!.getAttribute('d')!);
    expect(drawn).toEqual(cells);
    // A real QR symbol: the three finder patterns' outer rings are dark.
    for (const [r, c] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
      for (let i = 0; i < 7; i++) {
        expect(drawn.has(`${r},${c + i}`) && drawn.has(`${r + 6},${c + i}`) && drawn.has(`${r + i},${c}`)).toBe(true);
      }
    }
    // Another URL would draw another symbol: the picture follows otpauth_url.
    expect(expectedCells(OTPAUTH.replace('alice', 'bob')).cells).not.toEqual(drawn);

    expect(screen.getByTestId('tfa-manual-key').textContent).toBe(SETUP.manual_entry_key);
    // No leaving half-way through the page's own button while enrolling.
    expect(screen.queryByTestId('setup-continue')).toBeNull();
  });

  it('shows the verification error, then the ten backup codes with Download and Copy, then Done → dashboard', async () => {
    let attempts = 0;
    const { api, router } = await openSetup({
      'POST /tfa/verify-setup': () =>
        ++attempts === 1
          ? json(400, { error: 'Invalid verification code' })
          : json(200, { message: 'Two-factor authentication has been enabled successfully', backup_codes: CODES }),
    });
    click('setup-mfa-start');
    await screen.findByTestId('tfa-qr');
    click('tfa-continue');

    // Not six digits: asked again without calling the server.
    type('tfa-verify-code', '12345');
    click('tfa-verify-submit');
    expect(screen.getByTestId('tfa-verify-code-error').textContent).toBe(
      'Enter the 6-digit code your authenticator app shows.',
    );
    expect(api.callsTo('POST', '/tfa/verify-setup')).toHaveLength(0);

    type('tfa-verify-code', '123 456');
    click('tfa-verify-submit');
    expect((await screen.findByTestId('tfa-verify-error')).textContent).toBe('Invalid verification code');
    expect((screen.getByTestId('tfa-verify-code') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('tfa-backup-codes')).toBeNull();

    type('tfa-verify-code', '654321');
    click('tfa-verify-submit');
    const list = await screen.findByTestId('tfa-backup-codes');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES);
    expect(api.callsTo('POST', '/tfa/verify-setup').map((c) => c.body)).toEqual([{ token: '123456' }, { token: '654321' }]);
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.queryByTestId('setup-continue')).toBeNull();

    // Download: a text file made in the browser.
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:patchmon/codes';
    });
    // jsdom has no object URLs: lend them for this test only.
    Object.defineProperty(URL, 'createObjectURL', { value: createObjectURL, configurable: true });
    Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true });
    onTestFinished(() => {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    click('tfa-download-codes');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe(BACKUP_CODES_FILE);
    expect(clicked[0]!.download).toBe('patchmon-backup-codes.txt');
    expect(clicked[0]!.href).toBe('blob:patchmon/codes');
    expect(blobs[0]!.type).toBe('text/plain;charset=utf-8');
    const text = await blobs[0]!.text();
    for (const code of CODES) expect(text).toContain(`\n${code}\n`);
    expect(text).toContain('Account: alice (Acme Corp)');

    // Copy: every code, one a line.
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    try {
      click('tfa-copy-codes');
      await waitFor(() => expect(screen.getByTestId('tfa-copy-status').textContent).toBe('Copied to the clipboard.'));
      expect(writeText).toHaveBeenCalledWith(CODES.join('\n'));
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }

    click('tfa-done');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(where(router)).toBe('/');
  });

  it('says when copying is refused instead of pretending', async () => {
    await openSetup();
    click('setup-mfa-start');
    await screen.findByTestId('tfa-qr');
    click('tfa-copy-key');
    expect((await screen.findByText('Could not copy: select the key and copy it yourself.')).textContent).toBeTruthy();
  });

  it('shows why setup could not start (e.g. an OIDC account) and keeps both choices', async () => {
    await openSetup({ 'POST /tfa/setup': () => json(400, { error: 'MFA is managed by your OIDC provider' }) });
    click('setup-mfa-start');
    expect((await screen.findByTestId('setup-mfa-error')).textContent).toBe('MFA is managed by your OIDC provider');
    expect(screen.getByTestId('setup-mfa-skip')).toBeTruthy();
    expect(await screen.findByTestId('setup-continue')).toBeTruthy();
  });

  it('can cancel before verifying and start again with a fresh secret', async () => {
    const { api } = await openSetup();
    click('setup-mfa-start');
    await screen.findByTestId('tfa-qr');
    click('tfa-cancel');
    expect(await screen.findByTestId('setup-mfa-start')).toBeTruthy();
    expect(screen.getByTestId('setup-continue')).toBeTruthy();
    click('setup-mfa-start');
    await screen.findByTestId('tfa-qr');
    expect(api.callsTo('POST', '/tfa/setup')).toHaveLength(2);
  });
});

describe('backupCodesText', () => {
  it('explains the codes and lists one a line', () => {
    expect(backupCodesText(['AAAA1111', 'BBBB2222'], 'alice (Acme)', new Date('2026-01-02T03:04:05Z'))).toBe(
      [
        'PatchMon Cloud backup codes',
        'Account: alice (Acme)',
        'Generated: 2026-01-02T03:04:05.000Z',
        '',
        'Each code signs you in once, in place of a code from your authenticator app.',
        'Generating new codes makes all of these stop working. Keep this file somewhere safe.',
        '',
        'AAAA1111',
        'BBBB2222',
        '',
      ].join('\n'),
    );
  });
});
