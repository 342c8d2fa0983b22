// Seeding through the real API from Node, so specs spend their browser time on what they test.
import assert from 'node:assert/strict';
import { baseUrl } from './browser.mjs';

/** One API call; anything but a 2xx fails the spec with the answer's status and body. */
export async function api(path, { method = 'GET', token, headers = {}, body } = {}) {
  const response = await fetch(`${baseUrl()}/api/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The status of a signed-in GET, for calls a spec expects to fail. */
export async function status(path, token) {
  const response = await fetch(`${baseUrl()}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

/** A bearer token for an account signed up through the UI (its organisation's slug from the setup page). */
export async function signIn(account, slug) {
  const session = await api('/auth/login', { method: 'POST', body: { username: account.username, password: account.password, tenant: slug } });
  return session.token;
}

/** Registers a host as the Add Host wizard does; returns the host and its agent's credentials. */
export async function createHost(token, name, groupIds = []) {
  const created = await api('/hosts', { method: 'POST', token, body: { friendly_name: name, os_family: 'linux', groupIds } });
  return { id: created.host.id, apiId: created.api_id, apiKey: created.api_key };
}

/** The status of an agent report (`POST /hosts/update`) sent with a host's credentials. */
export async function reportStatus(host, report) {
  const response = await fetch(`${baseUrl()}/api/v1/hosts/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-ID': host.apiId, 'X-API-KEY': host.apiKey },
    body: JSON.stringify(report),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends an agent report that must be accepted. */
export async function report(host, body) {
  return api('/hosts/update', { method: 'POST', headers: { 'X-API-ID': host.apiId, 'X-API-KEY': host.apiKey }, body });
}
