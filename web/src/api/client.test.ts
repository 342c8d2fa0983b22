import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, NETWORK_ERROR_MESSAGE, api, setUnauthorizedHandler } from './client';

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

describe('401 handling', () => {
  it('calls the registered unauthorized handler, then rejects', async () => {
    mockFetch(jsonResponse(401, { error: 'Invalid or expired token' }));
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    const error = await caught(api.get('/hosts'));

    expect(error.status).toBe(401);
    expect(error.message).toBe('Invalid or expired token');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(error);
  });

  it('does not call the handler for other statuses, when skipped, or after removal', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);

    mockFetch(jsonResponse(403, { error: 'Forbidden' }));
    await caught(api.get('/users'));

    mockFetch(jsonResponse(401, { error: 'Invalid credentials' }));
    await caught(api.post('/auth/login', {}, { skipUnauthorizedHandler: true }));
    expect(handler).not.toHaveBeenCalled();

    setUnauthorizedHandler(null);
    mockFetch(new Response('Unauthorized', { status: 401 }));
    const error = await caught(api.get('/hosts'));
    expect(error.message).toBe('You are not signed in, or your session has expired.');
    expect(handler).not.toHaveBeenCalled();
  });

  it('still rejects with the API error when the handler throws', async () => {
    mockFetch(jsonResponse(401, { error: 'Session expired' }));
    setUnauthorizedHandler(() => {
      throw new Error('handler bug');
    });
    const error = await caught(api.get('/hosts'));
    expect(error.message).toBe('Session expired');
  });
});
