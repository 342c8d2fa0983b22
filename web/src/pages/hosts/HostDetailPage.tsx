import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  deleteHost,
  getHost,
  listHostGroups,
  regenerateCredentials,
  setHostGroups,
  updateHost,
  type Host,
  type HostGroup,
  type OsFamily,
} from '../../api/hosts';
import { useAuth } from '../../auth/AuthProvider';
import { Modal } from '../../components/Modal';
import { InstallCommand } from './AddHostWizard';
import { GroupChips, GroupDot, StatusBadge } from './common';
import { osLabel, relativeTime } from './installCommand';
import './hosts.css';

type EditableField = 'friendly_name' | 'hostname' | 'ip';

function InlineEdit({
  value,
  label,
  testId,
  canEdit,
  onSave,
  children,
}: {
  value: string;
  label: string;
  testId: string;
  canEdit: boolean;
  onSave: (value: string) => Promise<void>;
  children?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <span className="inline-edit">
        {children ?? <span data-testid={testId}>{value || <span className="muted">—</span>}</span>}
        {canEdit ? (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={`Edit ${label}`}
            onClick={() => {
              setDraft(value);
              setError(null);
              setEditing(true);
            }}
            data-testid={`${testId}-edit`}
          >
            ✎
          </button>
        ) : null}
      </span>
    );
  }
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSave(draft.trim());
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        className="field__input"
        aria-label={label}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
        }}
        autoFocus
        disabled={busy}
        data-testid={`${testId}-input`}
      />
      <button type="submit" className="button" disabled={busy} data-testid={`${testId}-save`}>
        Save
      </button>
      <button type="button" className="button button--secondary" onClick={() => setEditing(false)} disabled={busy}>
        Cancel
      </button>
      {error ? (
        <span className="form-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      ) : null}
    </form>
  );
}

