import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { getHostAutoUpdate, setHostAutoUpdate, type HostAutoUpdate } from '../../../api/agentUpdates';
import { setHostGroups, type Host, type HostGroup } from '../../../api/hosts';
import type { HostDetails } from '../../../api/hostInventory';
import { GroupChips, GroupDot } from '../common';
import { osLabel, relativeTime } from '../installCommand';
import { InlineEdit, type EditableField } from './InlineEdit';
import { InfoList } from './InfoList';
import { DASH, dateTime, text } from './format';

interface Props {
  host: Host;
  details: HostDetails | null;
  groups: HostGroup[];
  canManage: boolean;
  onSaveField: (field: EditableField, value: string) => Promise<void>;
  onHostChanged: (host: Host) => void;
}

function GroupsField({ host, groups, canManage, onHostChanged }: Pick<Props, 'host' | 'groups' | 'canManage' | 'onHostChanged'>) {
  const [editing, setEditing] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (!editing) return;
    setError(null);
    try {
      const answer = await setHostGroups(host.id, editing);
      onHostChanged(answer.host);
      setEditing(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save the groups.');
    }
  };
  if (editing === null) {
    return (
      <span className="inline-edit">
        <GroupChips groups={host.host_groups} />
        {canManage ? (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Edit host groups"
            onClick={() => {
              setError(null);
              setEditing(host.host_groups.map((g) => g.id));
            }}
            data-testid="host-groups-edit"
          >
            ✎
          </button>
        ) : null}
      </span>
    );
  }
  return (
    <div data-testid="host-groups-editor">
      <ul className="checkbox-list">
        {groups.map((g) => (
          <li key={g.id}>
            <label>
              <input
                type="checkbox"
                checked={editing.includes(g.id)}
                onChange={(e) =>
                  setEditing((cur) => (cur === null ? cur : e.target.checked ? [...cur, g.id] : cur.filter((x) => x !== g.id)))
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
        <button type="button" className="button" onClick={() => void save()} data-testid="host-groups-save">
          Save groups
        </button>
        <button type="button" className="button button--secondary" onClick={() => setEditing(null)}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const GLOBAL_OFF = 'Automatic agent updates are disabled for every host in Settings → Agent Updates';

/**
 * "Agent Auto-update" (ch. 4): the host's own switch, saved at once and pushed to its connected agent. While the
 * global switch is off the host's agent does not update itself either way, which the yellow badge says.
 */
function AutoUpdateField({ hostId, canManage }: { hostId: string; canManage: boolean }) {
  const [state, setState] = useState<HostAutoUpdate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let stale = false;
    getHostAutoUpdate(hostId).then(
      (s) => {
        if (!stale) setState(s);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the auto-update setting.');
      },
    );
    return () => {
      stale = true;
    };
  }, [hostId]);

  const toggle = async (enabled: boolean) => {
    setPending(true);
    setError(null);
    try {
      setState(await setHostAutoUpdate(hostId, enabled));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save the auto-update setting.');
    } finally {
      setPending(false);
    }
  };

  if (!state) {
    return error ? (
      <span className="muted" title={error} data-testid="host-auto-update-error">
        {DASH}
      </span>
    ) : (
      <span className="muted">…</span>
    );
  }
  return (
    <span className="inline-edit">
      <label>
        <input
          type="checkbox"
          role="switch"
          aria-label="Agent auto-update"
          checked={state.auto_update}
          disabled={!canManage || pending}
          onChange={(e) => void toggle(e.target.checked)}
          data-testid="host-auto-update"
        />{' '}
        {state.auto_update ? 'Enabled' : 'Disabled'}
      </label>
      {!state.global_auto_update ? (
        <span className="badge badge--warning" title={GLOBAL_OFF} data-testid="host-auto-update-global-off">
          <Link to="/settings/agent-config">Disabled globally</Link>
        </span>
      ) : null}
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** Host Info (ch. 4): identity, groups and what the agent says about itself. */
export function HostInfoTab({ host, details, groups, canManage, onSaveField, onHostChanged }: Props) {
  const field = (name: EditableField, label: string) => (
    <InlineEdit
      value={host[name] ?? ''}
      label={label}
      testId={`host-${name.replace('_', '-')}`}
      canEdit={canManage}
      onSave={(v) => onSaveField(name, v)}
    />
  );
  const rebootReason = details?.reboot_reason;
  return (
    <InfoList
      rows={[
        {
          label: 'Friendly Name',
          value: (
            <InlineEdit
              value={host.friendly_name}
              label="Friendly name"
              testId="host-info-friendly-name"
              canEdit={canManage}
              onSave={(v) => onSaveField('friendly_name', v)}
            />
          ),
        },
        { label: 'Hostname', value: field('hostname', 'Hostname') },
        {
          label: 'IP Address',
          value: host.primary_interface ? (
            <span data-testid="host-ip-primary">
              <code>{host.ip ?? DASH}</code> <span className="badge badge--muted">from {host.primary_interface}</span>
            </span>
          ) : (
            field('ip', 'IP address')
          ),
        },
        { label: 'Machine ID', value: <code>{text(details?.system?.machine_id)}</code>, testId: 'host-machine-id' },
        {
          label: 'Host Groups',
          value: <GroupsField host={host} groups={groups} canManage={canManage} onHostChanged={onHostChanged} />,
        },
        { label: 'Operating System', value: osLabel(host), testId: 'host-os' },
        { label: 'Kernel', value: text(details?.system?.kernel_version), testId: 'host-kernel' },
        { label: 'Architecture', value: text(host.architecture), testId: 'host-architecture' },
        { label: 'Agent Version', value: host.agent_version ?? DASH, testId: 'host-agent-version' },
        { label: 'Agent Auto-update', value: <AutoUpdateField hostId={host.id} canManage={canManage} /> },
        {
          label: 'Reboot Required',
          value: host.needs_reboot ? (
            <span>
              <span className="badge badge--warning">Yes</span> {rebootReason ? <span>{rebootReason}</span> : null}
            </span>
          ) : (
            'No'
          ),
          testId: 'host-reboot',
        },
        { label: 'Uptime', value: text(details?.system?.system_uptime), testId: 'host-uptime' },
        {
          label: 'Last Update',
          value: <span title={host.last_update ?? undefined}>{relativeTime(host.last_update)}</span>,
          testId: 'host-last-update',
        },
        {
          label: 'Last Check-in',
          value: details?.last_check_in_at ? relativeTime(details.last_check_in_at) : DASH,
          testId: 'host-last-check-in',
        },
        { label: 'Created', value: dateTime(host.created_at) },
        { label: 'API ID', value: <code>{host.api_id}</code> },
      ]}
    />
  );
}
