/** `GET /dashboard/stats`: the Dashboard's cards (admin guide chapter 1), shaped like upstream PatchMon's stats. */
import { api } from './client';

export interface NamedCount {
  name: string;
  count: number;
}

export interface DashboardStats {
  cards: {
    /** Hosts that have reported; pending hosts are counted apart. */
    total_hosts: number;
    hosts_needing_updates: number;
    up_to_date_hosts: number;
    hosts_with_security_updates: number;
    hosts_needing_reboot: number;
    /** Reported hosts silent for three update intervals. */
    offline_hosts: number;
    pending_hosts: number;
    /** Packages with at least one host needing an update (the Packages page's figure). */
    total_outdated_packages: number;
    security_packages: number;
    /** Security updates pending across all hosts, one per host and package. */
    security_updates: number;
  };
  charts: {
    os_distribution: NamedCount[];
    update_status_distribution: NamedCount[];
    package_update_distribution: NamedCount[];
  };
  last_updated: string;
}

export const getDashboardStats = () => api.get<DashboardStats>('/dashboard/stats');
