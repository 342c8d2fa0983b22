import { api, type ApiClient } from './client';

/** Answer of `GET /api/v1/health` (extra fields are ignored). */
export interface HealthResponse {
  status: string;
  [key: string]: unknown;
}

/** True when the API answered 2xx with `{"status": "ok"}`; false on any failure. */
export async function isApiHealthy(client: ApiClient = api, signal?: AbortSignal): Promise<boolean> {
  try {
    const body = await client.get<HealthResponse | undefined>('/health', {
      skipUnauthorizedHandler: true,
      ...(signal ? { signal } : {}),
    });
    return typeof body === 'object' && body !== null && body.status === 'ok';
  } catch (error) {
    if (signal?.aborted) throw error;
    return false;
  }
}
