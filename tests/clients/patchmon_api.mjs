#!/usr/bin/env node
// PatchMon Integration API example client (chapter 31), Node.js 18+ with the built-in fetch.
//
//   PATCHMON_URL=https://patchmon.example.com PATCHMON_API_KEY=patchmon_ae_... PATCHMON_API_SECRET=... \
//     node patchmon_api.mjs hosts [HOSTGROUP] | stats | updates HOST_ID

const API_KEY = process.env.PATCHMON_API_KEY;
const API_SECRET = process.env.PATCHMON_API_SECRET;
const BASE_URL = process.env.PATCHMON_URL ?? 'https://patchmon.example.com';

const authHeader = 'Basic ' + Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64');

async function get(path, params = {}) {
  const url = new URL(path, BASE_URL);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.append(name, value);
  }
  const response = await fetch(url, {
    headers: {
      'Authorization': authHeader,
      'Content-Type': 'application/json',
    },
  });
  if (!response.ok) {
    const error = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(`HTTP ${response.status}: ${error.error}`);
  }
  return await response.json();
}

async function getHosts(hostgroup = null) {
  return get('/api/v1/api/hosts', hostgroup ? { hostgroup } : {});
}

async function main() {
  if (!API_KEY || !API_SECRET) {
    throw new Error('PATCHMON_API_KEY and PATCHMON_API_SECRET must be set');
  }
  const [command = 'hosts', argument] = process.argv.slice(2);
  if (command === 'hosts') {
    const data = await getHosts(argument ?? null);
    console.log(`Total: ${data.total}`);
    data.hosts.forEach((host) => {
      console.log(`${host.friendly_name}: ${host.ip}`);
    });
  } else if (command === 'stats') {
    const data = await get('/api/v1/api/hosts', { include: 'stats' });
    data.hosts.forEach((host) => {
      console.log(`${host.friendly_name}: ${host.updates_count} updates, ${host.security_updates_count} security, ${host.total_packages} total packages`);
    });
  } else if (command === 'updates' && argument) {
    const data = await get(`/api/v1/api/hosts/${encodeURIComponent(argument)}/packages`, { updates_only: 'true' });
    console.log(`Host: ${data.host.friendly_name}`);
    console.log(`Packages needing updates: ${data.total}`);
    data.packages.forEach((pkg) => {
      console.log(`  ${pkg.name}: ${pkg.current_version} → ${pkg.available_version}${pkg.is_security_update ? ' [SECURITY]' : ''}`);
    });
  } else {
    throw new Error('usage: patchmon_api.mjs hosts [HOSTGROUP] | stats | updates HOST_ID');
  }
}

main().catch((error) => {
  console.error('Error:', error.message);
  process.exit(1);
});
