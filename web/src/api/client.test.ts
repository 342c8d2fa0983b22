import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, NETWORK_ERROR_MESSAGE, api, parseRetryAfter, setUnauthorizedHandler } from './client';

function jsonResponse(status: number, body: unknown, contentType = 'application/json; charset=utf-8'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

function mockFetch(response: Response | (() => Promise<Response>)) {
  const fn = vi.fn<typeof fetch>(() =>
    typeof response === 'function' ? response() : Promise.resolve(response),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the request to fail');
}

afterEach(() => {
  setUnauthorizedHandler(null);
});

describe('ApiClient requests', () => {
  it('GETs under /api/v1 with cookies and returns the parsed JSON', async () => {
    const fetchMock = mockFetch(jsonResponse(200, { hosts: [], total: 0 }));

    const result = await api.get<{ hosts: unknown[]; total: number }>('/hosts', {
      query: { limit: 50, search: 'web 01', group: undefined },
    });

    expect(result).toEqual({ hosts: [], total: 0 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/hosts?limit=50&search=web+01');
    expect(init?.method).toBe('GET');
    expect(init?.credentials).toBe('include');
    expect(init?.body).toBeUndefined();
    expect((init?.headers as Record<string, string>).Accept).toBe('application/json');
  });

  it('accepts paths without a leading slash', async () => {
    const fetchMock = mockFetch(jsonResponse(200, {}));
    await api.get('dashboard/stats');
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/dashboard/stats');
  });

  it.each([
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
  ] as const)('%s sends a JSON body', async (method, verb) => {
    const fetchMock = mockFetch(jsonResponse(201, { id: 'h1' }));

    const result = await api[method]<{ id: string }>('/hosts', { friendly_name: 'web-01', groupIds: ['g1'] });

    expect(result).toEqual({ id: 'h1' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/hosts');
    expect(init?.method).toBe(verb);
    expect(init?.credentials).toBe('include');
    expect(init?.body).toBe('{"friendly_name":"web-01","groupIds":["g1"]}');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('delete sends DELETE, with an optional JSON body', async () => {
    const fetchMock = mockFetch(new Response(null, { status: 204 }));
    await api.delete('/hosts/bulk', { body: { hostIds: ['a', 'b'] } });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/hosts/bulk');
    expect(init?.method).toBe('DELETE');
    expect(init?.body).toBe('{"hostIds":["a","b"]}');
  });

  it('resolves undefined for 204 No Content', async () => {
    mockFetch(new Response(null, { status: 204 }));
    await expect(api.delete('/hosts/h1')).resolves.toBeUndefined();
  });

  it('resolves undefined for an empty 200 body', async () => {
    mockFetch(new Response('', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    await expect(api.post('/auth/logout')).resolves.toBeUndefined();
  });

  it('uses an injected fetch and base URL', async () => {
    const fetchImpl = vi.fn<typeof fetch>(() => Promise.resolve(jsonResponse(200, { ok: true })));
    const client = new ApiClient({ baseUrl: 'https://example.test/api/v1/', fetch: fetchImpl });
    await client.get('/health');
    expect(fetchImpl.mock.calls[0]![0]).toBe('https://example.test/api/v1/health');
  });
});

describe('ApiClient errors', () => {
  it('parses {"error"} into the message', async () => {
    mockFetch(jsonResponse(404, { error: 'Host not found' }));

    const error = await caught(api.get('/hosts/nope'));

    expect(error.status).toBe(404);
    expect(error.message).toBe('Host not found');
    expect(error.error).toBe('Host not found');
    expect(error.detail).toBeUndefined();
    expect(error.fieldErrors).toEqual([]);
  });

  it('keeps the parsed error body for fields beyond error/message/errors', async () => {
    mockFetch(jsonResponse(401, { error: 'Invalid verification code', remainingAttempts: 3 }));

    const error = await caught(api.post('/auth/verify-tfa', { tfa_token: 't', token: '000000' }));

    expect(error.message).toBe('Invalid verification code');
    expect(error.body).toEqual({ error: 'Invalid verification code', remainingAttempts: 3 });
  });

  it('combines {"error", "message"} and keeps both parts', async () => {
    mockFetch(
      jsonResponse(429, { error: 'Rate limit exceeded', message: 'Maximum 100 hosts per day allowed for this token' }),
    );

    const error = await caught(api.post('/auto-enrollment/enroll', {}));

    expect(error.status).toBe(429);
    expect(error.message).toBe('Rate limit exceeded: Maximum 100 hosts per day allowed for this token');
    expect(error.error).toBe('Rate limit exceeded');
    expect(error.detail).toBe('Maximum 100 hosts per day allowed for this token');
  });

  it('parses validation errors into fieldErrors', async () => {
    mockFetch(
      jsonResponse(400, {
        errors: [
          { msg: 'Token name is required (max 255 characters)', param: 'token_name', location: 'body' },
          { msg: 'Invalid value', param: 'max_hosts_per_day', location: 'body' },
        ],
      }),
    );

    const error = await caught(api.post('/auto-enrollment/tokens', {}));

    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual([
      { msg: 'Token name is required (max 255 characters)', param: 'token_name', location: 'body' },
      { msg: 'Invalid value', param: 'max_hosts_per_day', location: 'body' },
    ]);
    expect(error.fieldError('token_name')).toBe('Token name is required (max 255 characters)');
    expect(error.fieldError('other')).toBeUndefined();
    expect(error.message).toBe('Token name is required (max 255 characters); Invalid value');
  });

  it('never shows a non-JSON error body such as an HTML page or stack trace', async () => {
    const trace = '<html><body><pre>java.lang.NullPointerException\n\tat cloud.patchmon.Foo(Foo.java:12)</pre></body></html>';
    mockFetch(new Response(trace, { status: 502, headers: { 'Content-Type': 'text/html' } }));

    const error = await caught(api.get('/hosts'));

    expect(error.status).toBe(502);
    expect(error.message).toBe('The server is unavailable right now. Please try again shortly.');
    expect(error.message).not.toContain('Exception');
    expect(error.fieldErrors).toEqual([]);
  });

  it('gives a status-based message for malformed JSON and unknown JSON shapes', async () => {
    mockFetch(new Response('{not json', { status: 500, headers: { 'Content-Type': 'application/json' } }));
    expect((await caught(api.get('/hosts'))).message).toBe('The server ran into an error. Please try again.');

    mockFetch(jsonResponse(403, { trace: 'secret internals' }));
    const forbidden = await caught(api.get('/users'));
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toBe('You do not have permission to do this.');
  });

  it('turns a network failure into a status-0 ApiError with a readable message', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));

    const error = await caught(api.get('/hosts'));

    expect(error.status).toBe(0);
    expect(error.isNetworkError).toBe(true);
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('lets a caller abort through unchanged', async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    mockFetch(() => Promise.reject(abort));
    await expect(api.get('/hosts')).rejects.toBe(abort);
  });
});

/** A fetch stub answering by `METHOD path` (path under /api/v1), recording every call. */
function routedFetch(answers: Record<string, (() => Response | Promise<Response>)[] | (() => Response | Promise<Response>)>) {
  const used: Record<string, number> = {};
  const fn = vi.fn<typeof fetch>(async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${String(input).replace(/^\/api\/v1/, '').split('?')[0]}`;
    const answer = answers[key];
    if (!answer) return jsonResponse(404, { error: 'Not found' });
    if (typeof answer === 'function') return answer();
    const index = used[key] ?? 0;
    used[key] = index + 1;
    const next = answer[Math.min(index, answer.length - 1)]!;
    return next();
  });
  vi.stubGlobal('fetch', fn);
  const keys = () => fn.mock.calls.map(([url, init]) => `${init?.method ?? 'GET'} ${String(url).replace(/^\/api\/v1/, '')}`);
  return { fn, keys };
}

const expired = () => jsonResponse(401, { error: 'Invalid or expired token' });
const refreshed = () => jsonResponse(200, { message: 'Token refreshed', user: { id: 'u1' }, tenant: {}, permissions: [] });
const refreshRejected = () => jsonResponse(401, { error: 'Refresh token required' });

afterEach(() => {
  api.setSessionListener(null);
});

describe('401 handling: refresh once and retry', () => {
  it('renews the session with POST /auth/refresh and retries the request once', async () => {
    const { keys, fn } = routedFetch({
      'GET /hosts': [expired, () => jsonResponse(200, { hosts: ['h1'] })],
      'POST /auth/refresh': refreshed,
    });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    const listener = vi.fn();
    api.setSessionListener(listener);

    await expect(api.get('/hosts', { query: { limit: 5 } })).resolves.toEqual({ hosts: ['h1'] });

    expect(keys()).toEqual(['GET /hosts?limit=5', 'POST /auth/refresh', 'GET /hosts?limit=5']);
    const refreshInit = fn.mock.calls[1]![1]!;
    expect(refreshInit.credentials).toBe('include');
    expect(refreshInit.body).toBeUndefined();
    expect(handler).not.toHaveBeenCalled();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]![0]).toMatchObject({ message: 'Token refreshed' });
  });

  it('resends the same method and JSON body on the retry', async () => {
    const { fn } = routedFetch({
      'POST /hosts': [expired, () => jsonResponse(201, { id: 'h9' })],
      'POST /auth/refresh': refreshed,
    });

    await expect(api.post('/hosts', { friendly_name: 'web-01' })).resolves.toEqual({ id: 'h9' });

    const [first, , retry] = fn.mock.calls;
    expect(retry![1]!.method).toBe('POST');
    expect(retry![1]!.body).toBe('{"friendly_name":"web-01"}');
    expect(retry![1]!.body).toBe(first![1]!.body);
  });

  it('shares one refresh between concurrent 401s (single-flight) and retries each request', async () => {
    let releaseRefresh!: () => void;
    const refreshGate = new Promise<void>((resolve) => {
      releaseRefresh = resolve;
    });
    const { keys } = routedFetch({
      'GET /hosts': [expired, () => jsonResponse(200, 'hosts')],
      'GET /packages': [expired, () => jsonResponse(200, 'packages')],
      'GET /dashboard/stats': [expired, () => jsonResponse(200, 'stats')],
      'POST /auth/refresh': async () => {
        await refreshGate;
        return refreshed();
      },
    });

    const results = Promise.all([api.get('/hosts'), api.get('/packages'), api.get('/dashboard/stats')]);
    // Let all three 401s arrive while the refresh is still under way.
    await vi.waitFor(() => expect(keys().filter((k) => k === 'POST /auth/refresh')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    releaseRefresh();

    await expect(results).resolves.toEqual(['hosts', 'packages', 'stats']);
    expect(keys().filter((k) => k === 'POST /auth/refresh')).toHaveLength(1);
    expect(keys()).toHaveLength(7);
  });

  it('refreshes again for a 401 that arrives after the previous refresh finished', async () => {
    const { keys } = routedFetch({
      'GET /hosts': [expired, () => jsonResponse(200, 1), expired, () => jsonResponse(200, 2)],
      'POST /auth/refresh': refreshed,
    });
    await expect(api.get('/hosts')).resolves.toBe(1);
    await expect(api.get('/hosts')).resolves.toBe(2);
    expect(keys().filter((k) => k === 'POST /auth/refresh')).toHaveLength(2);
  });

  it('calls the unauthorized handler and rejects with the original 401 when the refresh fails', async () => {
    const { keys } = routedFetch({ 'GET /hosts': expired, 'POST /auth/refresh': refreshRejected });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    const error = await caught(api.get('/hosts'));

    expect(error.status).toBe(401);
    expect(error.message).toBe('Invalid or expired token');
    expect(keys()).toEqual(['GET /hosts', 'POST /auth/refresh']);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(error);
  });

  it('treats a refresh that cannot reach the server as failed', async () => {
    routedFetch({ 'GET /hosts': expired, 'POST /auth/refresh': () => Promise.reject(new TypeError('Failed to fetch')) });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    expect((await caught(api.get('/hosts'))).status).toBe(401);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does not refresh twice when the retry is still 401: it signs out', async () => {
    const { keys } = routedFetch({
      'GET /hosts': [expired, () => jsonResponse(401, { error: 'Access token required' })],
      'POST /auth/refresh': refreshed,
    });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    const error = await caught(api.get('/hosts'));

    expect(error.message).toBe('Access token required');
    expect(keys()).toEqual(['GET /hosts', 'POST /auth/refresh', 'GET /hosts']);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it.each(['/auth/login', '/auth/verify-tfa', '/auth/signup', '/auth/logout', '/auth/refresh'])(
    'never refreshes for the credential route %s',
    async (path) => {
      const { keys } = routedFetch({ [`POST ${path}`]: () => jsonResponse(401, { error: 'Invalid credentials' }) });
      const handler = vi.fn();
      setUnauthorizedHandler(handler);

      const error = await caught(api.post(path, {}, { skipUnauthorizedHandler: true }));

      expect(error.message).toBe('Invalid credentials');
      expect(keys()).toEqual([`POST ${path}`]);
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it('refreshes for /auth/me but leaves the handler out when asked to', async () => {
    const { keys } = routedFetch({ 'GET /auth/me': expired, 'POST /auth/refresh': refreshRejected });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    await caught(api.get('/auth/me', { skipUnauthorizedHandler: true }));

    expect(keys()).toEqual(['GET /auth/me', 'POST /auth/refresh']);
    expect(handler).not.toHaveBeenCalled();
  });

  it('skipRefresh goes straight to the handler', async () => {
    const { keys } = routedFetch({ 'GET /hosts': expired, 'POST /auth/refresh': refreshed });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    await caught(api.get('/hosts', { skipRefresh: true }));

    expect(keys()).toEqual(['GET /hosts']);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does not refresh or call the handler for other statuses', async () => {
    const { keys } = routedFetch({ 'GET /users': () => jsonResponse(403, { error: 'Forbidden' }) });
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    await caught(api.get('/users'));
    expect(keys()).toEqual(['GET /users']);
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects with the API error when no handler is registered or the handler throws', async () => {
    routedFetch({ 'GET /hosts': () => new Response('Unauthorized', { status: 401 }), 'POST /auth/refresh': refreshRejected });
    expect((await caught(api.get('/hosts'))).message).toBe('You are not signed in, or your session has expired.');

    setUnauthorizedHandler(() => {
      throw new Error('handler bug');
    });
    routedFetch({ 'GET /hosts': () => jsonResponse(401, { error: 'Session expired' }), 'POST /auth/refresh': refreshRejected });
    expect((await caught(api.get('/hosts'))).message).toBe('Session expired');
  });

  it('refreshSession() is usable directly and single-flight', async () => {
    const { keys } = routedFetch({ 'POST /auth/refresh': refreshed });
    const [a, b] = await Promise.all([api.refreshSession(), api.refreshSession()]);
    expect(a).toBe(true);
    expect(b).toBe(true);
    expect(keys()).toEqual(['POST /auth/refresh']);
  });
});

describe('Retry-After', () => {
  it('is exposed in seconds on the error of a 429', async () => {
    const fetchMock = vi.fn<typeof fetch>(() =>
      Promise.resolve(
        new Response(JSON.stringify({ error: 'Too many authentication attempts, please try again later.' }), {
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '900' },
        }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);

    const error = await caught(api.post('/auth/login', {}));
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(900);
    expect(error.message).toBe('Too many authentication attempts, please try again later.');
  });

  it('parses delta-seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });

  it('is undefined without the header', async () => {
    mockFetch(jsonResponse(429, { error: 'Slow down' }));
    expect((await caught(api.get('/hosts'))).retryAfterSeconds).toBeUndefined();
  });
});
