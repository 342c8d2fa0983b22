import { ApiError } from '../api/client';

/** "Try again in 15 minutes." from a Retry-After of 900 seconds; empty when unknown. */
export function retryAfterText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return '';
  if (seconds < 60) {
    const s = Math.ceil(seconds);
    return `Try again in ${s} ${s === 1 ? 'second' : 'seconds'}.`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

/** The text to show for a failed sign-in or sign-up request. */
export function describeAuthError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  const base = error.error ?? error.message;
  if (error.status === 429) {
    const wait = retryAfterText(error.retryAfterSeconds);
    return wait ? `${base} ${wait}` : base;
  }
  return base;
}
