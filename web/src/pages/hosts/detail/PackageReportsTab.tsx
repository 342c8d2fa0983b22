import { useCallback, useEffect, useState } from 'react';
import { getHostReports, type PackageReport } from '../../../api/hostInventory';
import { EmptyState } from './InfoList';
import { bytes, dateTime, list, millis } from './format';

export const REPORTS_PAGE_SIZE = 25;

function kindLabel(report: PackageReport): string {
  if (report.kind !== 'partial') return 'Full';
  const sections = list(report.sections);
  return sections.length ? `Partial (${sections.join(', ')})` : 'Partial';
}

/** Package Reports (ch. 4): the inventory snapshots the agent sent, newest first, a page at a time. */
export function PackageReportsTab({ hostId }: { hostId: string }) {
  const [reports, setReports] = useState<PackageReport[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null, stale: () => boolean = () => false) => {
      setBusy(true);
      setError(null);
      try {
        const page = await getHostReports(hostId, { limit: REPORTS_PAGE_SIZE, cursor: after });
        if (stale()) return;
        setReports((current) => [...(after ? (current ?? []) : []), ...list(page.reports)]);
        setCursor(page.next_cursor ?? null);
      } catch (e) {
        if (!stale()) setError(e instanceof Error ? e.message : 'Could not load the package reports.');
      } finally {
        if (!stale()) setBusy(false);
      }
    },
    [hostId],
  );

  useEffect(() => {
    let stale = false;
    void load(null, () => stale);
    return () => {
      stale = true;
    };
  }, [load]);

  if (reports === null) {
    return error ? (
      <p className="form-error" role="alert">
        {error}
      </p>
    ) : (
      <p className="inline-status">Loading package reports…</p>
    );
  }
  if (reports.length === 0) {
    return <EmptyState testId="reports-empty">No package reports yet. They appear after the agent's first report.</EmptyState>;
  }
  return (
    <div>
      <div className="table-scroll">
        <table className="data-table" data-testid="package-reports">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Report</th>
              <th scope="col">Total Packages</th>
              <th scope="col">Outdated</th>
              <th scope="col">Security</th>
              <th scope="col">Payload</th>
              <th scope="col">Processing Time</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r, i) => (
              <tr key={`${r.reported_at}-${i}`} data-testid="package-report-row">
                <td>{dateTime(r.reported_at)}</td>
                <td>{kindLabel(r)}</td>
                <td data-testid="report-packages">{r.packages}</td>
                <td data-testid="report-updates">{r.updates}</td>
                <td data-testid="report-security">{r.security}</td>
                <td>{bytes(r.payload_bytes)}</td>
                <td>{millis(r.processing_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {cursor ? (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void load(cursor)} data-testid="reports-more">
          {busy ? 'Loading…' : 'Load older reports'}
        </button>
      ) : null}
    </div>
  );
}
