import { Fragment, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { listHostGroups, listHosts, type Host, type HostGroup } from '../../api/hosts';
import {
  addAssignment,
  addExclusion,
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  removeAssignment,
  removeExclusion,
  scheduleLabel,
  timeZoneNames,
  updatePolicy,
  type AssignmentTargetType,
  type PatchDelayType,
  type PatchPolicy,
  type PolicyInput,
} from '../../api/patchPolicies';
import { useAuth } from '../../auth/AuthProvider';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import './policies.css';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function message(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback;
}

/**
 * The patch policy list and editor (chapter 10), shared by Patching → Policies and Settings → Patch Management.
 * Without can_manage_patching (or with `canManage={false}`) it is read-only.
 */
export function PoliciesPanel({ canManage }: { canManage?: boolean } = {}) {
  const { hasPermission } = useAuth();
  const manage = canManage ?? hasPermission('can_manage_patching');
  const [policies, setPolicies] = useState<PatchPolicy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit' | 'delete'; policy: PatchPolicy } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stale = false;
    listPolicies().then(
      (list) => {
        if (!stale) {
          setPolicies(list);
          setError(null);
        }
      },
      (e: unknown) => {
        if (!stale) setError(message(e, 'Could not load the patch policies.'));
      },
    );
    return () => {
      stale = true;
    };
  }, [reload]);

  const refresh = () => setReload((n) => n + 1);
  const done = () => {
    setDialog(null);
    refresh();
  };

  return (
    <section className="policies-panel" data-testid="policies-panel">
      <div className="page-header page-header--actions">
        <div>
          <h2>Patch Policies</h2>
          <p className="page-summary">
            When an approved patch run fires. Assign a policy to hosts or host groups; exclude single hosts from a group
            assignment. Hosts without a policy run immediately (Default).
          </p>
        </div>
        {manage ? (
          <button type="button" className="button" onClick={() => setDialog({ kind: 'create' })} data-testid="create-policy">
            Create policy
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="policies-error">
          {error}
        </p>
      ) : null}
      <div className="card table-card">
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="policies-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Schedule</th>
                <th scope="col">Applied to</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {policies === null && !error ? (
                <tr>
                  <td colSpan={4} className="table-empty">
                    Loading patch policies…
                  </td>
                </tr>
              ) : null}
              {policies?.length === 0 ? (
                <tr>
                  <td colSpan={4} className="table-empty" data-testid="policies-empty">
                    No patch policies yet. Every host runs patches immediately (Default policy).
                  </td>
                </tr>
              ) : null}
              {policies?.map((p) => (
                <Fragment key={p.id}>
                  <tr data-testid={`policy-row-${p.name}`}>
                    <td className="data-table__primary">
                      {p.name}
                      {p.description ? <div className="muted">{p.description}</div> : null}
                    </td>
                    <td data-testid={`policy-schedule-${p.name}`}>{scheduleLabel(p)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={expanded === p.id}
                        onClick={() => setExpanded(expanded === p.id ? null : p.id)}
                        data-testid={`policy-assignments-${p.name}`}
                      >
                        {p.assignment_count} assignment(s)
                      </button>
                      {p.exclusion_count > 0 ? <span className="muted"> · {p.exclusion_count} excluded</span> : null}
                    </td>
                    <td className="data-table__actions">
                      {manage ? (
                        <>
                          <button
                            type="button"
                            className="icon-button icon-button--small"
                            aria-label={`Edit ${p.name}`}
                            onClick={() => setDialog({ kind: 'edit', policy: p })}
                            data-testid={`edit-policy-${p.name}`}
                          >
                            ✎
                          </button>
                          <button
                            type="button"
                            className="icon-button icon-button--small icon-button--danger"
                            aria-label={`Delete ${p.name}`}
                            onClick={() => setDialog({ kind: 'delete', policy: p })}
                            data-testid={`delete-policy-${p.name}`}
                          >
                            🗑
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                  {expanded === p.id ? (
                    <tr>
                      <td colSpan={4} className="policy-detail">
                        <PolicyTargets policyId={p.id} manage={manage} onChanged={refresh} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {dialog?.kind === 'create' ? <PolicyFormDialog onClose={() => setDialog(null)} onSaved={done} /> : null}
      {dialog?.kind === 'edit' ? <PolicyFormDialog policy={dialog.policy} onClose={() => setDialog(null)} onSaved={done} /> : null}
      {dialog?.kind === 'delete' ? (
        <DeletePolicyDialog policy={dialog.policy} onClose={() => setDialog(null)} onDeleted={done} />
      ) : null}
    </section>
  );
}

/** The expanded row: the Applied to chips with their picker, and the Exclusions row. */
function PolicyTargets({ policyId, manage, onChanged }: { policyId: string; manage: boolean; onChanged: () => void }) {
  const [policy, setPolicy] = useState<PatchPolicy | null>(null);
  const [hosts, setHosts] = useState<Host[]>([]);
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [targetType, setTargetType] = useState<AssignmentTargetType>('host');
  const [targetId, setTargetId] = useState('');
  const [excludeId, setExcludeId] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stale = false;
    getPolicy(policyId).then(
      (p) => {
        if (!stale) setPolicy(p);
      },
      (e: unknown) => {
        if (!stale) setError(message(e, 'Could not load the policy.'));
      },
    );
    return () => {
      stale = true;
    };
  }, [policyId, reload]);

  useEffect(() => {
    if (!manage) return undefined;
    let stale = false;
    listHosts().then(
      (h) => {
        if (!stale) setHosts(h);
      },
      () => undefined,
    );
    listHostGroups().then(
      (g) => {
        if (!stale) setGroups(g);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [manage]);

  const act = (work: () => Promise<unknown>, fallback: string) => {
    setBusy(true);
    setError(null);
    work().then(
      () => {
        setBusy(false);
        setReload((n) => n + 1);
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setError(message(e, fallback));
      },
    );
  };

  const assigned = useMemo(
    () => new Set((policy?.assignments ?? []).filter((a) => a.target_type === targetType).map((a) => a.target_id)),
    [policy, targetType],
  );
  const excluded = useMemo(() => new Set((policy?.exclusions ?? []).map((e) => e.host_id)), [policy]);
  const targets =
    targetType === 'host'
      ? hosts.filter((h) => !assigned.has(h.id)).map((h) => ({ id: h.id, name: h.friendly_name }))
      : groups.filter((g) => !assigned.has(g.id)).map((g) => ({ id: g.id, name: g.name }));

  if (!policy) {
    return error ? (
      <p className="form-error" role="alert">
        {error}
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  }

  return (
    <div data-testid={`policy-detail-${policy.id}`}>
      <div className="policy-detail__row" data-testid="applied-to">
        <span className="policy-detail__label">Applied to</span>
        {(policy.assignments ?? []).length === 0 ? <span className="muted">Nothing yet: this policy is inert.</span> : null}
        {(policy.assignments ?? []).map((a) => (
          <span className="policy-chip" key={a.id} data-testid={`assignment-chip-${a.target_name ?? a.target_id}`}>
            {a.target_type === 'host' ? 'Host' : 'Group'}: {a.target_name ?? a.target_id}
            {manage ? (
              <button
                type="button"
                className="policy-chip__remove"
                aria-label={`Remove ${a.target_name ?? a.target_id}`}
                disabled={busy}
                onClick={() => act(() => removeAssignment(policy.id, a.id), 'Could not remove the assignment.')}
              >
                ×
              </button>
            ) : null}
          </span>
        ))}
        {manage ? (
          <span className="policy-picker">
            <select
              aria-label="Target type"
              className="field__input"
              value={targetType}
              onChange={(e) => {
                setTargetType(e.target.value as AssignmentTargetType);
                setTargetId('');
              }}
              data-testid="assign-type"
            >
              <option value="host">Host</option>
              <option value="host_group">Host group</option>
            </select>
            <select
              aria-label={targetType === 'host' ? 'Host' : 'Host group'}
              className="field__input"
              value={targetId}
              onChange={(e) => setTargetId(e.target.value)}
              data-testid="assign-target"
            >
              <option value="">{targetType === 'host' ? 'Select a host…' : 'Select a group…'}</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy || !targetId}
              onClick={() =>
                act(async () => {
                  await addAssignment(policy.id, targetType, targetId);
                  setTargetId('');
                }, 'Could not add the assignment.')
              }
              data-testid="assign-add"
            >
              Add
            </button>
          </span>
        ) : null}
      </div>
      <div className="policy-detail__row" data-testid="exclusions">
        <span className="policy-detail__label">Exclusions</span>
        {(policy.exclusions ?? []).length === 0 ? <span className="muted">None</span> : null}
        {(policy.exclusions ?? []).map((x) => (
          <span className="policy-chip policy-chip--amber" key={x.host_id} data-testid={`exclusion-chip-${x.host_name ?? x.host_id}`}>
            {x.host_name ?? x.host_id}
            {manage ? (
              <button
                type="button"
                className="policy-chip__remove"
                aria-label={`Stop excluding ${x.host_name ?? x.host_id}`}
                disabled={busy}
                onClick={() => act(() => removeExclusion(policy.id, x.host_id), 'Could not remove the exclusion.')}
              >
                ×
              </button>
            ) : null}
          </span>
        ))}
        {manage ? (
          <span className="policy-picker">
            <select
              aria-label="Host to exclude"
              className="field__input"
              value={excludeId}
              onChange={(e) => setExcludeId(e.target.value)}
              data-testid="exclude-host"
            >
              <option value="">Select a host…</option>
              {hosts
                .filter((h) => !excluded.has(h.id))
                .map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.friendly_name}
                  </option>
                ))}
            </select>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy || !excludeId}
              onClick={() =>
                act(async () => {
                  await addExclusion(policy.id, excludeId);
                  setExcludeId('');
                }, 'Could not exclude the host.')
              }
              data-testid="exclude-add"
            >
              Exclude host
            </button>
          </span>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="policy-targets-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function PolicyFormDialog({ policy, onClose, onSaved }: { policy?: PatchPolicy; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(policy?.name ?? '');
  const [description, setDescription] = useState(policy?.description ?? '');
  const [type, setType] = useState<PatchDelayType>(policy?.patch_delay_type ?? 'immediate');
  const [minutes, setMinutes] = useState(policy?.delay_minutes != null ? String(policy.delay_minutes) : '30');
  const [time, setTime] = useState(policy?.fixed_time_utc ?? '03:00');
  const [zone, setZone] = useState(policy?.timezone ?? 'UTC');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; minutes?: string; time?: string; form?: string }>({});
  const zones = useMemo(() => {
    const names = timeZoneNames();
    return zone && !names.includes(zone) ? [zone, ...names] : names;
  }, [zone]);

  const submit = async () => {
    const local: typeof errors = {};
    if (!name.trim()) local.name = 'Name is required';
    const delay = Number(minutes);
    if (type === 'delayed' && (!Number.isInteger(delay) || delay < 1)) local.minutes = 'Enter a whole number of minutes (minimum 1)';
    if (type === 'fixed_time' && !HH_MM.test(time)) local.time = 'Enter the time as HH:MM, e.g. 03:00';
    setErrors(local);
    if (local.name || local.minutes || local.time) return;
    const body: PolicyInput = {
      name: name.trim(),
      description: description.trim() || null,
      patch_delay_type: type,
      delay_minutes: type === 'delayed' ? delay : null,
      fixed_time_utc: type === 'fixed_time' ? time : null,
      timezone: type === 'fixed_time' ? zone : null,
    };
    setBusy(true);
    try {
      if (policy) await updatePolicy(policy.id, body);
      else await createPolicy(body);
      onSaved();
    } catch (e) {
      const text = message(e, 'Could not save the policy.');
      if (e instanceof ApiError && /name/i.test(e.error ?? '')) setErrors({ name: text });
      else if (e instanceof ApiError && /delay_minutes/.test(e.error ?? '')) setErrors({ minutes: text });
      else if (e instanceof ApiError && /fixed_time_utc/.test(e.error ?? '')) setErrors({ time: text });
      else setErrors({ form: text });
      setBusy(false);
    }
  };

  return (
    <Modal title={policy ? 'Edit policy' : 'Create policy'} onClose={onClose} busy={busy} testId="policy-dialog">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="modal__body">
          <FormField
            id="policy-name"
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            errors={errors.name ? [errors.name] : []}
            testId="policy-name"
          />
          <div className="field">
            <label className="field__label" htmlFor="policy-description">
              Description
            </label>
            <textarea
              id="policy-description"
              className="field__input"
              rows={2}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="policy-description"
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="policy-type">
              Patch delay
            </label>
            <select
              id="policy-type"
              className="field__input"
              value={type}
              onChange={(e) => setType(e.target.value as PatchDelayType)}
              data-testid="policy-type"
            >
              <option value="immediate">Immediate</option>
              <option value="delayed">Delayed (run after N minutes)</option>
              <option value="fixed_time">Fixed time (e.g. 3:00 AM)</option>
            </select>
          </div>
          {type === 'delayed' ? (
            <FormField
              id="policy-minutes"
              label="Delay (minutes)"
              type="number"
              min={1}
              step={1}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              errors={errors.minutes ? [errors.minutes] : []}
              testId="policy-minutes"
            />
          ) : null}
          {type === 'fixed_time' ? (
            <>
              <FormField
                id="policy-time"
                label="Time (HH:MM)"
                placeholder="03:00"
                value={time}
                onChange={(e) => setTime(e.target.value)}
                errors={errors.time ? [errors.time] : []}
                testId="policy-time"
              />
              <div className="field">
                <label className="field__label" htmlFor="policy-zone">
                  Timezone
                </label>
                <select
                  id="policy-zone"
                  className="field__input"
                  value={zone}
                  onChange={(e) => setZone(e.target.value)}
                  data-testid="policy-zone"
                >
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
                <p className="field__hint" data-testid="policy-zone-hint">
                  PatchMon Cloud runs at this wall-clock time in the chosen timezone and follows daylight saving
                  changes (PatchMon reads the time as UTC).
                </p>
              </div>
            </>
          ) : null}
          {errors.form ? (
            <p className="form-error" role="alert" data-testid="policy-form-error">
              {errors.form}
            </p>
          ) : null}
        </div>
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy} data-testid="policy-submit">
            {policy ? 'Update' : 'Create'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DeletePolicyDialog({ policy, onClose, onDeleted }: { policy: PatchPolicy; onClose: () => void; onDeleted: () => void }) {
  return (
    <ConfirmDialog
      title="Delete policy"
      testId="delete-policy-dialog"
      confirmLabel="Delete policy"
      confirmTestId="delete-policy-confirm"
      onConfirm={() => deletePolicy(policy.id)}
      onDone={onDeleted}
      onClose={onClose}
      errorFallback="Could not delete the policy."
    >
      <p className="modal__text">
        Delete <strong>{policy.name}</strong>? Its {policy.assignment_count} assignment(s) and {policy.exclusion_count}{' '}
        exclusion(s) are removed with it. Runs already scheduled keep their time and the policy name.
      </p>
    </ConfirmDialog>
  );
}
