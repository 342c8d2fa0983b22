/**
 * Test helpers: a fake of the PatchMon API behind a stubbed global fetch, and the app's routes
 * rendered in a memory router.
 */
import { render } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import { routes } from '../routes';

export interface Call {
  method: string;
  /** Path under /api/v1, e.g. `/auth/me`. */
  path: string;
  body: unknown;
}

export type Handler = (call: Call) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A promise with its resolve function, to hold an answer back. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export const ALL_PERMISSIONS = [
  'can_view_dashboard',
  'can_view_hosts',
  'can_view_packages',
  'can_view_reports',
  'can_view_notification_logs',
  'can_manage_hosts',
  'can_manage_settings',
];

export interface SessionOverrides {
  username?: string;
  first_name?: string | null;
  last_name?: string | null;
  tenantName?: string;
  slug?: string;
  permissions?: string[];
  /** The plan's modules; left out of the answer (every module enabled) unless given. */
  modules?: string[];
}

export function sessionBody(overrides: SessionOverrides = {}, message?: string) {
  return {
    ...(message ? { message, token: 'header.payload.signature', expires_at: '2030-01-01T00:00:00Z' } : {}),
    user: {
      id: 'u-1',
      username: overrides.username ?? 'alice',
      email: 'alice@example.com',
      first_name: overrides.first_name === undefined ? 'Alice' : overrides.first_name,
      last_name: overrides.last_name === undefined ? 'Liddell' : overrides.last_name,
      role: 'superadmin',
      is_active: true,
      last_login: null,
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
      tfa_enabled: false,
      theme_preference: null,
    },
    tenant: { id: 't-1', name: overrides.tenantName ?? 'Acme Corp', slug: overrides.slug ?? 'acme-corp' },
    permissions: overrides.permissions ?? ALL_PERMISSIONS,
    ...(overrides.modules ? { modules: overrides.modules } : {}),
  };
}

export const NOT_SIGNED_IN = () => json(401, { error: 'Access token required' });
export const REFRESH_REJECTED = () => json(401, { error: 'Refresh token required' });

/**
 * Stubs fetch with handlers keyed by `"METHOD /path"` (path under /api/v1, no query). Health
 * answers ok unless overridden; anything else unhandled is a JSON 404.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const all: Record<string, Handler> = {
    'GET /health': () => json(200, { status: 'ok', timestamp: '2025-01-01T00:00:00Z' }),
    ...handlers,
  };
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: Call = { method, path, body };
    calls.push(call);
    const handler = all[`${method} ${path}`];
    return handler ? handler(call) : json(404, { error: 'Not found' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    calls,
    /** Calls other than the header's health checks. */
    apiCalls: () => calls.filter((c) => c.path !== '/health'),
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
    set(key: string, handler: Handler) {
      all[key] = handler;
    },
  };
}

/** A signed-in visitor: `/auth/me` answers the session. */
export function signedInApi(overrides: SessionOverrides = {}, handlers: Record<string, Handler> = {}) {
  return fakeApi({ 'GET /auth/me': () => json(200, sessionBody(overrides)), ...handlers });
}

/** A signed-out visitor: `/auth/me` and the refresh both answer 401. */
export function signedOutApi(handlers: Record<string, Handler> = {}) {
  return fakeApi({ 'GET /auth/me': NOT_SIGNED_IN, 'POST /auth/refresh': REFRESH_REJECTED, ...handlers });
}

export function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(<RouterProvider router={router} />);
  return { router, ...view };
}

/** pathname + search of the router's current location. */
export function where(router: ReturnType<typeof createMemoryRouter>): string {
  return `${router.state.location.pathname}${router.state.location.search}`;
}
