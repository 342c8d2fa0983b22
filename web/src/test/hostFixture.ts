import type { Host } from '../api/hosts';

/** A reported, disconnected Linux host as the API lists it; tests override what they are about. */
export function hostFixture(overrides: Partial<Host> = {}): Host {
  return {
    id: 'h-1',
    friendly_name: 'web-01',
    hostname: 'web01.example.com',
    ip: '10.0.0.5',
    os_family: 'linux',
    os_type: 'Debian',
    os_version: '12',
    architecture: 'amd64',
    status: 'active',
    effective_status: 'active',
    is_stale: false,
    api_id: 'patchmon_abc',
    agent_version: '2.1.0',
    needs_reboot: false,
    docker_enabled: false,
    compliance_enabled: false,
    host_groups: [],
    notes: null,
    updates_count: 0,
    security_updates_count: 0,
    total_packages: 0,
    last_update: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: null,
    connected: false,
    connection_secure: null,
    connected_at: null,
    is_down: false,
    ...overrides,
  };
}
