import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { canRetryValidation, getRun, retryValidation, stopRun, type PatchRun } from '../../api/patching';
import { useAuth } from '../../auth/AuthProvider';
import { Modal } from '../../components/Modal';
import { useRunLive } from '../../hooks/useRunLive';
import { ExtraDepsPill, RunStatusBadge, formatTime, hostName, isDefaultPolicy, policyDescription, typeSummary } from './common';
import { PatchWizard } from './PatchWizard';
import { Terminal } from './Terminal';
import type { WizardMode } from './wizardSteps';
import './patching.css';

/** Statuses whose run will execute without anyone acting: Run Detail listens for its output already. */
const WAITING_TO_RUN: readonly string[] = ['queued', 'pending_validation', 'scheduled'];

/** Ch. 11 "Polling cadence": how long until the run is re-read, or null for no automatic refetch. */
export function pollInterval(run: Pick<PatchRun, 'status' | 'awaiting_post_patch_report'>, socketOpen: boolean): number | null {
  switch (run.status) {
    case 'queued':
    case 'pending_validation':
      return 3000;
    case 'running':
      return socketOpen ? 5000 : 3000;
    case 'completed':
      return run.awaiting_post_patch_report ? 3000 : null;
    default:
      return null;
  }
}

export const STOP_WARNING = 'Partially-installed packages may leave the host in an intermediate state';

