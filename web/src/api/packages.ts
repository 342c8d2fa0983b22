/** The `/packages` calls: the fleet package inventory and the package detail (admin guide chapter 6). */
import { api } from './client';

export type PackageStatus = 'security' | 'update' | 'up-to-date';

/** A source repository of a package and on how many hosts it supplies it. */
export interface RepositoryUse {
  name: string;
  hosts: number;
}

export interface PackageRow {
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  latest_version: string | null;
  hosts_installed: number;
  hosts_needing_update: number;
  hosts_security: number;
  status: PackageStatus;
  /** The repositories supplying the most hosts first. */
  source_repositories: RepositoryUse[];
}

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  pages: number;
}

export interface PackageSummaryCards {
  packages: number;
  installations: number;
  outdated_packages: number;
  security_packages: number;
  outdated_hosts: number;
}

export interface PackageList {
  packages: PackageRow[];
  pagination: Pagination;
  summary: PackageSummaryCards;
  categories: string[];
}

/** `filter` is the update status: all, outdated, security (or security-updates) or regular. */
export interface PackageQuery {
  search?: string;
  category?: string;
  filter?: string;
  host?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  page?: number;
  limit?: number;
}

export interface PackageDetail {
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  latest_version: string | null;
  status: PackageStatus;
  last_reported_at: string | null;
  stats: { total_installs: number; updates_needed: number; security_updates: number; up_to_date: number };
  repositories: RepositoryUse[];
}

export interface PackageHost {
  host_id: string;
  friendly_name: string;
  hostname: string | null;
  os_type: string | null;
  os_version: string | null;
  current_version: string | null;
  available_version: string | null;
  needs_update: boolean;
  is_security_update: boolean;
  source_repository: string | null;
  last_update: string | null;
  needs_reboot: boolean;
}

export interface PackageHosts {
  hosts: PackageHost[];
  pagination: Pagination;
}

export interface PackageHostsQuery {
  only_pending?: boolean;
  search?: string;
  page?: number;
  limit?: number;
}

const blankToUndefined = (value: string | undefined) => (value ? value : undefined);

export const listPackages = (q: PackageQuery = {}) =>
  api.get<PackageList>('/packages', {
    query: {
      search: blankToUndefined(q.search),
      category: blankToUndefined(q.category),
      filter: q.filter && q.filter !== 'all' ? q.filter : undefined,
      host: blankToUndefined(q.host),
      sort: q.sort,
      order: q.order,
      page: q.page,
      limit: q.limit,
    },
  });

export const getPackage = (id: string) => api.get<PackageDetail>(`/packages/${encodeURIComponent(id)}`);

export const listPackageHosts = (id: string, q: PackageHostsQuery = {}) =>
  api.get<PackageHosts>(`/packages/${encodeURIComponent(id)}/hosts`, {
    query: { only_pending: q.only_pending, search: blankToUndefined(q.search), page: q.page, limit: q.limit },
  });
