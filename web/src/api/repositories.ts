/** The `/repositories` calls (admin guide chapter 7). */
import { api } from './client';
import type { Pagination } from './packages';

export interface Repository {
  id: string;
  /** The operator's name if set, else the reported one. */
  name: string;
  reported_name: string | null;
  url: string;
  distribution: string;
  components: string;
  repo_type: string | null;
  is_secure: boolean;
  is_active: boolean;
  /** An operator marked the record inactive; it stays inactive while hosts use it. */
  deactivated: boolean;
  description: string | null;
  priority: number | null;
  host_count: number;
  enabled_host_count: number;
  updated_at: string | null;
}

export interface RepositoryHost {
  id: string;
  friendly_name: string;
  hostname: string | null;
  ip: string | null;
  os_type: string | null;
  os_version: string | null;
  status: string;
  last_update: string | null;
  is_enabled: boolean;
}

export interface RepositoryDetail {
  repository: Repository;
  hosts: RepositoryHost[];
}

/** A package some hosts have from the repository; its id is its name, as on the Packages page. */
export interface RepositoryPackage {
  id: string;
  name: string;
  /** Hosts that have the package from this repository. */
  host_count: number;
}

export interface RepositoryPackages {
  packages: RepositoryPackage[];
  pagination: Pagination;
}

export interface RepositoryPackagesQuery {
  search?: string;
  page?: number;
  limit?: number;
}

export interface RepositorySummary {
  total_repositories: number;
  active_repositories: number;
  secure_repositories: number;
  security_score: number;
}

export interface RepositoryFilters {
  search?: string;
  /** active | inactive */
  status?: string;
  /** secure | insecure */
  type?: string;
  host?: string;
}

export interface RepositoryEdit {
  name?: string;
  description?: string;
  is_active?: boolean;
  priority?: number;
}

export const listRepositories = async (filters: RepositoryFilters = {}): Promise<Repository[]> => {
  const answer = await api.get<unknown>('/repositories', {
    query: {
      search: filters.search || undefined,
      status: filters.status || undefined,
      type: filters.type || undefined,
      host: filters.host || undefined,
    },
  });
  return Array.isArray(answer) ? (answer as Repository[]) : [];
};
export const repositorySummary = () => api.get<RepositorySummary>('/repositories/stats/summary');
export const getRepository = (id: string) => api.get<RepositoryDetail>(`/repositories/${encodeURIComponent(id)}`);
export const listRepositoryPackages = (id: string, q: RepositoryPackagesQuery = {}) =>
  api.get<RepositoryPackages>(`/repositories/${encodeURIComponent(id)}/packages`, {
    query: { search: q.search || undefined, page: q.page, limit: q.limit },
  });
export const updateRepository = (id: string, body: RepositoryEdit) =>
  api.patch<{ message: string; repository: Repository }>(`/repositories/${encodeURIComponent(id)}`, body);
export const deleteRepository = (id: string) =>
  api.delete<{ message: string; deleted_repository: { id: string; name: string; url: string; host_count: number } }>(
    `/repositories/${encodeURIComponent(id)}`,
  );

/** Chapter 7: Debian-family names lose their deb- / deb-src- prefix for display. */
export function displayName(repo: Pick<Repository, 'name' | 'reported_name' | 'repo_type'>): string {
  const debian = (repo.repo_type ?? '').startsWith('deb');
  if (!debian || repo.name !== repo.reported_name) return repo.name;
  const stripped = repo.name.replace(/^deb-src-/, '').replace(/^deb-/, '');
  return stripped || repo.name;
}
