import type { Host } from '../../../api/hosts';
import type { HostDetails } from '../../../api/hostInventory';
import { EmptyState, InfoList } from './InfoList';
import { DASH, dateTime, gib, list, loadAverage, text } from './format';

/** Agents name disk fields differently (spec ch. 30 vs ch. 31); known ones go first in reading order. */
const DISK_ORDER = ['device', 'filesystem', 'name', 'mountPoint', 'mountpoint', 'mounted_on', 'size', 'used', 'available', 'usePercent', 'use_percent'];

function diskColumns(disks: Record<string, unknown>[]): string[] {
  const columns: string[] = [];
  disks.forEach((disk) =>
    Object.keys(disk).forEach((key) => {
      if (!columns.includes(key)) columns.push(key);
    }),
  );
  const rank = (key: string) => (DISK_ORDER.includes(key) ? DISK_ORDER.indexOf(key) : DISK_ORDER.length);
  return columns.sort((a, b) => rank(a) - rank(b));
}

function heading(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function scalarMetrics(metrics: Record<string, unknown> | null): [string, string][] {
  if (!metrics) return [];
  return Object.entries(metrics)
    .filter(([key, v]) => key !== 'needsReboot' && key !== 'rebootReason' && (typeof v === 'number' || typeof v === 'string'))
    .map(([key, v]) => [key, typeof v === 'number' ? String(Math.round(v * 100) / 100) : (v as string)]);
}

/** System (ch. 4): read-only hardware and OS facts from the last report. */
export function SystemTab({ host, details }: { host: Host; details: HostDetails }) {
  const system = details.system;
  const disks = list(system?.disk_details).filter((d): d is Record<string, unknown> => typeof d === 'object');
  const metrics = scalarMetrics(details.metrics);
  const kernel = system?.kernel_version ?? null;
  const installed = system?.installed_kernel_version ?? null;
  const reported = system && Object.values(system).some((v) => v !== null && !(Array.isArray(v) && v.length === 0));
  return (
    <div className="host-tab-stack">
      {!reported ? (
        <EmptyState testId="system-empty">The agent has not reported system details for this host yet.</EmptyState>
      ) : null}
      <section aria-labelledby="os-title">
        <h3 id="os-title">Operating System</h3>
        <InfoList
          rows={[
            {
              label: 'Kernel Version',
              value: installed && installed !== kernel ? `${text(kernel)} (installed: ${installed})` : text(kernel),
              testId: 'system-kernel',
            },
            { label: 'SELinux Status', value: text(system?.selinux_status), testId: 'system-selinux' },
            { label: 'Architecture', value: text(host.architecture), testId: 'system-architecture' },
            { label: 'Package Manager', value: text(system?.package_manager), testId: 'system-package-manager' },
            { label: 'Uptime', value: text(system?.system_uptime), testId: 'system-uptime' },
            { label: 'Boot Time', value: system?.boot_time ? dateTime(system.boot_time) : DASH, testId: 'system-boot-time' },
            { label: 'Load Average', value: loadAverage(system?.load_average), testId: 'system-load' },
          ]}
        />
      </section>
      <section aria-labelledby="hardware-title">
        <h3 id="hardware-title">Hardware</h3>
        <InfoList
          rows={[
            { label: 'CPU Model', value: text(system?.cpu_model), testId: 'system-cpu-model' },
            { label: 'CPU Cores', value: text(system?.cpu_cores), testId: 'system-cpu-cores' },
            { label: 'CPU Sockets', value: text(system?.cpu_sockets), testId: 'system-cpu-sockets' },
            { label: 'CPU Frequency', value: system?.cpu_mhz ? `${Math.round(system.cpu_mhz)} MHz` : DASH, testId: 'system-cpu-mhz' },
            { label: 'RAM', value: gib(system?.ram_installed), testId: 'system-ram' },
            { label: 'Swap', value: gib(system?.swap_size), testId: 'system-swap' },
            { label: 'Machine ID', value: text(system?.machine_id), testId: 'system-machine-id' },
            {
              label: 'Hardware',
              value: system?.hardware_vendor || system?.hardware_product
                ? [system?.hardware_vendor, system?.hardware_product].filter(Boolean).join(' ')
                : DASH,
              testId: 'system-hardware',
            },
            { label: 'Serial Number', value: text(system?.hardware_serial), testId: 'system-serial' },
          ]}
        />
      </section>
      <section aria-labelledby="disks-title">
        <h3 id="disks-title">Storage</h3>
        {disks.length ? (
          <div className="table-scroll">
            <table className="data-table" data-testid="system-disks">
              <thead>
                <tr>
                  {diskColumns(disks).map((c) => (
                    <th key={c} scope="col">
                      {heading(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {disks.map((disk, i) => (
                  <tr key={i}>
                    {diskColumns(disks).map((c) => (
                      <td key={c}>{text(disk[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted" data-testid="system-disks-empty">
            No disks reported.
          </p>
        )}
      </section>
      {metrics.length ? (
        <section aria-labelledby="metrics-title">
          <h3 id="metrics-title">Last Check-in Metrics</h3>
          <InfoList rows={metrics.map(([key, value]) => ({ label: heading(key), value, testId: `metric-${key}` }))} />
        </section>
      ) : null}
    </div>
  );
}
