/**
 * Small typed wrapper around fetch for the PatchMon API (`/api/v1`).
 *
 * - Sends cookies (`credentials: 'include'`) and JSON bodies.
 * - Resolves with the parsed JSON body, or `undefined` for 204 / empty bodies.
 * - Rejects with {@link ApiError} for non-2xx answers and network failures. The error
 *   message is always human-readable: it is taken from the server's error shapes
 *   (`{"error": "...", "message"?: "..."}` and `{"errors": [{msg, param, location}]}`)
 *   or derived from the status code; raw bodies (HTML error pages, stack traces) are
 *   never surfaced.
 * - A 401 answer from a route other than the credential routes (sign-in, its two-factor step,
 *   sign-up, refresh, sign-out) first renews the session once with `POST /auth/refresh` and retries the request.
 *   Concurrent 401s share one refresh (the server rotates refresh tokens and ends a session whose
 *   old refresh token comes back, so two parallel refreshes would sign the user out). When the
 *   refresh fails, or the retry is still 401, the registered unauthorized handler is called
 *   (the app then clears its session and shows the login page).
 */

export const API_BASE = '/api/v1';

/** The route that renews the access cookie from the refresh cookie. */
export const REFRESH_PATH = '/auth/refresh';

/**
 * Routes whose 401 is an answer about credentials, not an expired session: they never trigger
 * a refresh (nor the unauthorized handler through one).
 */
export const CREDENTIAL_PATHS: readonly string[] = [
  '/auth/login',
  '/auth/verify-tfa',
  '/auth/signup',
  REFRESH_PATH,
  '/auth/logout',
];

/** One entry of a validation error answer: `{"errors": [{msg, param, location}]}`. */
export interface FieldError {
  msg: string;
  param?: string;
  location?: string;
}

/** Status 0 means the server could not be reached at all. */
export const NETWORK_ERROR_STATUS = 0;

export class ApiError extends Error {
  /** HTTP status, or {@link NETWORK_ERROR_STATUS} when no answer arrived. */
  readonly status: number;
  /** The server's `error` string (the contract text), when it sent one. */
  readonly error: string | undefined;
  /** The server's optional `message` detail accompanying `error`. */
  readonly detail: string | undefined;
  /** Validation errors, empty unless the server answered `{"errors": [...]}`. */
  readonly fieldErrors: FieldError[];
  /** Seconds to wait before retrying, from a `Retry-After` header (e.g. on 429). */
  readonly retryAfterSeconds: number | undefined;
  /** The parsed JSON error body, for fields beyond these (e.g. `remainingAttempts` of 2FA). */
  readonly body: unknown;

