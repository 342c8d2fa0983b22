import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { listHostGroups, listHosts, type Host, type HostGroup } from '../../api/hosts';
import { listPackageHosts } from '../../api/packages';
import {
  approveRun,
  bulkApproveRuns,
  canRetryValidation,
  getRun,
  retryValidation,
  previewRun,
  triggerRuns,
  type ApproveAnswer,
  type BulkFailure,
  type PatchRun,
  type RunPreview,
  type ScheduleOverride,
} from '../../api/patching';
import { Modal } from '../../components/Modal';
import { ExtraDepsPill, RunStatusBadge, clockTime, formatTime, hostName, typeSummary } from './common';
import {
  WIZARD_STEPS,
  isStepShown,
  neighbourStep,
  runPool,
  shownSteps,
  type WizardHost,
  type WizardMode,
  type WizardStep,
} from './wizardSteps';

/** Ch. 9 Flow C: dry-runs fan out at most this many at a time. */
export const VALIDATION_CONCURRENCY = 5;
/** How often the Validate step re-reads each dry-run until it ends. */
export const VALIDATION_POLL_MS = 2000;
const PACKAGE_HOSTS_PAGE = 100;
/** POST /patching/trigger takes at most this many host_ids. */
const TRIGGER_MAX_HOSTS = 100;
/** Statuses that end a dry-run's wait on the Validate step. */
const VALIDATION_DONE = ['validated', 'dry_run_completed', 'failed', 'cancelled', 'approved'];

/** What a finished wizard reports back (the page shows "Approved 5, 1 failed"). */
export interface WizardResult {
  message: string;
  runs: PatchRun[];
  failed: BulkFailure[];
}

/** One host the wizard acts on, with the run it approves when there is one. */
interface Target {
  key: string;
  host: WizardHost;
  run?: PatchRun;
}

interface Validation {
  host: WizardHost;
  run?: PatchRun;
  error?: string;
}

const errorText = (e: unknown, fallback: string) => (e instanceof Error && e.message ? e.message : fallback);

export function approvedMessage(approved: number, failed: number): string {
  return failed > 0 ? `Approved ${approved}, ${failed} failed` : `Approved ${approved}`;
}

/** "Runs at 03:00 Europe/London via Nightly", or immediately. */
export function timingText(preview: RunPreview | undefined, immediate: boolean): string {
  const via = preview?.policy ? ` via ${preview.policy.name}` : '';
  if (immediate) return 'Runs immediately (override)';
  if (!preview) return 'Checking the effective policy…';
  if (preview.immediate || !preview.run_at_iso) return `Runs immediately${via}`;
  const { time, zone } = clockTime(preview.run_at_iso, preview.policy?.timezone);
  return `Runs at ${time} ${zone}${via}`;
}

function hostOfRun(run: PatchRun): WizardHost {
  return { id: run.host_id, name: hostName(run) };
}

const wizardHost = (h: Pick<Host, 'id' | 'friendly_name' | 'hostname'>): WizardHost => ({ id: h.id, name: h.friendly_name || h.hostname || h.id });

