// RFC 6238 time-based one-time passwords, as authenticator apps compute them (HMAC-SHA1,
// 30-second steps, 6 digits), so browser specs can answer PatchMon's two-factor prompts.
import { createHmac } from 'node:crypto';

export const STEP_SECONDS = 30;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (case-insensitive; spaces, dashes and padding ignored) to bytes. */
export function base32Decode(text) {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${JSON.stringify(char)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP of a raw key at a counter, with dynamic truncation. */
export function hotp(key, counter, digits = 6) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac('sha1', key).update(message).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 30-second step a moment falls in (milliseconds since the epoch). */
export function stepAt(millis = Date.now()) {
  return Math.floor(millis / 1000 / STEP_SECONDS);
}

/** The 6-digit code of a base32 secret (the manual entry key) for one step. */
export function totpForStep(secretBase32, step, digits = 6) {
  return hotp(base32Decode(secretBase32), step, digits);
}

/** The code an authenticator app shows now. */
export function totp(secretBase32, millis = Date.now()) {
  return totpForStep(secretBase32, stepAt(millis));
}