export function HostDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_hosts');
  const [host, setHost] = useState<Host | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [editingGroups, setEditingGroups] = useState<string[] | null>(null);
  const [groupsError, setGroupsError] = useState<string | null>(null);
  const [notes, setNotes] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'deploy' | 'delete' | null>(null);

  useEffect(() => {
    let stale = false;
    setHost(null);
    setNotFound(false);
    setError(null);
    getHost(id).then(
      (h) => {
        if (!stale) setHost(h);
      },
      (e: unknown) => {
        if (stale) return;
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setError(e instanceof Error ? e.message : 'Could not load the host.');
      },
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
  }, [id]);

  useEffect(() => {
    document.title = `${host?.friendly_name ?? (notFound ? 'Host not found' : 'Host')} · PatchMon`;
  }, [host, notFound]);

  if (notFound) {
    return (
      <div className="page" data-testid="host-not-found">
        <h1>Host not found</h1>
        <p>This host does not exist, or it has been deleted.</p>
        <Link to="/hosts">Back to Hosts</Link>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page">
        <h1>Host</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!host) {
    return (
      <div className="page">
        <p className="inline-status">Loading host…</p>
      </div>
    );
  }

  const patch = async (field: EditableField | 'notes', value: string) => {
    const answer = await updateHost(host.id, { [field]: value });
    setHost(answer.host);
  };

  const saveGroups = async () => {
    if (!editingGroups) return;
    setGroupsError(null);
    try {
      const answer = await setHostGroups(host.id, editingGroups);
      setHost(answer.host);
      setEditingGroups(null);
    } catch (e) {
      setGroupsError(e instanceof Error ? e.message : 'Could not save the groups.');
    }
  };

  const field = (name: EditableField, label: string) => (
    <InlineEdit
      value={host[name] ?? ''}
      label={label}
      testId={`host-${name.replace('_', '-')}`}
      canEdit={canManage}
      onSave={(v) => patch(name, v)}
    />
  );

  return (
    <div className="page page--wide">
      <p>
        <Link to="/hosts">← Hosts</Link>
      </p>
      <div className="page-header page-header--actions">
        <div>
          <InlineEdit
            value={host.friendly_name}
            label="Friendly name"
            testId="host-friendly-name"
            canEdit={canManage}
            onSave={(v) => patch('friendly_name', v)}
          >
            <h1 data-testid="host-friendly-name">{host.friendly_name}</h1>
          </InlineEdit>{' '}
          <StatusBadge status={host.status} />
        </div>
        {canManage ? (
          <div className="bulk-toolbar">
            <button type="button" className="button" onClick={() => setDialog('deploy')} data-testid="deploy-agent">
              Deploy Agent
            </button>
            <button type="button" className="button button--danger" onClick={() => setDialog('delete')} data-testid="delete-host">
              Delete
            </button>
          </div>
        ) : null}
      </div>

      <section className="card" aria-labelledby="host-info-title" style={{ padding: '1rem' }}>
        <h2 id="host-info-title">Host Info</h2>
        <div className="info-grid">
          <span>Host Groups</span>
          <div>
            {editingGroups === null ? (
              <span className="inline-edit">
                <GroupChips groups={host.host_groups} />
                {canManage ? (
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label="Edit host groups"
                    onClick={() => {
                      setGroupsError(null);
                      setEditingGroups(host.host_groups.map((g) => g.id));
                    }}
                    data-testid="host-groups-edit"
                  >
                    ✎
                  </button>
                ) : null}
              </span>
            ) : (
              <div data-testid="host-groups-editor">
                <ul className="checkbox-list">
                  {groups.map((g) => (
                    <li key={g.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={editingGroups.includes(g.id)}
                          onChange={(e) =>
                            setEditingGroups((cur) =>
                              cur === null ? cur : e.target.checked ? [...cur, g.id] : cur.filter((x) => x !== g.id),
                            )
                          }
                          data-testid={`host-group-${g.name}`}
                        />
                        <GroupDot color={g.color} />
                        {g.name}
                      </label>
                    </li>
                  ))}
                </ul>
                {groups.length === 0 ? <p className="muted">No host groups exist yet.</p> : null}
                <div className="inline-edit">
                  <button type="button" className="button" onClick={() => void saveGroups()} data-testid="host-groups-save">
                    Save groups
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setEditingGroups(null)}>
                    Cancel
                  </button>
                </div>
                {groupsError ? (
                  <p className="form-error" role="alert">
                    {groupsError}
                  </p>
                ) : null}
              </div>
            )}
          </div>
          <span>Hostname</span>
          {field('hostname', 'Hostname')}
          <span>IP Address</span>
          {field('ip', 'IP address')}
          <span>Operating System</span>
          <span data-testid="host-os">{osLabel(host)}</span>
          <span>Architecture</span>
          <span>{host.architecture ?? '—'}</span>
          <span>Agent Version</span>
          <span data-testid="host-agent-version">{host.agent_version ?? '—'}</span>
          <span>Last Update</span>
          <span title={host.last_update ?? undefined} data-testid="host-last-update">
            {relativeTime(host.last_update)}
          </span>
          <span>Created</span>
          <span>{host.created_at ? new Date(host.created_at).toLocaleString() : '—'}</span>
          <span>API ID</span>
          <code>{host.api_id}</code>
        </div>
      </section>

      <section className="card" aria-labelledby="host-notes-title" style={{ padding: '1rem', marginTop: '1rem' }}>
        <h2 id="host-notes-title">Notes</h2>
        {notes === null ? (
          <>
            <p style={{ whiteSpace: 'pre-wrap' }} data-testid="host-notes">
              {host.notes || <span className="muted">No notes.</span>}
            </p>
            {canManage ? (
              <button type="button" className="button button--secondary" onClick={() => setNotes(host.notes ?? '')} data-testid="host-notes-edit">
                Edit notes
              </button>
            ) : null}
          </>
        ) : (
          <NotesEditor
            initial={notes}
            onCancel={() => setNotes(null)}
            onSave={async (v) => {
              await patch('notes', v);
              setNotes(null);
            }}
          />
        )}
      </section>

      {dialog === 'deploy' ? <DeployAgentDialog host={host} onClose={() => setDialog(null)} onRegenerated={setHost} /> : null}
      {dialog === 'delete' ? (
        <DeleteHostDialog host={host} onClose={() => setDialog(null)} onDeleted={() => navigate('/hosts', { replace: true })} />
      ) : null}
    </div>
  );
}

function NotesEditor({ initial, onSave, onCancel }: { initial: string; onSave: (v: string) => Promise<void>; onCancel: () => void }) {
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        onSave(value).catch((err: unknown) => {
          setError(err instanceof Error ? err.message : 'Could not save the notes.');
          setBusy(false);
        });
      }}
    >
      <textarea
        className="field__input"
        aria-label="Notes"
        rows={5}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        data-testid="host-notes-input"
      />
      <div className="inline-edit">
        <button type="submit" className="button" disabled={busy} data-testid="host-notes-save">
          Save notes
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function DeployAgentDialog({ host, onClose, onRegenerated }: { host: Host; onClose: () => void; onRegenerated: (h: Host) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creds, setCreds] = useState<{ apiId: string; apiKey: string } | null>(null);
  const os = (['linux', 'freebsd', 'windows'].includes(host.os_family ?? '') ? host.os_family : 'linux') as OsFamily;
  const regenerate = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await regenerateCredentials(host.id);
      setCreds({ apiId: answer.api_id, apiKey: answer.api_key });
      onRegenerated(answer.host);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not regenerate the credentials.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Deploy Agent" onClose={onClose} busy={busy} testId="deploy-dialog" size="wide">
      <div className="modal__body">
        {creds ? (
          <>
            <p className="modal__text">
              New credentials were issued; the old API key no longer works. <strong>This key is shown only once.</strong>
            </p>
            <InstallCommand os={os} apiId={creds.apiId} apiKey={creds.apiKey} testId="deploy-command" />
          </>
        ) : (
          <p className="modal__text">
            The API key is only shown when it is created. To get a new install command, regenerate the credentials: the
            current key stops working and an agent already installed with it must be reconfigured.
          </p>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
          {creds ? 'Close' : 'Cancel'}
        </button>
        {creds ? null : (
          <button type="button" className="button button--danger" onClick={() => void regenerate()} disabled={busy} data-testid="regenerate-confirm">
            Regenerate credentials
          </button>
        )}
      </div>
    </Modal>
  );
}

function DeleteHostDialog({ host, onClose, onDeleted }: { host: Host; onClose: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Delete host" onClose={onClose} busy={busy} testId="delete-host-dialog">
      <div className="modal__body">
        <p className="modal__text">
          Delete <strong>{host.friendly_name}</strong>? Its data is removed and its agent can no longer report.
        </p>
        {error ? (
          <p className="form-error" role="alert">
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
          data-testid="delete-host-confirm"
          onClick={() => {
            setBusy(true);
            setError(null);
            deleteHost(host.id).then(onDeleted, (e: unknown) => {
              setError(e instanceof Error ? e.message : 'Could not delete the host.');
              setBusy(false);
            });
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
