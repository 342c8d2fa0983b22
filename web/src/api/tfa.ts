/**
 * Two-factor authentication of the signed-in user (admin guide chapter 25): enrolment, status,
 * backup codes and the browsers trusted to skip the code ("Remember me").
 */
import { ApiError, api, type ApiClient } from './client';

/** `POST /tfa/setup`: what the authenticator app needs. */
export interface TfaSetup {
  secret: string;
  /** The base32 key to type into an authenticator that cannot scan the QR code. */
  manualEntryKey: string;
  /** `otpauth://totp/...`, encoded in the QR code. */
  otpauthUrl: string;
}

export interface TfaStatus {
  enabled: boolean;
  backupCodesRemaining: number;
}

/** One "Remember me" trust (`GET /auth/trusted-devices`). Dates are ISO-8601 strings. */
export interface TrustedDevice {
  id: string;
  label: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** The trust of the browser making the request ("This device"). */
  isCurrent: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function unexpected(): ApiError {
  return new ApiError(502, 'The server sent an unexpected answer. Please try again.');
}

function codesOf(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.backup_codes)) throw unexpected();
  const codes = body.backup_codes.filter((c): c is string => typeof c === 'string' && c !== '');
  if (codes.length === 0) throw unexpected();
  return codes;
}

export async function startTfaSetup(client: ApiClient = api): Promise<TfaSetup> {
  const body = await client.post<unknown>('/tfa/setup');
  if (!isRecord(body)) throw unexpected();
  const secret = text(body.secret);
  const otpauthUrl = text(body.otpauth_url);
  if (!secret || !otpauthUrl) throw unexpected();
  return { secret, manualEntryKey: text(body.manual_entry_key) ?? secret, otpauthUrl };
}

/** Confirms enrolment with a first code; resolves with the backup codes (shown only now). */
export async function verifyTfaSetup(code: string, client: ApiClient = api): Promise<string[]> {
  return codesOf(await client.post<unknown>('/tfa/verify-setup', { token: code }));
}

export async function getTfaStatus(client: ApiClient = api, signal?: AbortSignal): Promise<TfaStatus> {
  const body = await client.get<unknown>('/tfa/status', signal ? { signal } : {});
  if (!isRecord(body) || typeof body.enabled !== 'boolean') throw unexpected();
  const remaining = typeof body.backup_codes_remaining === 'number' ? body.backup_codes_remaining : 0;
  return { enabled: body.enabled, backupCodesRemaining: remaining };
}

export async function disableTfa(password: string, client: ApiClient = api): Promise<void> {
  await client.post<unknown>('/tfa/disable', { password });
}

/** A new set of backup codes; the old set stops working at once. */
export async function regenerateBackupCodes(client: ApiClient = api): Promise<string[]> {
  return codesOf(await client.post<unknown>('/tfa/regenerate-backup-codes'));
}

function parseDevice(value: unknown): TrustedDevice | null {
  if (!isRecord(value) || typeof value.id !== 'string') return null;
  return {
    id: value.id,
    label: text(value.label) ?? 'Unknown device',
    userAgent: text(value.user_agent),
    ipAddress: text(value.ip_address),
    createdAt: text(value.created_at),
    lastUsedAt: text(value.last_used_at),
    expiresAt: text(value.expires_at),
    isCurrent: value.is_current === true,
  };
}

export async function listTrustedDevices(client: ApiClient = api, signal?: AbortSignal): Promise<TrustedDevice[]> {
  const body = await client.get<unknown>('/auth/trusted-devices', signal ? { signal } : {});
  if (!Array.isArray(body)) throw unexpected();
  return body.map(parseDevice).filter((d): d is TrustedDevice => d !== null);
}

export async function revokeTrustedDevice(id: string, client: ApiClient = api): Promise<void> {
  await client.delete<unknown>(`/auth/trusted-devices/${encodeURIComponent(id)}`);
}

export async function forgetAllTrustedDevices(client: ApiClient = api): Promise<void> {
  await client.delete<unknown>('/auth/trusted-devices');
}

/** `remainingAttempts` of a refused two-factor code (the server spells it in camelCase). */
export function remainingAttempts(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || !isRecord(error.body)) return undefined;
  const value = error.body.remainingAttempts ?? error.body.remaining_attempts;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