/** A group's members that Patch all can target (Windows hosts are patched on their own path, as on the Overview). */
async function groupMembers(groupId: string): Promise<WizardHost[]> {
  const members = await listHosts({ group: groupId });
  return members.filter((h) => h.os_family !== 'windows').map(wizardHost);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** "Patch all on 3 hosts of production: 2 queued, 1 scheduled". */
function groupMessage(group: string, runs: PatchRun[]): string {
  const counts = new Map<string, number>();
  runs.forEach((r) => counts.set(r.status, (counts.get(r.status) ?? 0) + 1));
  const parts = Array.from(counts, ([status, n]) => `${n} ${status.replace(/_/g, ' ')}`);
  return `Patch all on ${runs.length} host${runs.length === 1 ? '' : 's'} of ${group}: ${parts.join(', ')}`;
}

export function PatchWizard({
  mode,
  onClose,
  onFinished,
}: {
  mode: WizardMode;
  onClose: () => void;
  /** Called after a submit that did not navigate to a run (more than one run, or a delayed one). */
  onFinished: (result: WizardResult) => void;
}) {
  const navigate = useNavigate();
  const [step, setStep] = useState<WizardStep>(() => shownSteps(mode)[0]!);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Hosts step (fleet rollout): the hosts whose inventory says the package needs an update.
  const [fleetHosts, setFleetHosts] = useState<WizardHost[] | null>(null);
  const [pickedHosts, setPickedHosts] = useState<Set<string>>(new Set());
  // Host group target: the members as of opening (Timing previews them); read again on submit.
  const [members, setMembers] = useState<WizardHost[] | null>(null);
  // Packages step: the list to trim.
  const initialPackages =
    mode.kind === 'host' && mode.patchType === 'patch_package' ? mode.packages : mode.kind === 'fleet' ? [mode.packageName] : [];
  const [pickedPackages, setPickedPackages] = useState<Set<string>>(new Set(initialPackages));
  // Validate step.
  const [validations, setValidations] = useState<Validation[] | null>(null);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  // Timing and Approval.
  const [previews, setPreviews] = useState<Record<string, RunPreview>>({});
  const [previewErrors, setPreviewErrors] = useState<Record<string, string>>({});
  const [immediate, setImmediate] = useState<Set<string>>(new Set());
  const [approval, setApproval] = useState<'approve' | 'submit'>('approve');
  const [submitForApproval, setSubmitForApproval] = useState(false);

  const packages = initialPackages.filter((p) => pickedPackages.has(p));

  const fleetPackageId = mode.kind === 'fleet' ? mode.packageId : null;
  useEffect(() => {
    if (fleetPackageId === null) return undefined;
    let stale = false;
    const load = async () => {
      const all: WizardHost[] = [];
      for (let page = 1; ; page += 1) {
        const answer = await listPackageHosts(fleetPackageId, { only_pending: true, page, limit: PACKAGE_HOSTS_PAGE });
        all.push(...answer.hosts.filter((h) => h.needs_update).map((h) => ({ id: h.host_id, name: h.friendly_name || h.hostname || h.host_id })));
        if (page >= answer.pagination.pages) break;
      }
      return all;
    };
    load().then(
      (hosts) => !stale && setFleetHosts(hosts),
      (e: unknown) => {
        if (stale) return;
        setFleetHosts([]);
        setError(errorText(e, 'Could not load the hosts needing this package.'));
      },
    );
    return () => {
      stale = true;
    };
  }, [fleetPackageId]);

  const targetGroupId = mode.kind === 'group' ? mode.group.id : null;
  useEffect(() => {
    if (targetGroupId === null) return undefined;
    let stale = false;
    groupMembers(targetGroupId).then(
      (hosts) => !stale && setMembers(hosts),
      (e: unknown) => {
        if (stale) return;
        setMembers([]);
        setError(errorText(e, "Could not load the group's hosts."));
      },
    );
    return () => {
      stale = true;
    };
  }, [targetGroupId]);

  // Dry-runs are re-read until each ends, while the Validate step is open.
  const waiting = (validations ?? []).filter((v) => v.run && !VALIDATION_DONE.includes(v.run.status)).map((v) => v.run!.id);
  const waitingKey = waiting.join(',');
  useEffect(() => {
    if (step !== 'validate' || !waitingKey) return undefined;
    let stale = false;
    const timer = window.setTimeout(() => {
      void Promise.all(
        waitingKey.split(',').map((id) =>
          getRun(id).then(
            (run) => run,
            () => null,
          ),
        ),
      ).then((runs) => {
        if (stale) return;
        setValidations((current) =>
          (current ?? []).map((v) => {
            const fresh = runs.find((r) => r && v.run && r.id === v.run.id);
            return fresh ? { ...v, run: fresh } : v;
          }),
        );
      });
    }, VALIDATION_POLL_MS);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [step, waitingKey, validations]);

  /** The hosts (and runs) that reach Timing and Submit. */
  const targets: Target[] = useMemo(() => {
    if (mode.kind === 'approve') return mode.runs.map((run) => ({ key: run.id, host: hostOfRun(run), run }));
    if (mode.kind === 'host' && mode.patchType === 'patch_all') return [{ key: mode.host.id, host: mode.host }];
    if (mode.kind === 'group') return (members ?? []).map((host) => ({ key: host.id, host }));
    return (validations ?? [])
      .filter((v) => v.run && v.run.status === 'validated' && !excluded.has(v.host.id))
      .map((v) => ({ key: v.run!.id, host: v.host, run: v.run }));
  }, [mode, validations, excluded, members]);

  const targetHostKey = targets.map((t) => t.host.id).join(',');
  useEffect(() => {
    if (step !== 'timing' || !targetHostKey) return undefined;
    let stale = false;
    const ids = Array.from(new Set(targetHostKey.split(',')));
    ids.forEach((hostId) =>
      previewRun(hostId).then(
        (preview) => !stale && setPreviews((p) => ({ ...p, [hostId]: preview })),
        (e: unknown) => !stale && setPreviewErrors((p) => ({ ...p, [hostId]: errorText(e, 'Could not read the effective policy.') })),
      ),
    );
    return () => {
      stale = true;
    };
  }, [step, targetHostKey]);

  const validationHosts = (): WizardHost[] => {
    if (mode.kind === 'fleet') return (fleetHosts ?? []).filter((h) => pickedHosts.has(h.id));
    if (mode.kind === 'host') return [mode.host];
    return [];
  };

  /** Patch all on the group's members as they are now, split by the Run immediately choice and the trigger's limit. */
  const triggerGroup = async (group: WizardHost) => {
    const hosts = await groupMembers(group.id);
    if (hosts.length === 0) throw new Error(`${group.name} has no hosts to patch.`);
    const batches = [true, false].flatMap((now) =>
      chunks(
        hosts.filter((h) => immediate.has(h.id) === now).map((h) => h.id),
        TRIGGER_MAX_HOSTS,
      ).map((ids) => ({ ids, now })),
    );
    const runs: PatchRun[] = [];
    for (const { ids, now } of batches) {
      const answer = await triggerRuns({
        host_ids: ids,
        patch_type: 'patch_all',
        ...(submitForApproval ? { submit_for_approval: true } : {}),
        ...(now ? { schedule_override: 'immediate' as const } : {}),
      });
      runs.push(...answer.runs);
    }
    finish(runs, [], groupMessage(group.name, runs));
  };

  const runDryRuns = async () => {
    const hosts = validationHosts();
    setError(null);
    setBusy(true);
    setValidations(hosts.map((host) => ({ host })));
    await runPool(hosts, VALIDATION_CONCURRENCY, async (host) => {
      let result: Validation;
      try {
        const answer = await triggerRuns({ host_ids: [host.id], patch_type: 'patch_package', package_names: packages, dry_run: true });
        result = { host, run: answer.runs[0] };
      } catch (e) {
        result = { host, error: errorText(e, 'Could not start the dry-run.') };
      }
      setValidations((current) => (current ?? []).map((v) => (v.host.id === host.id ? result : v)));
      return result;
    });
    setBusy(false);
  };

  const canAdvance = (): boolean => {
    switch (step) {
      case 'hosts':
        return pickedHosts.size > 0;
      case 'packages':
        return packages.length > 0;
      case 'validate':
        return !busy && targets.length > 0;
      default:
        return true;
    }
  };

  const finish = (runs: PatchRun[], failed: BulkFailure[], message: string) => {
    const started = runs.filter((r) => r.status === 'queued' || r.status === 'running');
    if (runs.length === 1 && failed.length === 0 && started.length === 1) {
      navigate(`/patching/runs/${encodeURIComponent(started[0]!.id)}`);
      onClose();
      return;
    }
    onFinished({ message, runs, failed });
  };

  const overrideFor = (target: Target): ScheduleOverride | undefined => (immediate.has(target.key) ? 'immediate' : undefined);

  const approveEach = async (list: Target[]) => {
    const answers = await runPool(list, VALIDATION_CONCURRENCY, async (t) => {
      try {
        return { ok: (await approveRun(t.run!.id, overrideFor(t))) as ApproveAnswer };
      } catch (e) {
        return { failed: { id: t.run!.id, error: errorText(e, 'Could not approve the run.') } };
      }
    });
    const runs = answers.flatMap((a) => ('ok' in a && a.ok ? [a.ok.run] : []));
    const failed = answers.flatMap((a) => ('failed' in a && a.failed ? [a.failed] : []));
    return { runs, failed };
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (mode.kind === 'host' && mode.patchType === 'patch_all') {
        const answer = await triggerRuns({
          host_ids: [mode.host.id],
          patch_type: 'patch_all',
          ...(submitForApproval ? { submit_for_approval: true } : {}),
          ...(immediate.has(mode.host.id) ? { schedule_override: 'immediate' as const } : {}),
        });
        const run = answer.runs[0]!;
        finish(
          answer.runs,
          [],
          run.status === 'pending_approval'
            ? `Submitted ${hostName(run)} for approval`
            : run.status === 'scheduled'
              ? `Scheduled ${typeSummary(run)} on ${hostName(run)} for ${formatTime(run.scheduled_at)}`
              : `Queued ${typeSummary(run)} on ${hostName(run)}`,
        );
      } else if (mode.kind === 'group') {
        await triggerGroup(mode.group);
      } else if (mode.kind === 'approve') {
        if (targets.length === 1) {
          const { runs, failed } = await approveEach(targets);
          if (failed.length > 0) throw new Error(failed[0]!.error);
          finish(runs, failed, approvedMessage(runs.length, 0));
        } else {
          const groups: [ScheduleOverride | undefined, string[]][] = [
            ['immediate', targets.filter((t) => immediate.has(t.key)).map((t) => t.run!.id)],
            [undefined, targets.filter((t) => !immediate.has(t.key)).map((t) => t.run!.id)],
          ];
          const runs: PatchRun[] = [];
          const failed: BulkFailure[] = [];
          for (const [override, ids] of groups) {
            if (ids.length === 0) continue;
            const answer = await bulkApproveRuns(ids, override);
            runs.push(...answer.approved.map((a) => a.run));
            failed.push(...answer.failed);
          }
          finish(runs, failed, approvedMessage(runs.length, failed.length));
        }
      } else if (approval === 'submit') {
        onFinished({
          message: `${targets.length} validated run${targets.length === 1 ? '' : 's'} awaiting approval`,
          runs: targets.map((t) => t.run!),
          failed: [],
        });
      } else {
        const { runs, failed } = await approveEach(targets);
        if (targets.length === 1 && failed.length > 0) throw new Error(failed[0]!.error);
        finish(runs, failed, approvedMessage(runs.length, failed.length));
      }
    } catch (e) {
      setError(errorText(e, 'The patch could not be submitted.'));
    } finally {
      setBusy(false);
    }
  };

  const next = neighbourStep(step, mode, 1);
  const back = neighbourStep(step, mode, -1);
  const backLocked = step === 'validate' && validations !== null;
  const title =
    mode.kind === 'approve'
      ? 'Approve patch run'
      : mode.kind === 'fleet'
        ? `Patch ${mode.packageName}`
        : mode.kind === 'group'
          ? `Patch all on group ${mode.group.name}`
        : mode.patchType === 'patch_all'
          ? `Patch all on ${mode.host.name}`
          : `Patch packages on ${mode.host.name}`;

  return (
    <Modal title={title} onClose={onClose} busy={busy} testId="patch-wizard" size="wide">
      <div className="modal__body">
        <ol className="wizard-steps patch-wizard-steps" data-testid="wizard-steps">
          {WIZARD_STEPS.map((s, index) => {
            const shown = isStepShown(s.id, mode);
            return (
              <li
                key={s.id}
                className={shown ? undefined : 'wizard-step--skipped'}
                data-testid={`wizard-step-${s.id}`}
                data-skipped={shown ? undefined : 'true'}
                aria-current={s.id === step ? 'step' : undefined}
              >
                {index + 1}. {s.label}
              </li>
            );
          })}
        </ol>

        {step === 'hosts' ? (
          <HostsStep hosts={fleetHosts} picked={pickedHosts} onChange={setPickedHosts} onError={setError} />
        ) : null}
        {step === 'packages' ? (
          <fieldset className="patch-wizard__fieldset" data-testid="wizard-packages">
            <legend>Packages to patch</legend>
            <ul className="checkbox-list">
              {initialPackages.map((name) => (
                <li key={name}>
                  <label>
                    <input
                      type="checkbox"
                      checked={pickedPackages.has(name)}
                      onChange={(e) => {
                        const nextSet = new Set(pickedPackages);
                        if (e.target.checked) nextSet.add(name);
                        else nextSet.delete(name);
                        setPickedPackages(nextSet);
                      }}
                      data-testid={`wizard-package-${name}`}
                    />
                    {name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        {step === 'validate' ? (
          <ValidateStep
            packages={packages}
            validations={validations}
            excluded={excluded}
            busy={busy}
            onRun={() => void runDryRuns()}
            onRetry={(run) => {
              retryValidation(run.id).then(
                (fresh) => setValidations((current) => (current ?? []).map((v) => (v.run?.id === run.id ? { ...v, run: fresh } : v))),
                (e: unknown) => setError(errorText(e, 'Could not retry the validation.')),
              );
            }}
            onExclude={(hostId, exclude) => {
              const nextSet = new Set(excluded);
              if (exclude) nextSet.add(hostId);
              else nextSet.delete(hostId);
              setExcluded(nextSet);
            }}
          />
        ) : null}
        {step === 'timing' ? (
          <div data-testid="wizard-timing">
            {mode.kind === 'group' && members === null ? <p className="inline-status">Reading the members of {mode.group.name}…</p> : null}
            {mode.kind === 'group' && members?.length === 0 ? (
              <p className="muted" data-testid="wizard-group-empty">
                {mode.group.name} has no hosts to patch.
              </p>
            ) : null}
            <label className="toggle-field">
              <input
                type="checkbox"
                checked={targets.length > 0 && targets.every((t) => immediate.has(t.key))}
                onChange={(e) => setImmediate(e.target.checked ? new Set(targets.map((t) => t.key)) : new Set())}
                data-testid="run-immediately"
              />
              Run immediately
            </label>
            <p className="muted">Bypasses the delay of the host&apos;s patch policy (schedule_override=immediate).</p>
            <table className="data-table" data-testid="timing-table">
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">When</th>
                  {targets.length > 1 ? <th scope="col">Run immediately</th> : null}
                </tr>
              </thead>
              <tbody>
                {targets.map((t) => (
                  <tr key={t.key} data-testid={`timing-${t.host.id}`}>
                    <td>{t.host.name}</td>
                    <td
                      data-testid={`timing-text-${t.host.id}`}
                      title={previews[t.host.id]?.run_at_iso && !immediate.has(t.key) ? formatTime(previews[t.host.id]!.run_at_iso) : undefined}
                    >
                      {previewErrors[t.host.id] && !immediate.has(t.key) ? (
                        <span className="form-error">{previewErrors[t.host.id]}</span>
                      ) : (
                        timingText(previews[t.host.id], immediate.has(t.key))
                      )}
                    </td>
                    {targets.length > 1 ? (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Run immediately on ${t.host.name}`}
                          checked={immediate.has(t.key)}
                          onChange={(e) => {
                            const nextSet = new Set(immediate);
                            if (e.target.checked) nextSet.add(t.key);
                            else nextSet.delete(t.key);
                            setImmediate(nextSet);
                          }}
                          data-testid={`run-immediately-${t.host.id}`}
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {step === 'approval' ? (
          <fieldset className="patch-wizard__fieldset" data-testid="wizard-approval">
            <legend>Approval</legend>
            <label className="toggle-field">
              <input type="radio" name="approval" checked={approval === 'approve'} onChange={() => setApproval('approve')} data-testid="approval-approve" />
              Approve &amp; Patch now
            </label>
            <label className="toggle-field">
              <input type="radio" name="approval" checked={approval === 'submit'} onChange={() => setApproval('submit')} data-testid="approval-submit" />
              Submit for approval
            </label>
            <p className="muted">
              {approval === 'approve'
                ? 'The validated runs are approved and queued against their effective policy.'
                : 'The validated runs wait in Runs & History until a second reviewer approves them.'}
            </p>
          </fieldset>
        ) : null}
        {step === 'submit' ? (
          <div data-testid="wizard-submit">
            <table className="data-table" data-testid="submit-summary">
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Patch</th>
                  <th scope="col">Runs</th>
                </tr>
              </thead>
              <tbody>
                {targets.map((t) => (
                  <tr key={t.key} data-testid={`summary-${t.host.id}`}>
                    <td>{t.host.name}</td>
                    <td>{t.run ? typeSummary(t.run) : (mode.kind === 'host' || mode.kind === 'group') && mode.patchType === 'patch_all' ? 'Patch all' : packages.join(', ')}</td>
                    <td>{approval === 'submit' && mode.kind !== 'approve' ? 'After approval' : timingText(previews[t.host.id], immediate.has(t.key))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {mode.kind === 'group' ? (
              <p className="muted" data-testid="group-expansion">
                The runs are queued for the members of {mode.group.name} at the moment you submit.
              </p>
            ) : null}
            {(mode.kind === 'host' || mode.kind === 'group') && mode.patchType === 'patch_all' ? (
              <label className="toggle-field">
                <input type="checkbox" checked={submitForApproval} onChange={(e) => setSubmitForApproval(e.target.checked)} data-testid="submit-for-approval" />
                Submit for approval (a second reviewer approves before it runs)
              </label>
            ) : null}
          </div>
        ) : null}

        {error ? (
          <p className="form-error" role="alert" data-testid="wizard-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        {back && !backLocked ? (
          <button type="button" className="button button--secondary" onClick={() => setStep(back)} disabled={busy} data-testid="wizard-back">
            Back
          </button>
        ) : null}
        {next ? (
          <button type="button" className="button" onClick={() => setStep(next)} disabled={!canAdvance()} data-testid="wizard-next">
            Next
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void submit()} disabled={busy || targets.length === 0} data-testid="wizard-fire">
            {(mode.kind !== 'approve' && approval === 'submit' && isStepShown('approval', mode)) || submitForApproval
              ? 'Submit for approval'
              : 'Queue & patch'}
          </button>
        )}
      </div>
    </Modal>
  );
}

function HostsStep({
  hosts,
  picked,
  onChange,
  onError,
}: {
  hosts: WizardHost[] | null;
  picked: Set<string>;
  onChange: (s: Set<string>) => void;
  onError: (message: string | null) => void;
}) {
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [groupNote, setGroupNote] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    listHostGroups().then(
      (all) => !stale && setGroups(all),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, []);

  if (hosts === null) return <p className="inline-status">Finding the hosts that need this package…</p>;
  if (hosts.length === 0) return <p className="muted" data-testid="wizard-no-hosts">No host needs an update of this package.</p>;
  const all = hosts.every((h) => picked.has(h.id));

  // A group adds its members among the hosts needing the update; the others in it have nothing to patch.
  const pickGroup = (group: HostGroup) => {
    onError(null);
    listHosts({ group: group.id }).then(
      (inGroup) => {
        const ids = new Set(inGroup.map((h) => h.id));
        const matching = hosts.filter((h) => ids.has(h.id));
        onChange(new Set([...picked, ...matching.map((h) => h.id)]));
        setGroupNote(`${group.name}: ${matching.length} of ${inGroup.length} host${inGroup.length === 1 ? '' : 's'} need the update`);
      },
      (e: unknown) => onError(errorText(e, "Could not load the group's hosts.")),
    );
  };

  return (
    <fieldset className="patch-wizard__fieldset" data-testid="wizard-hosts">
      <legend>Hosts that need the update</legend>
      <label className="toggle-field">
        <input type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? new Set(hosts.map((h) => h.id)) : new Set())} data-testid="wizard-hosts-all" />
        Select all
      </label>
      {groups.length > 0 ? (
        <label className="field">
          <span className="field__label">Add a host group</span>
          <select
            className="field__input"
            value=""
            onChange={(e) => {
              const group = groups.find((g) => g.id === e.target.value);
              if (group) pickGroup(group);
            }}
            data-testid="wizard-hosts-group"
          >
            <option value="">Choose a group…</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {groupNote ? (
        <p className="muted" role="status" data-testid="wizard-hosts-group-note">
          {groupNote}
        </p>
      ) : null}
      <ul className="checkbox-list">
        {hosts.map((h) => (
          <li key={h.id}>
            <label>
              <input
                type="checkbox"
                checked={picked.has(h.id)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.target.checked) next.add(h.id);
                  else next.delete(h.id);
                  onChange(next);
                }}
                data-testid={`wizard-host-${h.id}`}
              />
              {h.name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function ValidateStep({
  packages,
  validations,
  excluded,
  busy,
  onRun,
  onRetry,
  onExclude,
}: {
  packages: string[];
  validations: Validation[] | null;
  excluded: Set<string>;
  busy: boolean;
  onRun: () => void;
  /** Re-queues a dry-run that failed or is stuck waiting for an offline host. */
  onRetry: (run: PatchRun) => void;
  onExclude: (hostId: string, exclude: boolean) => void;
}) {
  if (validations === null) {
    return (
      <div data-testid="wizard-validate">
        <p>
          A dry-run asks each agent what installing <strong>{packages.join(', ')}</strong> would change, without changing
          anything.
        </p>
        <button type="button" className="button" onClick={onRun} disabled={busy} data-testid="run-dry-run">
          Run dry-run
        </button>
      </div>
    );
  }
  const running = validations.find((v) => v.run?.status === 'running' && v.run.shell_output);
  return (
    <div data-testid="wizard-validate">
      <table className="data-table" data-testid="validation-table">
        <thead>
          <tr>
            <th scope="col">Include</th>
            <th scope="col">Host</th>
            <th scope="col">Validation</th>
            <th scope="col">Packages affected</th>
          </tr>
        </thead>
        <tbody>
          {validations.map((v) => {
            const validated = v.run?.status === 'validated';
            return (
              <tr key={v.host.id} data-testid={`validation-${v.host.id}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Include ${v.host.name}`}
                    disabled={!validated}
                    checked={validated && !excluded.has(v.host.id)}
                    onChange={(e) => onExclude(v.host.id, !e.target.checked)}
                    data-testid={`validation-include-${v.host.id}`}
                  />
                </td>
                <td>{v.host.name}</td>
                <td>
                  {v.error ? (
                    <span className="badge badge--danger" data-testid="validation-error">
                      {v.error}
                    </span>
                  ) : v.run ? (
                    <>
                      <RunStatusBadge status={v.run.status} /> <ExtraDepsPill run={v.run} />
                      {v.run.status === 'pending_validation' ? <span className="muted"> Host may be offline.</span> : null}
                      {v.run.status === 'failed' && v.run.error_message ? <span className="form-error"> {v.run.error_message}</span> : null}
                      {v.run.status !== 'pending_validation' && canRetryValidation(v.run) ? (
                        <button type="button" className="link-button" onClick={() => onRetry(v.run!)} data-testid={`validation-retry-${v.host.id}`}>
                          Retry
                        </button>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">Starting…</span>
                  )}
                </td>
                <td data-testid={`validation-packages-${v.host.id}`}>
                  {(v.run?.packages_affected ?? []).map((p) => (
                    <span key={`${p.name}-${p.arch ?? ''}`} className={p.dependency ? 'patch-chip patch-chip--dep' : 'patch-chip'}>
                      {p.name}
                      {p.new_version ? ` ${p.new_version}` : ''}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {running ? (
        <pre className="patch-terminal patch-terminal--excerpt" data-testid="validation-excerpt">
          {(running.run!.shell_output ?? '').replace(/\r\n?/g, '\n').split('\n').slice(-12).join('\n')}
        </pre>
      ) : null}
    </div>
  );
}
