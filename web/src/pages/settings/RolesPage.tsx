import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { usersApi, type PermissionInfo, type RoleView, type RolesResponse } from '../../api/users';
import { useAuth } from '../../auth/AuthProvider';
import { FormField } from '../../components/FormField';
import { CheckIcon, LockIcon, PencilIcon } from '../../components/icons';
import { Modal } from '../../components/Modal';
import { useDocumentTitle } from '../SectionPage';
import { errorText, splitErrors } from './formErrors';
import {
  countGranted,
  groupByTier,
  permissionLabel,
  PRESETS,
  presetPermissions,
  roleLabel,
  roleNameError,
  rolePermissions,
} from './rbac';
import { ConfirmDialog, SelectField } from './UserDialogs';

const client = usersApi();

/** Permission checkboxes grouped by tier, with Select all / Deselect all per group. */
function PermissionChecklist({
  idPrefix,
  permissions,
  value,
  onChange,
  disabled,
}: {
  idPrefix: string;
  permissions: readonly PermissionInfo[];
  value: Record<string, boolean>;
  onChange: (value: Record<string, boolean>) => void;
  disabled?: boolean;
}) {
  const groups = groupByTier(permissions);
  const setMany = (keys: readonly string[], granted: boolean) => {
    const next = { ...value };
    for (const key of keys) next[key] = granted;
    onChange(next);
  };
  return (
    <div className="permission-groups">
      {groups.map(({ tier, permissions: items }) => {
        const keys = items.map((p) => p.key);
        const all = keys.every((key) => value[key]);
        return (
          <fieldset className={`permission-group tier--${tier.id}`} key={tier.id} data-testid={`${idPrefix}-group-${tier.id}`}>
            <legend className="permission-group__legend">
              <span className="tier-dot" aria-hidden="true" />
              {tier.label}
              <span className="permission-group__risk">{tier.risk}</span>
            </legend>
            <button
              type="button"
              className="link-button permission-group__toggle"
              data-testid={`${idPrefix}-toggle-${tier.id}`}
              disabled={disabled}
              onClick={() => setMany(keys, !all)}
              aria-label={`${all ? 'Deselect all' : 'Select all'}: ${tier.label}`}
            >
              {all ? 'Deselect all' : 'Select all'}
            </button>
            <ul className="permission-group__items">
              {items.map((p) => (
                <li key={p.key} className="checkbox-field">
                  <input
                    id={`${idPrefix}-${p.key}`}
                    type="checkbox"
                    data-testid={`${idPrefix}-perm-${p.key}`}
                    checked={value[p.key] === true}
                    disabled={disabled}
                    onChange={(e) => onChange({ ...value, [p.key]: e.target.checked })}
                  />
                  <label htmlFor={`${idPrefix}-${p.key}`}>
                    {permissionLabel(p.key)} <code className="permission-key">{p.key}</code>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}

function Counter({ count, total, testId }: { count: number; total: number; testId: string }) {
  return (
    <p className="permission-counter" data-testid={testId} aria-live="polite">
      {count}/{total} permissions selected
    </p>
  );
}

/** The editor panel under the matrix for one editable role. */
function RoleEditor({
  role,
  permissions,
  total,
  onSaved,
  onDeleted,
  onClose,
}: {
  role: RoleView;
  permissions: readonly PermissionInfo[];
  total: number;
  onSaved: (role: RoleView, message: string) => void;
  onDeleted: (name: string, message: string) => void;
  onClose: () => void;
}) {
  const [value, setValue] = useState(() => rolePermissions(role, permissions));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [role.name]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const answer = await client.updateRole(role.name, value);
      setPending(false);
      onSaved(answer.role, answer.message || 'Role updated successfully');
    } catch (caught) {
      setPending(false);
      setError(errorText(caught));
    }
  };

  return (
    <section className="card role-editor" aria-labelledby="role-editor-title" data-testid="role-editor">
      <div className="role-editor__header">
        <h2 className="card-title" id="role-editor-title" tabIndex={-1} ref={headingRef}>
          Edit role: <code>{role.name}</code>
        </h2>
        <p className="muted">
          {role.user_count === 1 ? '1 user holds' : `${role.user_count} users hold`} this role. Changes apply on their
          next request.
        </p>
      </div>
      {error ? (
        <div className="form-error" role="alert" data-testid="role-editor-error">
          {error}
        </div>
      ) : null}
      <form onSubmit={save} noValidate aria-busy={pending}>
        <PermissionChecklist idPrefix="role-editor" permissions={permissions} value={value} onChange={setValue} disabled={pending} />
        <Counter count={countGranted(value)} total={total} testId="role-editor-counter" />
        <div className="role-editor__actions">
          {!role.is_built_in ? (
            <button
              type="button"
              className="button button--danger"
              data-testid="role-editor-delete"
              disabled={pending}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          ) : null}
          <span className="role-editor__spacer" />
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" data-testid="role-editor-save" disabled={pending}>
            {pending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {confirming ? (
        <ConfirmDialog
          title="Delete Role"
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          testId="delete-role-dialog"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const answer = await client.deleteRole(role.name);
            onDeleted(role.name, answer?.message || 'Role deleted successfully');
          }}
        >
          <p>
            Delete the role <strong>{role.name}</strong>? A role can only be deleted when no user holds it.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

type AddField = 'name' | 'permissions';

function AddRoleDialog({
  permissions,
  total,
  onCreated,
  onClose,
}: {
  permissions: readonly PermissionInfo[];
  total: number;
  onCreated: (role: RoleView, message: string) => void;
  onClose: () => void;
}) {
  const clearAll = PRESETS.find((p) => p.id === 'clear_all')!;
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [preset, setPreset] = useState('');
  const [value, setValue] = useState<Record<string, boolean>>(() => presetPermissions(clearAll, permissions));
  const [errors, setErrors] = useState<Partial<Record<AddField, string[]>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  const liveNameError = nameTouched && name ? roleNameError(name) : null;
  const nameErrors = errors.name ?? (liveNameError ? [liveNameError] : []);

  const applyPreset = (id: string) => {
    setPreset(id);
    const chosen = PRESETS.find((p) => p.id === id);
    if (chosen) setValue(presetPermissions(chosen, permissions));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const problem = roleNameError(name.trim());
    if (problem) {
      setNameTouched(true);
      setErrors({ name: [problem] });
      setGeneral(null);
      nameRef.current?.focus();
      return;
    }
    setPending(true);
    setGeneral(null);
    setErrors({});
    try {
      const answer = await client.createRole(name.trim(), value);
      onCreated(answer.role, answer.message || 'Role created successfully');
    } catch (caught) {
      setPending(false);
      const split = splitErrors(caught, ['name', 'permissions'] as const);
      setErrors(split.fields);
      setGeneral(split.fields.permissions ? split.fields.permissions.join(' ') : split.general);
      if (split.fields.name) nameRef.current?.focus();
    }
  };

  return (
    <Modal title="Add Role" onClose={onClose} testId="add-role-dialog" busy={pending} size="wide">
      <form className="modal__body" onSubmit={submit} noValidate aria-busy={pending}>
        {general ? (
          <div className="form-error" role="alert" data-testid="add-role-error">
            {general}
          </div>
        ) : null}
        <FormField
          id="add-role-name"
          testId="add-role-name"
          label="Role Name"
          hint="Lowercase letters, numbers and underscores, starting with a letter (e.g. noc_operator). It cannot be renamed later."
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={50}
          value={name}
          inputRef={nameRef}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((current) => {
              const next = { ...current };
              delete next.name;
              return next;
            });
          }}
          onBlur={() => setNameTouched(true)}
          errors={nameErrors}
        />
        <SelectField
          id="add-role-preset"
          testId="add-role-preset"
          label="Preset (optional)"
          value={preset}
          onChange={applyPreset}
          options={[{ value: '', label: 'Choose a preset…' }, ...PRESETS.map((p) => ({ value: p.id, label: p.label }))]}
          hint="Read Only: Monitoring & Visibility. Operator: everything except Administration. Admin: every permission."
        />
        <PermissionChecklist
          idPrefix="add-role"
          permissions={permissions}
          value={value}
          onChange={setValue}
          disabled={pending}
        />
        <Counter count={countGranted(value)} total={total} testId="add-role-counter" />
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" data-testid="add-role-submit" disabled={pending}>
            {pending ? 'Creating…' : 'Create Role'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Settings → Roles: the permission matrix (admin guide chapter 24). */
export function RolesPage() {
  useDocumentTitle('Roles');
  const { hasPermission } = useAuth();
  const canEdit = hasPermission('can_manage_settings');
  const [data, setData] = useState<RolesResponse | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    client.listRoles(controller.signal).then(
      (answer) => {
        if (!controller.signal.aborted) setData(answer);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadError(errorText(error));
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const groups = useMemo(() => groupByTier(data?.permissions ?? []), [data]);
  const total = data ? data.total_permissions || data.permissions.length : 0;
  const editingRole = data?.roles.find((r) => r.name === editing) ?? null;

  const replaceRole = (role: RoleView) =>
    setData((current) =>
      current
        ? {
            ...current,
            roles: current.roles.some((r) => r.name === role.name)
              ? current.roles.map((r) => (r.name === role.name ? role : r))
              : [...current.roles, role],
          }
        : current,
    );

  return (
    <section className="page page--wide" aria-labelledby="page-title">
      <header className="page-header page-header--actions">
        <div>
          <h1 id="page-title">Roles</h1>
          <p className="page-summary">
            What each role may do. A green tick means the role has the permission; Super Admin, Admin and User are
            built in and locked.
          </p>
        </div>
        {canEdit ? (
          <button
            type="button"
            className="button"
            data-testid="add-role"
            disabled={!data}
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            Add Role
          </button>
        ) : null}
      </header>
      {!canEdit ? (
        <p className="notice" role="note" data-testid="roles-read-only">
          You can view the roles. Changing them needs the can_manage_settings permission.
        </p>
      ) : null}
      <p className="inline-status" role="status" data-testid="roles-notice">
        {notice ?? ''}
      </p>
      {loadError ? (
        <div className="form-error" role="alert" data-testid="roles-load-error">
          {loadError}{' '}
          <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}
      {!data ? (
        loadError ? null : (
          <p className="table-empty" role="status">
            Loading roles…
          </p>
        )
      ) : (
        <div className="card table-card">
          <div className="table-scroll">
            <table className="data-table role-matrix" data-testid="role-matrix">
              <caption className="visually-hidden">Permissions by role</caption>
              <thead>
                <tr>
                  <th scope="col" className="role-matrix__perm-col">
                    Permission
                  </th>
                  {data.roles.map((role) => {
                    const editable = canEdit && !role.is_locked;
                    return (
                      <th
                        scope="col"
                        key={role.name}
                        className={editing === role.name ? 'role-matrix__role role-matrix__role--editing' : 'role-matrix__role'}
                        data-testid={`role-col-${role.name}`}
                      >
                        <span className="role-matrix__name">{roleLabel(role.name)}</span>
                        {roleLabel(role.name) !== role.name ? (
                          <code className="role-matrix__key">{role.name}</code>
                        ) : (
                          <span className="role-matrix__key">{role.is_built_in ? 'built-in' : 'custom'}</span>
                        )}
                        <span className="role-matrix__meta">
                          <span className="role-matrix__count" data-testid={`role-count-${role.name}`}>
                            {role.permission_count}/{total}
                          </span>
                          {role.is_locked ? (
                            <span
                              className="role-matrix__lock"
                              data-testid={`role-locked-${role.name}`}
                              title="Built-in role: its permissions cannot be edited"
                              role="img"
                              aria-label="Locked"
                            >
                              <LockIcon />
                            </span>
                          ) : null}
                          {editable ? (
                            <button
                              type="button"
                              className="icon-button icon-button--small"
                              data-testid={`role-edit-${role.name}`}
                              aria-label={`Edit ${role.name}`}
                              aria-expanded={editing === role.name}
                              aria-controls={editing === role.name ? 'role-editor-title' : undefined}
                              onClick={() => {
                                setNotice(null);
                                setEditing(editing === role.name ? null : role.name);
                              }}
                            >
                              <PencilIcon />
                            </button>
                          ) : null}
                        </span>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              {groups.map(({ tier, permissions }) => (
                <tbody key={tier.id} className={`tier--${tier.id}`}>
                  <tr className="role-matrix__tier">
                    <th scope="colgroup" colSpan={data.roles.length + 1} data-testid={`tier-${tier.id}`}>
                      <span className="tier-dot" aria-hidden="true" />
                      {tier.label}
                      <span className="role-matrix__risk">{tier.risk}</span>
                    </th>
                  </tr>
                  {permissions.map((p) => (
                    <tr key={p.key} data-testid={`perm-row-${p.key}`}>
                      <th scope="row" className="role-matrix__perm">
                        {permissionLabel(p.key)}
                        <code className="permission-key">{p.key}</code>
                      </th>
                      {data.roles.map((role) => {
                        const granted = role.permissions[p.key] === true;
                        return (
                          <td
                            key={role.name}
                            className="role-matrix__cell"
                            data-granted={granted}
                            data-testid={`cell-${role.name}-${p.key}`}
                          >
                            {granted ? (
                              <span className="tick" role="img" aria-label="Granted">
                                <CheckIcon />
                              </span>
                            ) : (
                              <span className="no-tick" role="img" aria-label="Not granted">
                                –
                              </span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </div>
      )}

      {data && editingRole && canEdit && !editingRole.is_locked ? (
        <RoleEditor
          key={editingRole.name}
          role={editingRole}
          permissions={data.permissions}
          total={total}
          onClose={() => setEditing(null)}
          onSaved={(role, message) => {
            replaceRole(role);
            setEditing(null);
            setNotice(message);
          }}
          onDeleted={(name, message) => {
            setData((current) => (current ? { ...current, roles: current.roles.filter((r) => r.name !== name) } : current));
            setEditing(null);
            setNotice(message);
          }}
        />
      ) : null}

      {adding && data ? (
        <AddRoleDialog
          permissions={data.permissions}
          total={total}
          onClose={() => setAdding(false)}
          onCreated={(role, message) => {
            replaceRole(role);
            setAdding(false);
            setNotice(message);
          }}
        />
      ) : null}
    </section>
  );
}
