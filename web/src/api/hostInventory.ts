/** What a host's agent reported, for the Host Detail tabs (admin guide chapter 4). */
import { api } from './client';

export interface HostPackage {
  name: string;
  current_version: string | null;
  available_version: string | null;
  needs_update: boolean;
  is_security_update: boolean;
  source_repository: string | null;
}

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  pages: number;
}

/** `total` counts the packages matching the query; `installed` and the update counts are the whole host's. */
export interface HostPackagesPage {
  packages: HostPackage[];
  total: number;
  installed: number;
  updates_available: number;
  security_updates: number;
  pagination: Pagination;
}

export interface HostPackagesQuery {
  search?: string;
  updatesOnly?: boolean;
  securityOnly?: boolean;
  page?: number;
  limit?: number;
}

export interface HostRepository {
  name: string | null;
  url: string | null;
  distribution: string | null;
  components: string | null;
  repo_type: string | null;
  is_enabled: boolean;
  is_secure: boolean;
}

export interface NetworkAddress {
  address: string | null;
  family: string | null;
  netmask: string | null;
  gateway: string | null;
}

export interface NetworkInterface {
  name: string | null;
  type: string | null;
  mac_address: string | null;
  mtu: number | null;
  status: string | null;
  link_speed: number | null;
  duplex: string | null;
  addresses: NetworkAddress[] | null;
}

/** The facts of the last report that carried them; `null` when the agent did not send one. */
export interface SystemFacts {
  kernel_version: string | null;
  installed_kernel_version: string | null;
  selinux_status: string | null;
  package_manager: string | null;
  cpu_model: string | null;
  cpu_cores: number | null;
  cpu_sockets: number | null;
  cpu_mhz: number | null;
  hardware_vendor: string | null;
  hardware_product: string | null;
  hardware_serial: string | null;
  ram_installed: number | null;
  swap_size: number | null;
  /** Disks with the keys the agent sent (they differ between agent versions). */
  disk_details: Record<string, unknown>[] | null;
  gateway_ip: string | null;
  dns_servers: string[] | null;
  system_uptime: string | null;
  load_average: unknown;
  machine_id: string | null;
  boot_time: string | null;
}

export interface HostDetails {
  repositories: HostRepository[] | null;
  network_interfaces: NetworkInterface[] | null;
  system: SystemFacts | null;
  last_check_in_at: string | null;
  metrics: Record<string, unknown> | null;
  needs_reboot: boolean | null;
  reboot_reason: string | null;
  agent_version: string | null;
}

export interface PackageReport {
  reported_at: string;
  kind: 'full' | 'partial' | string;
  sections: string[] | null;
  packages: number;
  updates: number;
  security: number;
  payload_bytes: number;
  processing_ms: number;
}

export interface PackageReportsPage {
  reports: PackageReport[];
  next_cursor: string | null;
}

const hostPath = (id: string) => `/hosts/${encodeURIComponent(id)}`;

export const getHostPackages = (id: string, query: HostPackagesQuery = {}) =>
  api.get<HostPackagesPage>(`${hostPath(id)}/packages`, {
    query: {
      search: query.search || undefined,
      updates_only: query.updatesOnly ? 'true' : undefined,
      security_only: query.securityOnly ? 'true' : undefined,
      page: query.page,
      limit: query.limit,
    },
  });

export const getHostDetails = (id: string) => api.get<HostDetails>(`${hostPath(id)}/details`);

export const getHostReports = (id: string, options: { limit?: number; cursor?: string | null } = {}) =>
  api.get<PackageReportsPage>(`${hostPath(id)}/reports`, {
    query: { limit: options.limit, cursor: options.cursor || undefined },
  });
