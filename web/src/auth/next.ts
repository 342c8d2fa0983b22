/** Where to go after signing in: `?next=` is honoured only for same-origin relative paths. */

const PUBLIC_PATHS = ['/login', '/signup'];

/**
 * Returns `next` as a path (pathname + search + hash) when it is a same-origin relative path,
 * otherwise null. Rejects absolute and protocol-relative URLs (`https://x`, `//x`, `/\x`),
 * other schemes (`javascript:`), control characters, and the sign-in pages themselves.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (typeof next !== 'string' || next === '') return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
  const base = 'http://patchmon.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  if (PUBLIC_PATHS.includes(url.pathname.replace(/\/+$/, '') || '/')) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/login?next=<path>` for a path the user should come back to (just `/login` for `/`). */
export function loginPath(next?: string | null): string {
  const safe = safeNextPath(next);
  // Slashes are legal in a query string: keep `next=/hosts` readable.
  return safe && safe !== '/' ? `/login?next=${encodeURIComponent(safe).replace(/%2F/gi, '/')}` : '/login';
}