  constructor(
    status: number,
    message: string,
    options: {
      error?: string;
      detail?: string;
      fieldErrors?: FieldError[];
      retryAfterSeconds?: number;
      body?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.status = status;
    this.error = options.error;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.body = options.body;
  }

  get isNetworkError(): boolean {
    return this.status === NETWORK_ERROR_STATUS;
  }

  /** The validation message for one parameter, if the server reported one. */
  fieldError(param: string): string | undefined {
    return this.fieldErrors.find((e) => e.param === param)?.msg;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** Query-string parameters; null/undefined values are left out. */
  query?: Record<string, QueryValue | QueryValue[]>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not call the unauthorized handler on 401 (e.g. for the login request itself). */
  skipUnauthorizedHandler?: boolean;
  /** Do not renew the session and retry on 401 (credential routes never do). */
  skipRefresh?: boolean;
}

export type UnauthorizedHandler = (error: ApiError) => void;

/** Receives the body of a successful `POST /auth/refresh` (the renewed session). */
export type SessionListener = (session: unknown) => void;

export interface ApiClientConfig {
  baseUrl?: string;
  /** Defaults to the global fetch, looked up on every call. */
  fetch?: typeof fetch;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You are not signed in, or your session has expired.',
  403: 'You do not have permission to do this.',
  404: 'The requested item was not found.',
  405: 'This action is not allowed.',
  408: 'The server took too long to answer. Please try again.',
  409: 'The request conflicts with the current state. Reload and try again.',
  413: 'The request is too large.',
  415: 'The request format is not supported.',
  422: 'The request was not valid.',
  429: 'Too many requests. Please wait a moment and try again.',
  500: 'The server ran into an error. Please try again.',
  502: 'The server is unavailable right now. Please try again shortly.',
  503: 'The server is unavailable right now. Please try again shortly.',
  504: 'The server took too long to answer. Please try again.',
};

export function messageForStatus(status: number): string {
  const known = STATUS_MESSAGES[status];
  if (known) return known;
  if (status >= 500) return `The server ran into an error (HTTP ${status}). Please try again.`;
  return `The request failed (HTTP ${status}).`;
}

export const NETWORK_ERROR_MESSAGE =
  'Cannot reach the server. Check your connection and try again.';

const MAX_MESSAGE_LENGTH = 500;

function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const result: FieldError[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const msg = cleanText(item.msg) ?? cleanText(item.message);
    if (!msg) continue;
    const entry: FieldError = { msg };
    const param = cleanText(item.param) ?? cleanText(item.path);
    if (param) entry.param = param;
    const location = cleanText(item.location);
    if (location) entry.location = location;
    result.push(entry);
  }
  return result;
}

/**
 * Seconds from a `Retry-After` value: delta-seconds or an HTTP date. Undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds the ApiError for a non-2xx answer from its (possibly absent or non-JSON) body. */
export function errorFromBody(status: number, body: unknown, retryAfterSeconds?: number): ApiError {
  const extra: { retryAfterSeconds?: number; body?: unknown } =
    retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  if (isRecord(body)) {
    extra.body = body;
    const fieldErrors = parseFieldErrors(body.errors);
    const error = cleanText(body.error);
    const detail = cleanText(body.message);
    if (fieldErrors.length > 0) {
      const message = fieldErrors.map((e) => e.msg).join('; ');
      return new ApiError(status, message, { error, detail, fieldErrors, ...extra });
    }
    if (error && detail && detail !== error) {
      return new ApiError(status, `${error}: ${detail}`, { error, detail, ...extra });
    }
    if (error || detail) {
      return new ApiError(status, (error ?? detail) as string, { error, detail, ...extra });
    }
  }
  return new ApiError(status, messageForStatus(status), extra);
}

function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

async function readBody(response: Response): Promise<{ empty: boolean; json: boolean; value: unknown }> {
  if (response.status === 204 || response.status === 205 || response.status === 304) {
    return { empty: true, json: false, value: undefined };
  }
  const text = await response.text();
  if (text.trim() === '') return { empty: true, json: false, value: undefined };
  if (!isJsonContentType(response.headers.get('content-type'))) {
    return { empty: false, json: false, value: text };
  }
  try {
    return { empty: false, json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { empty: false, json: false, value: text };
  }
}

function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (value === null || value === undefined) continue;
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isBodyInit(body: unknown): body is BodyInit {
  return (
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) ||
    body instanceof ArrayBuffer
  );
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** `/auth/login?x=1` → `/auth/login`; always with a leading slash and no trailing one. */
function routeOf(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  const withSlash = bare.startsWith('/') ? bare : `/${bare}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

/** True for the sign-in (and its two-factor step), sign-up, refresh and sign-out routes. */
export function isCredentialPath(path: string): boolean {
  return CREDENTIAL_PATHS.includes(routeOf(path));
}

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch | undefined;
  private unauthorizedHandler: UnauthorizedHandler | null = null;
  private sessionListener: SessionListener | null = null;
  private refreshing: Promise<boolean> | null = null;

  constructor(config: ApiClientConfig = {}) {
    this.baseUrl = (config.baseUrl ?? API_BASE).replace(/\/+$/, '');
    this.fetchImpl = config.fetch;
  }

  /** Registers (or with null, removes) the callback invoked when the API answers 401. */
  setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
    this.unauthorizedHandler = handler;
  }

  url(path: string, query?: RequestOptions['query']): string {
    const suffix = path.startsWith('/') ? path : `/${path}`;
    return `${this.baseUrl}${suffix}${buildQuery(query)}`;
  }

  /** Registers (or with null, removes) the callback that receives each refreshed session. */
  setSessionListener(listener: SessionListener | null): void {
    this.sessionListener = listener;
  }

  /**
   * Renews the session with `POST /auth/refresh` (the refresh cookie). Resolves true when the
   * server issued new cookies. Single-flight: callers arriving while a refresh is under way
   * share its outcome instead of sending the (single-use) refresh token again.
   */
  refreshSession(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.request<unknown>('POST', REFRESH_PATH, undefined, {
        skipRefresh: true,
        skipUnauthorizedHandler: true,
      })
        .then(
          (session) => {
            try {
              this.sessionListener?.(session);
            } catch {
              // A failing listener must not turn a renewed session into a failure.
            }
            return true;
          },
          () => false,
        )
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.send<T>(method, path, body, options);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      if (!options.skipRefresh && !isCredentialPath(path)) {
        const refreshed = await this.refreshSession();
        if (refreshed) {
          try {
            return await this.send<T>(method, path, body, options);
          } catch (retryError) {
            if (retryError instanceof ApiError && retryError.status === 401) this.unauthorized(retryError, options);
            throw retryError;
          }
        }
      }
      this.unauthorized(error, options);
      throw error;
    }
  }

  private unauthorized(error: ApiError, options: RequestOptions): void {
    if (options.skipUnauthorizedHandler || !this.unauthorizedHandler) return;
    try {
      this.unauthorizedHandler(error);
    } catch {
      // A failing handler must not hide the original error from the caller.
    }
  }

  /** One HTTP exchange: resolves with the body of a 2xx answer, rejects with ApiError otherwise. */
  private async send<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    let payload: BodyInit | undefined;
    if (body !== undefined) {
      if (isBodyInit(body) || typeof body === 'string') {
        payload = body;
      } else {
        payload = JSON.stringify(body);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
          headers['Content-Type'] = 'application/json';
        }
      }
    }

    const init: RequestInit = { method, headers, credentials: 'include' };
    if (payload !== undefined) init.body = payload;
    if (options.signal) init.signal = options.signal;

    const doFetch = this.fetchImpl ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(this.url(path, options.query), init);
    } catch (cause) {
      // A caller-initiated abort is not an API failure: let it through unchanged.
      if (isAbortError(cause)) throw cause;
      throw new ApiError(NETWORK_ERROR_STATUS, NETWORK_ERROR_MESSAGE, { cause });
    }

    let parsed: Awaited<ReturnType<typeof readBody>>;
    try {
      parsed = await readBody(response);
    } catch (cause) {
      if (isAbortError(cause)) throw cause;
      throw new ApiError(
        response.ok ? NETWORK_ERROR_STATUS : response.status,
        response.ok ? 'The connection was interrupted while reading the answer.' : messageForStatus(response.status),
        { cause },
      );
    }

    if (!response.ok) {
      throw errorFromBody(
        response.status,
        parsed.json ? parsed.value : undefined,
        parseRetryAfter(response.headers.get('retry-after')),
      );
    }

    return parsed.value as T;
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }

  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }

  /** DELETE; `options.body` carries a JSON body for bulk deletions. */
  delete<T>(path: string, options: RequestOptions & { body?: unknown } = {}): Promise<T> {
    const { body, ...rest } = options;
    return this.request<T>('DELETE', path, body, rest);
  }
}

/** The app-wide client. */
export const api = new ApiClient();

export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  api.setUnauthorizedHandler(handler);
}

export function setSessionListener(listener: SessionListener | null): void {
  api.setSessionListener(listener);
}
