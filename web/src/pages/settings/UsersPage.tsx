import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { usersApi, type AuthSettings, type RoleView, type User } from '../../api/users';
import { useAuth } from '../../auth/AuthProvider';
import { displayName } from '../../auth/session';
import { KeyIcon, PencilIcon, TrashIcon } from '../../components/icons';
import { useDocumentTitle } from '../SectionPage';
import { RegistrationSettings, SecuritySettings } from './AuthSettingsPanel';
import { errorText } from './formErrors';
import { absoluteTime, relativeTime } from './format';
import { policyRules } from './PasswordChecklist';
import { assignableRoles, isElevatedRole, roleLabel } from './rbac';
import { AddUserDialog, ConfirmDialog, EditUserDialog, ResetPasswordDialog } from './UserDialogs';

const client = usersApi();

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'delete'; user: User }
  | null;

const ALL_ROLES = '';

export function RoleBadge({ role }: { role: string }) {
  const tone = isElevatedRole(role) ? 'warning' : 'accent';
  return (
    <span className={`badge badge--${tone}`} data-testid="user-role" title={role}>
      {roleLabel(role)}
    </span>
  );
}

function matches(user: User, query: string): boolean {
  if (!query) return true;
  const haystack = [user.username, user.email, user.first_name ?? '', user.last_name ?? '', displayName(user)]
    .join(' ')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Settings → Users (admin guide chapters 2 and 24). */
export function UsersPage() {
  useDocumentTitle('Users');
  const { user: me, tenant, hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_users');
  const canManageSettings = hasPermission('can_manage_settings');
  const canReadAuthSettings = canManage || canManageSettings;

  const [users, setUsers] = useState<User[] | null>(null);
  const [roles, setRoles] = useState<RoleView[]>([]);
  const [rolesError, setRolesError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [settings, setSettings] = useState<AuthSettings | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [query, setQuery] = useState('');
  const [roleFilter, setRoleFilter] = useState(ALL_ROLES);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLoadError(null);
    client.listUsers(signal).then(
      (list) => {
        if (!signal.aborted) setUsers(Array.isArray(list) ? list : []);
      },
      (error: unknown) => {
        if (!signal.aborted) setLoadError(errorText(error));
      },
    );
    client.listRoles(signal).then(
      (answer) => {
        if (signal.aborted) return;
        setRoles(answer.roles);
        setRolesError(null);
      },
      (error: unknown) => {
        if (!signal.aborted) setRolesError(errorText(error));
      },
    );
    if (canReadAuthSettings) {
      client.getAuthSettings(signal).then(
        (answer) => {
          if (!signal.aborted) setSettings(answer);
        },
        (error: unknown) => {
          if (signal.aborted) return;
          if (!(error instanceof ApiError && error.status === 403)) setSettingsError(errorText(error));
        },
      );
    }
    return () => controller.abort();
  }, [attempt, canReadAuthSettings]);

  const actor = useMemo(() => ({ role: me?.role ?? '', hasPermission }), [me?.role, hasPermission]);
  const assignable = useMemo(() => assignableRoles(actor, roles).map((r) => r.name), [actor, roles]);
  const roleNames = useMemo(() => {
    const names = roles.map((r) => r.name);
    for (const u of users ?? []) if (!names.includes(u.role)) names.push(u.role);
    return names;
  }, [roles, users]);
  const rules = useMemo(() => policyRules(settings?.password_policy), [settings]);

  const shown = useMemo(
    () => (users ?? []).filter((u) => matches(u, query.trim()) && (roleFilter === ALL_ROLES || u.role === roleFilter)),
    [users, query, roleFilter],
  );

  const close = useCallback(() => setDialog(null), []);

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
  };

  const title = (
    <header className="page-header page-header--actions">
      <div>
        <h1 id="page-title">Users</h1>
        <p className="page-summary">
          Everyone who can sign in to {tenant?.name ?? 'this organisation'}: their role, status and last sign-in.
        </p>
      </div>
      {canManage ? (
        <button
          type="button"
          className="button"
          data-testid="add-user"
          disabled={users === null}
          onClick={() => {
            setNotice(null);
            setDialog({ kind: 'add' });
          }}
        >
          Add User
        </button>
      ) : null}
    </header>
  );

  return (
    <section className="page page--wide" aria-labelledby="page-title">
      {title}
      <p className="inline-status" role="status" data-testid="users-notice">
        {notice ?? ''}
      </p>
      {loadError ? (
        <div className="form-error" role="alert" data-testid="users-load-error">
          {loadError}{' '}
          <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}
      {rolesError && !loadError ? (
        <div className="form-error" role="alert" data-testid="roles-load-error">
          Could not load the roles: {rolesError}
        </div>
      ) : null}

      <div className="card table-card">
        <div className="table-toolbar">
          <div className="field table-toolbar__search">
            <label className="visually-hidden" htmlFor="users-search">
              Search users
            </label>
            <input
              id="users-search"
              className="field__input"
              type="search"
              placeholder="Search by username, name or email"
              data-testid="users-search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <div className="field table-toolbar__filter">
            <label className="visually-hidden" htmlFor="users-role-filter">
              Filter by role
            </label>
            <select
              id="users-role-filter"
              className="field__input"
              data-testid="users-role-filter"
              value={roleFilter}
              onChange={(e) => setRoleFilter(e.target.value)}
            >
              <option value={ALL_ROLES}>All roles</option>
              {roleNames.map((name) => (
                <option key={name} value={name}>
                  {roleLabel(name)}
                </option>
              ))}
            </select>
          </div>
          <p className="table-toolbar__count" data-testid="users-count">
            {users === null ? '' : `${shown.length} of ${users.length} ${users.length === 1 ? 'user' : 'users'}`}
          </p>
        </div>

        {users === null ? (
          loadError ? null : (
            <p className="table-empty" role="status">
              Loading users…
            </p>
          )
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">2FA</th>
                  <th scope="col">Last login</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {shown.map((u) => {
                  const isSelf = u.id === me?.id;
                  const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
                  return (
                    <tr key={u.id} data-testid={`user-row-${u.username}`}>
                      <td>
                        <span className="data-table__primary">{u.username}</span>
                        {isSelf ? <span className="badge badge--muted">you</span> : null}
                      </td>
                      <td className="data-table__wrap">{name || <span className="muted">—</span>}</td>
                      <td className="data-table__wrap">{u.email}</td>
                      <td>
                        <RoleBadge role={u.role} />
                      </td>
                      <td>
                        <span
                          className={u.is_active ? 'badge badge--success' : 'badge badge--danger'}
                          data-testid="user-status"
                        >
                          {u.is_active ? 'Active' : 'Inactive'}
                        </span>
                      </td>
                      <td data-testid="user-tfa">
                        {u.tfa_enabled ? (
                          <span className="badge badge--success">On</span>
                        ) : (
                          <span className="badge badge--muted">Off</span>
                        )}
                      </td>
                      <td data-testid="user-last-login" title={absoluteTime(u.last_login)}>
                        {relativeTime(u.last_login)}
                      </td>
                      {canManage ? (
                        <td className="data-table__actions">
                          <button
                            type="button"
                            className="icon-button icon-button--small"
                            aria-label={`Edit ${u.username}`}
                            title="Edit"
                            data-testid={`edit-user-${u.username}`}
                            onClick={() => {
                              setNotice(null);
                              setDialog({ kind: 'edit', user: u });
                            }}
                          >
                            <PencilIcon />
                          </button>
                          <button
                            type="button"
                            className="icon-button icon-button--small"
                            aria-label={`Reset password for ${u.username}`}
                            title="Reset password"
                            data-testid={`reset-user-${u.username}`}
                            onClick={() => {
                              setNotice(null);
                              setDialog({ kind: 'reset', user: u });
                            }}
                          >
                            <KeyIcon />
                          </button>
                          <button
                            type="button"
                            className="icon-button icon-button--small icon-button--danger"
                            aria-label={`Delete ${u.username}`}
                            title="Delete"
                            data-testid={`delete-user-${u.username}`}
                            onClick={() => {
                              setNotice(null);
                              setDialog({ kind: 'delete', user: u });
                            }}
                          >
                            <TrashIcon />
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {shown.length === 0 ? (
              <p className="table-empty" data-testid="users-empty">
                {users.length === 0 ? 'No users yet.' : 'No users match the search and role filter.'}
              </p>
            ) : null}
          </div>
        )}
      </div>

      {settingsError ? (
        <div className="form-error" role="alert" data-testid="auth-settings-load-error">
          Could not load the registration settings: {settingsError}
        </div>
      ) : null}
      {settings ? (
        <>
          <RegistrationSettings
            settings={settings}
            roles={roleNames.length > 0 ? roleNames : [settings.default_role]}
            editable={canManageSettings}
            slug={tenant?.slug ?? ''}
            onSaved={setSettings}
          />
          <SecuritySettings settings={settings} editable={canManageSettings} onSaved={setSettings} />
        </>
      ) : null}

      {dialog?.kind === 'add' ? (
        <AddUserDialog
          assignable={assignable}
          rules={rules}
          onClose={close}
          onCreated={(created, message) => {
            setUsers((current) => [...(current ?? []), created]);
            done(message);
          }}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditUserDialog
          user={dialog.user}
          isSelf={dialog.user.id === me?.id}
          assignable={assignable}
          onClose={close}
          onSaved={(saved, message) => {
            setUsers((current) => (current ?? []).map((u) => (u.id === saved.id ? saved : u)));
            done(message);
          }}
        />
      ) : null}
      {dialog?.kind === 'reset' ? (
        <ResetPasswordDialog user={dialog.user} rules={rules} onClose={close} onDone={done} />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete User"
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          testId="delete-user-dialog"
          onClose={close}
          onConfirm={async () => {
            const target = dialog.user;
            const answer = await client.deleteUser(target.id);
            setUsers((current) => (current ?? []).filter((u) => u.id !== target.id));
            done(answer?.message || 'User deleted successfully');
          }}
        >
          <p>
            Delete <strong>{dialog.user.username}</strong>
            {displayName(dialog.user) !== dialog.user.username ? ` (${displayName(dialog.user)})` : ''}? This
            permanently removes the account with its sessions, trusted devices and preferences.
          </p>
          <p className="muted">To keep their history instead, edit the user and untick Active.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
