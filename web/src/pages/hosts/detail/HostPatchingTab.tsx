import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { getHostPackages, type HostPackage } from '../../../api/hostInventory';
import { listRuns, type PatchRun } from '../../../api/patching';
import { PatchWizard, type WizardResult } from '../../patching/PatchWizard';
import { RunStatusBadge, formatTime, startedAt, typeSummary } from '../../patching/common';
import type { WizardHost, WizardMode } from '../../patching/wizardSteps';
import '../../patching/patching.css';

/** The host's outdated packages offered for "Patch selected packages" (the trigger accepts up to 500). */
const OUTDATED_LIMIT = 500;
const RUNS_LIMIT = 25;

/**
 * Host Detail → Patching (ch. 8/9): Patch all, Patch selected packages, and this host's runs. `refreshKey` re-reads
 * the lists (a new report) without remounting, so an open wizard survives it.
 */
export function HostPatchingTab({ host, canManage, refreshKey }: { host: WizardHost; canManage: boolean; refreshKey: number }) {
  const [outdated, setOutdated] = useState<HostPackage[] | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [runs, setRuns] = useState<PatchRun[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [wizard, setWizard] = useState<WizardMode | null>(null);
  const [message, setMessage] = useState<WizardResult | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stale = false;
    listRuns({ host_id: host.id, limit: RUNS_LIMIT }).then(
      (answer) => !stale && setRuns(answer.runs),
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : 'Could not load the patch runs.'),
    );
    return () => {
      stale = true;
    };
  }, [host.id, reload, refreshKey]);

  useEffect(() => {
    if (!canManage) return undefined;
    let stale = false;
    getHostPackages(host.id, { updatesOnly: true, limit: OUTDATED_LIMIT }).then(
      (answer) => !stale && setOutdated(answer.packages ?? []),
      () => !stale && setOutdated([]),
    );
    return () => {
      stale = true;
    };
  }, [host.id, canManage, refreshKey]);

  const toggle = (name: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(name);
    else next.delete(name);
    setPicked(next);
  };

  return (
    <div className="host-tab-stack" data-testid="host-patching">
      {canManage ? (
        <div>
          <div className="bulk-toolbar">
            <button type="button" className="button" onClick={() => setWizard({ kind: 'host', host, patchType: 'patch_all' })} data-testid="patch-all">
              Patch all
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={picked.size === 0}
              onClick={() => setWizard({ kind: 'host', host, patchType: 'patch_package', packages: Array.from(picked) })}
              data-testid="patch-selected"
            >
              Patch selected packages{picked.size > 0 ? ` (${picked.size})` : ''}
            </button>
          </div>
          {message ? (
            <p className={message.failed.length > 0 ? 'form-error' : 'inline-status'} role="status" data-testid="host-patching-message">
              {message.message}
            </p>
          ) : null}
          <h3>Outdated packages</h3>
          {outdated === null ? (
            <p className="inline-status">Loading…</p>
          ) : outdated.length === 0 ? (
            <p className="muted" data-testid="host-patching-up-to-date">
              Every package on this host is up to date.
            </p>
          ) : (
            <ul className="checkbox-list" data-testid="host-outdated-packages">
              {outdated.map((p) => (
                <li key={p.name}>
                  <label>
                    <input type="checkbox" checked={picked.has(p.name)} onChange={(e) => toggle(p.name, e.target.checked)} data-testid={`outdated-${p.name}`} />
                    {p.name}{' '}
                    <span className="muted">
                      {p.current_version ?? '—'} → {p.available_version ?? '—'}
                    </span>
                    {p.is_security_update ? <span className="badge badge--danger patch-pill">Security</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}

      <div>
        <h3>Patch runs</h3>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {runs && runs.length === 0 ? (
          <p className="muted" data-testid="host-runs-empty">
            No patch runs for this host yet.
          </p>
        ) : null}
        {runs && runs.length > 0 ? (
          <table className="data-table" data-testid="host-runs">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Completed</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-testid={`host-run-${run.id}`}>
                  <td>{typeSummary(run)}</td>
                  <td>
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td>{formatTime(startedAt(run))}</td>
                  <td>{formatTime(run.completed_at)}</td>
                  <td>
                    <Link to={`/patching/runs/${encodeURIComponent(run.id)}`}>View</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p>
          <Link to="/patching?tab=runs">All patch runs</Link>
        </p>
      </div>

      {wizard ? (
        <PatchWizard
          mode={wizard}
          onClose={() => setWizard(null)}
          onFinished={(result) => {
            setWizard(null);
            setMessage(result);
            setPicked(new Set());
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </div>
  );
}
