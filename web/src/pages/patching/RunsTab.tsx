import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listHosts, type Host } from '../../api/hosts';
import {
  bulkDeleteRuns,
  canRetryValidation,
  deleteRun,
  isApprovable,
  isDeletable,
  listRuns,
  retryValidation,
  type PatchRun,
  type PatchType,
  type RunList,
  type RunStatusFilter,
} from '../../api/patching';
import { useAuth } from '../../auth/AuthProvider';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Pager } from '../packages/common';
import { ExtraDepsPill, RunStatusBadge, STATUS_FILTERS, STATUS_LABELS, TYPE_FILTERS, formatTime, hostName, startedAt, typeSummary } from './common';
import { PatchWizard, approvedMessage } from './PatchWizard';
import type { WizardMode } from './wizardSteps';
import '../packages/packages.css';

/** Where the chosen page size is kept between visits (ch. 11). */
export const RUNS_LIMIT_KEY = 'patching-runs-limit';
const PAGE_SIZES = [25, 50, 100, 200];

function storedLimit(): number {
  const value = Number(window.localStorage.getItem(RUNS_LIMIT_KEY));
  return PAGE_SIZES.includes(value) ? value : 25;
}

type Banner = { text: string; tone: 'success' | 'danger'; details?: string[] };

export function RunsTab() {
  const [params, setParams] = useSearchParams();
  /** Several query keys at once (an empty value removes the key); the tab and other keys stay. */
  const update = (changes: Record<string, string>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        Object.entries(changes).forEach(([key, value]) => (value ? next.set(key, value) : next.delete(key)));
        return next;
      },
      { replace: true },
    );
  const { hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_patching');
  const status = params.get('status') ?? '';
  const type = params.get('type') ?? '';
  const hostId = params.get('host_id') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [limit, setLimit] = useState(storedLimit);
  const [list, setList] = useState<RunList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [toDelete, setToDelete] = useState<Map<string, PatchRun>>(new Map());
  const [toApprove, setToApprove] = useState<Map<string, PatchRun>>(new Map());
  const [wizard, setWizard] = useState<WizardMode | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [rowToDelete, setRowToDelete] = useState<PatchRun | null>(null);
  const [hosts, setHosts] = useState<Host[]>([]);
  const [banner, setBanner] = useState<Banner | null>(null);

  useEffect(() => {
    let stale = false;
    setError(null);
    listRuns({
      limit,
      offset: (page - 1) * limit,
      status: (status || undefined) as RunStatusFilter | undefined,
      type: (type || undefined) as PatchType | undefined,
      host_id: hostId || undefined,
    }).then(
      (answer) => !stale && setList(answer),
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : 'Could not load the patch runs.'),
    );
    return () => {
      stale = true;
    };
  }, [status, type, hostId, page, limit, reload]);

  useEffect(() => {
    let stale = false;
    listHosts().then(
      (all) => !stale && setHosts(all),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, []);

  // A new filter starts again at page 1.
  const setFilter = (key: 'status' | 'type' | 'host_id', value: string) => update({ [key]: value, page: '' });
  const clearFilters = () => update({ status: '', type: '', host_id: '', page: '' });
  const refresh = () => {
    setToDelete(new Map());
    setToApprove(new Map());
    setReload((n) => n + 1);
  };

  const runs = list?.runs ?? [];
  const filtered = Boolean(status || type || hostId);
  const pages = list ? Math.ceil(list.total / limit) : 0;
  const deletable = runs.filter(isDeletable);
  const approvable = runs.filter(isApprovable);

  const toggle = (set: Map<string, PatchRun>, update: (m: Map<string, PatchRun>) => void, run: PatchRun, on: boolean) => {
    const next = new Map(set);
    if (on) next.set(run.id, run);
    else next.delete(run.id);
    update(next);
  };
  const toggleAll = (rows: PatchRun[], set: Map<string, PatchRun>, update: (m: Map<string, PatchRun>) => void, on: boolean) => {
    const next = new Map(set);
    rows.forEach((r) => (on ? next.set(r.id, r) : next.delete(r.id)));
    update(next);
  };

  const retry = async (run: PatchRun) => {
    setBanner(null);
    try {
      await retryValidation(run.id);
      setBanner({ text: `Validation re-queued for ${hostName(run)}`, tone: 'success' });
      refresh();
    } catch (e) {
      setBanner({ text: e instanceof Error ? e.message : 'Could not retry the validation.', tone: 'danger' });
    }
  };

  // Both deletes end in the page's banner (the API's error text on a refusal), never inside the dialog.
  const deleteSelected = async () => {
    try {
      const answer = await bulkDeleteRuns(Array.from(toDelete.keys()));
      const failed = answer.failed.length;
      setBanner({
        text: failed > 0 ? `Deleted ${answer.deleted.length}, ${failed} failed` : `Deleted ${answer.deleted.length}`,
        tone: failed > 0 ? 'danger' : 'success',
        details: answer.failed.map((f) => `${hostName(toDelete.get(f.id) ?? { host_id: f.id })}: ${f.error}`),
      });
      refresh();
    } catch (e) {
      setBanner({ text: e instanceof Error ? e.message : 'Could not delete the runs.', tone: 'danger' });
    }
  };

  const deleteOne = async (run: PatchRun) => {
    try {
      await deleteRun(run.id);
      setBanner({ text: `Deleted the ${typeSummary(run)} run on ${hostName(run)}`, tone: 'success' });
      refresh();
    } catch (e) {
      setBanner({ text: e instanceof Error ? e.message : 'Could not delete the run.', tone: 'danger' });
    }
  };

  const allChecked = (rows: PatchRun[], set: Map<string, PatchRun>) => rows.length > 0 && rows.every((r) => set.has(r.id));

  return (
    <div data-testid="runs-tab">
      <div className="table-toolbar">
        <label className="field">
          <span className="field__label">Status</span>
          <select className="field__input" value={status} onChange={(e) => setFilter('status', e.target.value)} data-testid="runs-status-filter">
            {STATUS_FILTERS.map(([value, label]) => (
              <option key={value || 'all'} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Type</span>
          <select className="field__input" value={type} onChange={(e) => setFilter('type', e.target.value)} data-testid="runs-type-filter">
            {TYPE_FILTERS.map(([value, label]) => (
              <option key={value || 'all'} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Host</span>
          <select className="field__input" value={hostId} onChange={(e) => setFilter('host_id', e.target.value)} data-testid="runs-host-filter">
            <option value="">All</option>
            {hostId && !hosts.some((h) => h.id === hostId) ? <option value={hostId}>{hostId}</option> : null}
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.friendly_name || h.hostname || h.id}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <button type="button" className="link-button" onClick={clearFilters} data-testid="runs-clear-filters">
            Clear filters
          </button>
        ) : null}
      </div>

      {banner ? (
        <div className={`notice notice--${banner.tone}`} role="status" data-testid="runs-banner">
          {banner.text}
          {banner.details && banner.details.length > 0 ? (
            <ul>
              {banner.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {canManage && (toDelete.size > 0 || toApprove.size > 0) ? (
        <div className="bulk-toolbar" data-testid="runs-bulk-bar">
          {toDelete.size > 0 ? (
            <>
              <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)} data-testid="bulk-delete">
                Delete {toDelete.size} selected
              </button>
              <button type="button" className="button button--secondary" onClick={() => setToDelete(new Map())} data-testid="clear-delete">
                Clear delete
              </button>
            </>
          ) : null}
          {toApprove.size > 0 ? (
            <>
              <button
                type="button"
                className="button"
                onClick={() => setWizard({ kind: 'approve', runs: Array.from(toApprove.values()) })}
                data-testid="bulk-approve"
              >
                Approve {toApprove.size} selected
              </button>
              <button type="button" className="button button--secondary" onClick={() => setToApprove(new Map())} data-testid="clear-approve">
                Clear approve
              </button>
            </>
          ) : null}
        </div>
      ) : null}

      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}

      <div className="data-table__wrap">
        <table className="data-table runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">
                {canManage && deletable.length > 0 ? (
                  <input
                    type="checkbox"
                    aria-label="Select all deletable runs on this page"
                    checked={allChecked(deletable, toDelete)}
                    onChange={(e) => toggleAll(deletable, toDelete, setToDelete, e.target.checked)}
                    data-testid="select-all-delete"
                  />
                ) : (
                  <span className="visually-hidden">Delete</span>
                )}
              </th>
              <th scope="col">
                {canManage && approvable.length > 0 ? (
                  <input
                    type="checkbox"
                    aria-label="Select all approvable runs on this page"
                    checked={allChecked(approvable, toApprove)}
                    onChange={(e) => toggleAll(approvable, toApprove, setToApprove, e.target.checked)}
                    data-testid="select-all-approve"
                  />
                ) : (
                  <span className="visually-hidden">Approve</span>
                )}
              </th>
              <th scope="col">Host</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Initiated by</th>
              <th scope="col">Started</th>
              <th scope="col">Completed</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list && runs.length === 0 ? (
              <tr>
                <td colSpan={9} className="table-empty" data-testid="runs-empty">
                  {filtered ? (
                    <>
                      <strong>No runs match your filters</strong>
                      <br />
                      Try a different status, type or host, or clear the filters.
                    </>
                  ) : (
                    'No patch runs yet. Patch runs triggered from the Overview tab or from host detail pages will appear here.'
                  )}
                </td>
              </tr>
            ) : null}
            {runs.map((run) => (
              <tr key={run.id} data-testid={`run-row-${run.id}`} data-status={run.status}>
                <td data-label="Delete">
                  {canManage && isDeletable(run) ? (
                    <input
                      type="checkbox"
                      aria-label={`Select ${hostName(run)} for delete`}
                      checked={toDelete.has(run.id)}
                      onChange={(e) => toggle(toDelete, setToDelete, run, e.target.checked)}
                      data-testid="row-delete"
                    />
                  ) : null}
                </td>
                <td data-label="Approve">
                  {canManage && isApprovable(run) ? (
                    <input
                      type="checkbox"
                      aria-label={`Select ${hostName(run)} for approval`}
                      checked={toApprove.has(run.id)}
                      onChange={(e) => toggle(toApprove, setToApprove, run, e.target.checked)}
                      data-testid="row-approve"
                    />
                  ) : null}
                </td>
                <td className="data-table__primary" data-label="Host" data-testid="row-host">
                  {hostName(run)}
                </td>
                <td data-label="Type" data-testid="row-type">
                  {typeSummary(run)}
                </td>
                <td data-label="Status">
                  <RunStatusBadge status={run.status} /> <ExtraDepsPill run={run} />
                </td>
                <td data-label="Initiated by">{run.initiated_by ?? ''}</td>
                <td data-label="Started" data-testid="row-started" title={startedAt(run) ?? undefined}>
                  {formatTime(startedAt(run))}
                </td>
                <td data-label="Completed" data-testid="row-completed">
                  {formatTime(run.completed_at)}
                </td>
                <td className="runs-table__actions" data-label="Actions">
                  {canManage && canRetryValidation(run) && run.status === 'pending_validation' ? (
                    <button type="button" className="button button--secondary" onClick={() => void retry(run)} data-testid="row-retry">
                      Retry
                    </button>
                  ) : null}
                  {canManage && run.status === 'pending_validation' ? (
                    <button type="button" className="button button--amber" onClick={() => setWizard({ kind: 'approve', runs: [run] })} data-testid="row-skip">
                      Skip &amp; Patch
                    </button>
                  ) : null}
                  {canManage && (run.status === 'pending_approval' || run.status === 'validated') ? (
                    <button type="button" className="button" onClick={() => setWizard({ kind: 'approve', runs: [run] })} data-testid="row-approve-button">
                      Approve
                    </button>
                  ) : null}
                  <Link className="button button--secondary" to={`/patching/runs/${encodeURIComponent(run.id)}`} data-testid="row-view">
                    View
                  </Link>
                  {canManage && isDeletable(run) ? (
                    <button
                      type="button"
                      className="button button--danger"
                      aria-label={`Delete the run on ${hostName(run)}`}
                      onClick={() => {
                        setBanner(null);
                        setRowToDelete(run);
                      }}
                      data-testid="row-delete-button"
                    >
                      Delete
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {list ? (
        <Pager
          page={page}
          pages={pages}
          total={list.total}
          limit={limit}
          onPage={(p) => update({ page: p > 1 ? String(p) : '' })}
          onLimit={(n) => {
            window.localStorage.setItem(RUNS_LIMIT_KEY, String(n));
            setLimit(n);
            update({ page: '' });
          }}
          testId="runs-pager"
        />
      ) : null}

      {confirmDelete ? (
        <ConfirmDialog
          title="Delete patch runs"
          testId="bulk-delete-dialog"
          confirmLabel="Delete"
          confirmTestId="bulk-delete-confirm"
          onConfirm={deleteSelected}
          onDone={() => setConfirmDelete(false)}
          onClose={() => setConfirmDelete(false)}
          errorFallback="Could not delete the runs."
        >
          <p className="modal__text">
            Delete {toDelete.size} run{toDelete.size === 1 ? '' : 's'}? Scheduled runs are removed from the queue and will not
            fire.
          </p>
        </ConfirmDialog>
      ) : null}
      {rowToDelete ? (
        <ConfirmDialog
          title="Delete patch run"
          testId="row-delete-dialog"
          confirmLabel="Delete"
          confirmTestId="row-delete-confirm"
          onConfirm={() => deleteOne(rowToDelete)}
          onDone={() => setRowToDelete(null)}
          onClose={() => setRowToDelete(null)}
          errorFallback="Could not delete the run."
        >
          <p className="modal__text">
            Delete the <strong>{typeSummary(rowToDelete)}</strong> run on <strong>{hostName(rowToDelete)}</strong> (
            {STATUS_LABELS[rowToDelete.status]})? {rowToDelete.status === 'scheduled' ? 'It is removed from the queue and will not fire.' : 'It will not run.'}
          </p>
        </ConfirmDialog>
      ) : null}
      {wizard ? (
        <PatchWizard
          mode={wizard}
          onClose={() => setWizard(null)}
          onFinished={(result) => {
            setWizard(null);
            setBanner({
              text: result.message || approvedMessage(result.runs.length, result.failed.length),
              tone: result.failed.length > 0 ? 'danger' : 'success',
              details: result.failed.map((f) => `${f.id}: ${f.error}`),
            });
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}
