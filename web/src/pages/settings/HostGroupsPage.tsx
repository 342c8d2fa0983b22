import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  createHostGroup,
  DEFAULT_GROUP_COLOR,
  deleteHostGroup,
  listHostGroups,
  listHosts,
  updateHostGroup,
  type Host,
  type HostGroup,
} from '../../api/hosts';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import { GroupDot } from '../hosts/common';
import { useDocumentTitle } from '../SectionPage';
import '../hosts/hosts.css';

const HEX = /^#[0-9A-Fa-f]{6}$/;

export function HostGroupsPage() {
  const [groups, setGroups] = useState<HostGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'edit' | 'delete'; group: HostGroup } | null>(null);
  const [reload, setReload] = useState(0);

  useDocumentTitle('Host Groups');

  useEffect(() => {
    let stale = false;
    listHostGroups().then(
      (g) => {
        if (!stale) setGroups(g);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the host groups.');
      },
    );
    return () => {
      stale = true;
    };
  }, [reload]);

  const done = () => {
    setDialog(null);
    setReload((n) => n + 1);
  };

  return (
    <div className="page page--wide">
      <div className="page-header page-header--actions">
        <div>
          <h1>Host Groups</h1>
          <p className="page-summary">Named, coloured buckets for organising hosts. A host can belong to several groups.</p>
        </div>
        <button type="button" className="button" onClick={() => setDialog({ kind: 'create' })} data-testid="create-group">
          Create Group
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="card table-card">
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="host-groups-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Hosts</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups === null && !error ? (
                <tr>
                  <td colSpan={4} className="table-empty">
                    Loading host groups…
                  </td>
                </tr>
              ) : null}
              {groups?.length === 0 ? (
                <tr>
                  <td colSpan={4} className="table-empty" data-testid="host-groups-empty">
                    No host groups yet.
                  </td>
                </tr>
              ) : null}
              {groups?.map((g) => (
                <tr key={g.id} data-testid={`group-row-${g.name}`}>
                  <td className="data-table__primary">
                    <span className="inline-edit">
                      <GroupDot color={g.color} />
                      {g.name}
                    </span>
                  </td>
                  <td>{g.description || <span className="muted">—</span>}</td>
                  <td>
                    <Link to={`/hosts?group=${encodeURIComponent(g.id)}`} data-testid={`group-hosts-${g.name}`}>
                      {g.host_count} host{g.host_count === 1 ? '' : 's'}
                    </Link>
                  </td>
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="icon-button icon-button--small"
                      aria-label={`Edit ${g.name}`}
                      onClick={() => setDialog({ kind: 'edit', group: g })}
                      data-testid={`edit-group-${g.name}`}
                    >
                      ✎
                    </button>
                    <button
                      type="button"
                      className="icon-button icon-button--small icon-button--danger"
                      aria-label={`Delete ${g.name}`}
                      onClick={() => setDialog({ kind: 'delete', group: g })}
                      data-testid={`delete-group-${g.name}`}
                    >
                      🗑
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {dialog?.kind === 'create' ? <GroupFormDialog onClose={() => setDialog(null)} onSaved={done} /> : null}
      {dialog?.kind === 'edit' ? <GroupFormDialog group={dialog.group} onClose={() => setDialog(null)} onSaved={done} /> : null}
      {dialog?.kind === 'delete' ? <DeleteGroupDialog group={dialog.group} onClose={() => setDialog(null)} onDeleted={done} /> : null}
    </div>
  );
}

function GroupFormDialog({ group, onClose, onSaved }: { group?: HostGroup; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [color, setColor] = useState(group?.color ?? DEFAULT_GROUP_COLOR);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; color?: string; form?: string }>({});

  const submit = async () => {
    const local: typeof errors = {};
    if (!name.trim()) local.name = 'Name is required';
    if (!HEX.test(color)) local.color = 'Colour must be a hex value like #3B82F6';
    setErrors(local);
    if (local.name || local.color) return;
    setBusy(true);
    const body = { name: name.trim(), description: description.trim(), color: color.toUpperCase() };
    try {
      if (group) await updateHostGroup(group.id, body);
      else await createHostGroup(body);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.length > 0) {
        setErrors({
          name: e.fieldError('name'),
          color: e.fieldError('color'),
          form: e.fieldErrors.filter((f) => f.param !== 'name' && f.param !== 'color').map((f) => f.msg).join('; ') || undefined,
        });
      } else if (e instanceof ApiError && /name/i.test(e.error ?? '')) {
        setErrors({ name: e.message });
      } else {
        setErrors({ form: e instanceof Error ? e.message : 'Could not save the group.' });
      }
      setBusy(false);
    }
  };

  return (
    <Modal title={group ? 'Edit Host Group' : 'Create Host Group'} onClose={onClose} busy={busy} testId="group-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="modal__body">
          <FormField
            id="group-name"
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            errors={errors.name ? [errors.name] : []}
            testId="group-name"
          />
          <div className="field">
            <label className="field__label" htmlFor="group-description">
              Description
            </label>
            <textarea
              id="group-description"
              className="field__input"
              rows={2}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="group-description"
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="group-color">
              Color
            </label>
            <span className="inline-edit">
              <input
                type="color"
                aria-label="Colour picker"
                value={HEX.test(color) ? color.toLowerCase() : '#000000'}
                onChange={(e) => setColor(e.target.value.toUpperCase())}
                data-testid="group-color-picker"
              />
              <input
                id="group-color"
                className="field__input"
                value={color}
                onChange={(e) => setColor(e.target.value)}
                aria-invalid={errors.color ? true : undefined}
                data-testid="group-color"
              />
            </span>
            {errors.color ? (
              <ul className="field__errors" data-testid="group-color-error">
                <li>{errors.color}</li>
              </ul>
            ) : null}
          </div>
          {errors.form ? (
            <p className="form-error" role="alert" data-testid="group-form-error">
              {errors.form}
            </p>
          ) : null}
        </div>
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy} data-testid="group-submit">
            {group ? 'Update Group' : 'Create Group'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DeleteGroupDialog({ group, onClose, onDeleted }: { group: HostGroup; onClose: () => void; onDeleted: () => void }) {
  const [hosts, setHosts] = useState<Host[] | null>(group.host_count === 0 ? [] : null);

  useEffect(() => {
    let stale = false;
    listHosts({ group: group.id }).then(
      (list) => {
        if (!stale) setHosts(list);
      },
      () => {
        if (!stale && group.host_count > 0) setHosts([]);
      },
    );
    return () => {
      stale = true;
    };
  }, [group]);

  const blocked = group.host_count > 0 || (hosts !== null && hosts.length > 0);
  return (
    <ConfirmDialog
      title="Delete Host Group"
      testId="delete-group-dialog"
      confirmLabel="Delete Group"
      confirmTestId="delete-group-confirm"
      confirmDisabled={blocked || hosts === null}
      onConfirm={() => deleteHostGroup(group.id)}
      onDone={onDeleted}
      onClose={onClose}
      errorFallback="Could not delete the group."
    >
      {blocked ? (
        <div className="warning-box" role="alert" data-testid="delete-group-warning">
          <p>
            <strong>{group.name}</strong> still contains hosts and cannot be deleted. Move them to other groups (or
            remove this group from them) first:
          </p>
          {hosts === null ? (
            <p>Loading hosts…</p>
          ) : (
            <ul data-testid="delete-group-hosts">
              {hosts.map((h) => (
                <li key={h.id}>{h.friendly_name}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p className="modal__text">
          Delete the group <strong>{group.name}</strong>? No hosts belong to it.
        </p>
      )}
    </ConfirmDialog>
  );
}