export function RunDetailPage() {
  const { id = '' } = useParams();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_patching');
  const [run, setRun] = useState<PatchRun | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [actionMessage, setActionMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [dialog, setDialog] = useState<'stop' | WizardMode | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  const load = useCallback(() => {
    return getRun(id).then(
      (r) => {
        setRun(r);
        setError(null);
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setError(e instanceof Error ? e.message : 'Could not load the patch run.');
      },
    );
  }, [id]);

  useEffect(() => {
    setRun(null);
    setNotFound(false);
    void load();
  }, [load]);

  const streaming = run?.status === 'running';
  // Subscribed before the run starts too, so its first chunks arrive live: a quick run (a dry run takes a second or
  // two) would otherwise end before the next poll saw it running.
  const watching = run !== null && run !== undefined && WAITING_TO_RUN.includes(run.status);
  const live = useRunLive(id, streaming || watching, () => {
    void load();
  });
  // The socket counts as live once this subscription's snapshot arrived: a refused subscribe keeps the faster poll.
  const socketLive = live.state === 'open' && live.output !== null && !live.output.done;

  const interval = run ? pollInterval(run, streaming && socketLive) : null;
  useEffect(() => {
    if (interval === null) return undefined;
    const timer = window.setTimeout(() => {
      void load().finally(() => setTick((n) => n + 1));
    }, interval);
    return () => window.clearTimeout(timer);
  }, [interval, load, tick, run]);

  useEffect(() => {
    document.title = `${run ? hostName(run) : notFound ? 'Patch run not found' : 'Patch run'} · PatchMon`;
  }, [run, notFound]);

  if (notFound) {
    return (
      <div className="page" data-testid="run-not-found">
        <h1>Patch run not found</h1>
        <p>This patch run does not exist, or it has been deleted.</p>
        <Link to="/patching?tab=runs">Back to Runs &amp; History</Link>
      </div>
    );
  }
  if (error && !run) {
    return (
      <div className="page">
        <h1>Patch run</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!run) {
    return (
      <div className="page">
        <p className="inline-status">Loading patch run…</p>
      </div>
    );
  }

  // The socket's output is newer than the last fetch while the run streams; the persisted output is the truth after.
  // The stream's text while it is the fresher source (the run is waiting or running); the persisted output otherwise.
  const output = (streaming || watching) && live.output && live.output.text.length >= (run.shell_output ?? '').length
    ? live.output.text
    : (run.shell_output ?? '');
  const showLive = streaming && socketLive;

  const retry = async () => {
    setBusy(true);
    setActionMessage(null);
    try {
      setRun({ ...run, ...(await retryValidation(run.id)) });
      setActionMessage({ text: 'Validation re-queued.', error: false });
    } catch (e) {
      setActionMessage({ text: e instanceof Error ? e.message : 'Could not retry the validation.', error: true });
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(run.shell_output ?? '');
      setCopied('Copied');
    } catch {
      setCopied('Could not copy');
    }
  };

  const approveMode: WizardMode = { kind: 'approve', runs: [run] };
  const approvable = run.status === 'validated' || run.status === 'pending_approval';
  const policy = run.policy_snapshot;

  return (
    <div className="page page--wide run-detail">
      <div className="page-header page-header--actions">
        <div>
          <p>
            <Link to="/patching?tab=runs" aria-label="Back to Runs & History" data-testid="run-back">
              ← Runs &amp; History
            </Link>
          </p>
          <h1 data-testid="run-host">{hostName(run)}</h1>
          <p className="host-chips" data-testid="run-subtitle">
            <span>{typeSummary(run)}</span>
            {run.dry_run ? <span className="badge badge--muted">Dry run</span> : null}
            <RunStatusBadge status={run.status} />
            <ExtraDepsPill run={run} />
            {run.post_patch_report_received ? (
              <span className="badge badge--success patch-pill" data-testid="post-patch-pill">
                New report received
              </span>
            ) : run.awaiting_post_patch_report ? (
              <span className="badge badge--muted patch-pill" data-testid="post-patch-pill">
                Awaiting inventory report
              </span>
            ) : null}
            {showLive ? (
              <span className="live-pill" data-testid="live-pill">
                Live
              </span>
            ) : null}
          </p>
        </div>
        {canManage ? (
          <div className="bulk-toolbar">
            {approvable ? (
              <button type="button" className="button" onClick={() => setDialog(approveMode)} data-testid="run-approve">
                Approve &amp; Patch
              </button>
            ) : null}
            {canRetryValidation(run) ? (
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void retry()} data-testid="run-retry">
                Retry Validation
              </button>
            ) : null}
            {run.status === 'pending_validation' ? (
              <button type="button" className="button button--amber" onClick={() => setDialog(approveMode)} data-testid="run-skip">
                Skip &amp; Patch
              </button>
            ) : null}
            {run.status === 'running' ? (
              <button type="button" className="button button--danger" onClick={() => setDialog('stop')} data-testid="run-stop">
                Stop Run
              </button>
            ) : null}
          </div>
        ) : null}
      </div>

      {actionMessage ? (
        <p className={actionMessage.error ? 'form-error' : 'inline-status'} role={actionMessage.error ? 'alert' : 'status'} data-testid="run-action-message">
          {actionMessage.text}
        </p>
      ) : null}

      <div className="run-detail__layout">
        <aside className="card run-summary" data-testid="run-summary">
          <h2 className="card-title">Run summary</h2>
          <dl className="facts">
            <dt>Host</dt>
            <dd>
              <Link to={`/hosts/${encodeURIComponent(run.host_id)}`} data-testid="summary-host">
                {hostName(run)}
              </Link>
            </dd>
            <dt>Type</dt>
            <dd>{run.patch_type === 'patch_all' ? 'Patch all' : `Patch package${run.dry_run ? ' (dry run)' : ''}`}</dd>
            <dt>Initiated by</dt>
            <dd>{run.initiated_by ?? '—'}</dd>
            <dt>Approved by</dt>
            <dd>{run.approved_by ?? '—'}</dd>
            <dt>Started</dt>
            <dd>{formatTime(run.started_at) || '—'}</dd>
            <dt>Completed</dt>
            <dd>{formatTime(run.completed_at) || '—'}</dd>
            {run.scheduled_at ? (
              <>
                <dt>Scheduled for</dt>
                <dd data-testid="summary-scheduled">{formatTime(run.scheduled_at)}</dd>
              </>
            ) : null}
            {run.validation_run_id ? (
              <>
                <dt>Validation</dt>
                <dd>
                  <Link to={`/patching/runs/${encodeURIComponent(run.validation_run_id)}`} data-testid="summary-validation-run">
                    View validation run
                  </Link>
                </dd>
              </>
            ) : null}
            {run.approved_run_id ? (
              <>
                <dt>Patch run</dt>
                <dd>
                  <Link to={`/patching/runs/${encodeURIComponent(run.approved_run_id)}`} data-testid="summary-created-run">
                    View the patch run it created
                  </Link>
                </dd>
              </>
            ) : null}
            <dt>Patch policy</dt>
            <dd data-testid="summary-policy">
              {isDefaultPolicy(policy) ? (
                'Default policy. Runs immediately on trigger.'
              ) : (
                <>
                  {run.policy_name ?? policy!.name}
                  <br />
                  <span className="muted">{policyDescription(policy!)}</span>
                  {run.schedule_override === 'immediate' ? <span className="muted"> · overridden: run immediately</span> : null}
                </>
              )}
            </dd>
          </dl>
          <h3>Packages affected</h3>
          {(run.packages_affected ?? []).length === 0 ? (
            <p className="muted" data-testid="packages-affected-empty">
              {run.package_names && run.package_names.length > 0 ? run.package_names.join(', ') : 'Not reported yet.'}
            </p>
          ) : (
            <ul className="packages-affected" data-testid="packages-affected">
              {run.packages_affected!.map((p) => (
                <li key={`${p.name}-${p.arch ?? ''}`}>
                  <strong>{p.name}</strong>
                  {p.current_version || p.new_version ? (
                    <span className="muted">
                      {' '}
                      {p.current_version ?? '—'} → {p.new_version ?? '—'}
                    </span>
                  ) : null}
                  {p.dependency ? <span className="badge badge--warning patch-pill">dependency</span> : null}
                </li>
              ))}
            </ul>
          )}
        </aside>

        <section className="run-detail__main">
          {run.status === 'pending_validation' ? (
            <div className="notice notice--warning" role="status" data-testid="run-banner">
              <strong>Validation pending. Host may be offline.</strong> Retry the validation once the host is back, or skip
              validation with Skip &amp; Patch.
            </div>
          ) : null}
          {run.status === 'pending_approval' ? (
            <div className="notice" role="status" data-testid="run-banner">
              <strong>Awaiting approval.</strong> This run was submitted for approval and needs a second reviewer before it is
              queued.
            </div>
          ) : null}
          {run.status === 'validated' ? (
            <div className="notice" role="status" data-testid="run-banner">
              <strong>Validation complete. Approval required.</strong>
              {run.extra_deps
                ? ` Dependency resolution adds ${run.extra_deps_count} package${run.extra_deps_count === 1 ? '' : 's'} you did not ask for; review Packages affected.`
                : ' Review the dry-run output, then approve to patch.'}
            </div>
          ) : null}
          {run.error_message ? (
            <div className="notice notice--danger" role="alert" data-testid="run-error">
              <strong>Error</strong>
              <p>{run.error_message}</p>
            </div>
          ) : null}

          <div className="run-terminal__header">
            <h2 className="card-title">Shell output</h2>
            {run.status !== 'queued' && run.status !== 'running' ? (
              <span>
                <button type="button" className="button button--secondary" onClick={() => void copy()} data-testid="copy-output">
                  Copy output
                </button>{' '}
                <span role="status" className="muted" data-testid="copy-status">
                  {copied}
                </span>
              </span>
            ) : null}
          </div>
          <Terminal output={output} />
        </section>
      </div>

      {dialog === 'stop' ? (
        <StopDialog
          onClose={() => setDialog(null)}
          onStop={async () => {
            await stopRun(run.id);
            setActionMessage({ text: 'Stop requested.', error: false });
            setDialog(null);
            void load();
          }}
        />
      ) : null}
      {dialog && dialog !== 'stop' ? (
        <PatchWizard
          mode={dialog}
          onClose={() => setDialog(null)}
          onFinished={(result) => {
            setDialog(null);
            setActionMessage({ text: result.message, error: result.failed.length > 0 });
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

function StopDialog({ onClose, onStop }: { onClose: () => void; onStop: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Stop this run?" onClose={onClose} busy={busy} testId="stop-dialog">
      <div className="modal__body">
        <p className="warning-box" data-testid="stop-warning">
          {STOP_WARNING}. Interrupting apt or dnf mid-transaction can leave dpkg or rpmdb needing manual repair.
        </p>
        {error ? (
          <p className="form-error" role="alert" data-testid="stop-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          data-testid="stop-confirm"
          onClick={() => {
            setBusy(true);
            setError(null);
            onStop().catch((e: unknown) => {
              setError(e instanceof Error ? e.message : 'Could not stop the run.');
              setBusy(false);
            });
          }}
        >
          Stop Run
        </button>
      </div>
    </Modal>
  );
}
