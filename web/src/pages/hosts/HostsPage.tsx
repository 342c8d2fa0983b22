import { Fragment, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { useColumnLayout, type ColumnDef } from '../../hooks/useColumnLayout';
import { ColumnsPanel } from '../../components/ColumnsPanel';
import { getRepository } from '../../api/repositories';
import {
  HOST_LIST_FILTERS,
  bulkDeleteHosts,
  bulkSetGroups,
  listHostGroups,
  listHosts,
  type Host,
  type HostGroup,
} from '../../api/hosts';
import { useAuth } from '../../auth/AuthProvider';
import { Modal } from '../../components/Modal';
import { AddHostWizard } from './AddHostWizard';
import { ConnectionBadge, GroupChips, GroupDot, StatusBadge } from './common';
import { applyHostFrame, useHostLive } from '../../hooks/useHostLive';
import { osLabel, relativeTime } from './installCommand';
import { useDocumentTitle } from '../SectionPage';
import './hosts.css';

export function HostsPage() {
  const { hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_hosts');
  const { params, search, searchText, setSearchText, setParam, clearAll } = useUrlFilters();
  const group = params.get('group') ?? '';
  const status = params.get('status') ?? '';
  const filter = params.get('filter') ?? '';
  const hideStale = params.get('hide_stale') === 'true';
  const repository = params.get('repository') ?? '';
  const packageName = params.get('package') ?? '';
  const groupBy = (GROUPINGS.some(([value]) => value === params.get('group_by')) ? params.get('group_by') : '') as Grouping;
  const [repositoryName, setRepositoryName] = useState<string | null>(null);
  const [showFilters, setShowFilters] = useState(Boolean(group || status || filter));
  const [hosts, setHosts] = useState<Host[] | null>(null);
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'add' | 'assign' | 'delete' | null>(null);
  const [reload, setReload] = useState(0);
  const columns = useColumnLayout(COLUMNS_KEY, COLUMNS);
  const [showColumns, setShowColumns] = useState(false);

  useDocumentTitle('Hosts');

  useEffect(() => {
    listHostGroups().then(setGroups, () => setGroups([]));
  }, [reload]);

  useEffect(() => {
    let stale = false;
    setError(null);
    listHosts({ group, status, search, filter, hideStale, repository, package: packageName }).then(
      (list) => {
        if (stale) return;
        setHosts(list);
        setSelected((ids) => ids.filter((id) => list.some((h) => h.id === id)));
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the hosts.');
      },
    );
    return () => {
      stale = true;
    };
  }, [group, status, search, filter, hideStale, repository, packageName, reload]);

  useEffect(() => {
    setRepositoryName(null);
    if (!repository) return;
    let stale = false;
    getRepository(repository).then(
      (r) => {
        if (!stale) setRepositoryName(r.repository.name);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [repository]);

  // Connection badges and last-seen times follow the hosts' channels; the list itself is re-read on demand.
  const hostIds = useMemo(() => (hosts ?? []).map((h) => h.id), [hosts]);
  const live = useHostLive(hostIds, (frame) => setHosts((current) => (current ? current.map((h) => applyHostFrame(h, frame)) : current)));

  const refresh = () => setReload((n) => n + 1);
  const list = hosts ?? [];
  const span = 1 + columns.visible.length + (canManage ? 1 : 0);
  // The cards count the hosts listed: fleet-wide until a filter narrows the list.
  const stats = useMemo(
    () => ({
      total: list.length,
      updates: list.filter((h) => h.updates_count > 0).length,
      reboot: list.filter((h) => h.needs_reboot).length,
      online: list.filter((h) => h.effective_status === 'active').length,
      offline: list.filter((h) => h.is_stale).length,
      pending: list.filter((h) => h.effective_status === 'pending').length,
    }),
    [list],
  );
  const filtered = Boolean(group || status || search || filter || hideStale || repository || packageName);
  const selectedHosts = list.filter((h) => selected.includes(h.id));
  const allSelected = list.length > 0 && selected.length === list.length;

  return (
    <div className="page page--wide" data-testid="hosts-page" data-live-subscribed={live.subscribed}>
      <div className="page-header page-header--actions">
        <div>
          <h1>Hosts</h1>
          <p className="page-summary">Every enrolled Linux, FreeBSD and Windows host.</p>
        </div>
        {canManage ? (
          <button type="button" className="button" onClick={() => setDialog('add')} data-testid="add-host-button">
            Add Host
          </button>
        ) : null}
      </div>

      <div className="summary-cards" data-testid="host-summary">
        <div className="card summary-card">
          <p className="summary-card__value" data-testid="summary-total">
            {stats.total}
          </p>
          <p className="summary-card__label">Total Hosts</p>
        </div>
        <button
          type="button"
          className="card summary-card summary-card--link"
          onClick={() => setParam('filter', 'needs_updates')}
          data-testid="summary-card-updates"
        >
          <span className="summary-card__value" data-testid="summary-updates">
            {stats.updates}
          </span>
          <span className="summary-card__label">Needs Updates</span>
        </button>
        <button
          type="button"
          className="card summary-card summary-card--link"
          onClick={() => setParam('filter', 'needs_reboot')}
          data-testid="summary-card-reboot"
        >
          <span className="summary-card__value" data-testid="summary-reboot">
            {stats.reboot}
          </span>
          <span className="summary-card__label">Needs Reboots</span>
        </button>
        <div className="card summary-card" data-testid="summary-connection">
          <p className="summary-card__value">
            <span className="summary-card__online" data-testid="summary-online">
              {stats.online}
            </span>
            {' / '}
            <span className="summary-card__offline" data-testid="summary-offline">
              {stats.offline}
            </span>
          </p>
          <p className="summary-card__label">
            Connection Status: online / offline{stats.pending > 0 ? ` · ${stats.pending} pending` : ''}
          </p>
        </div>
      </div>

      <div className="card table-card">
        <div className="table-toolbar">
          <div className="field table-toolbar__search">
            <label className="visually-hidden" htmlFor="hosts-search">
              Search hosts
            </label>
            <input
              id="hosts-search"
              className="field__input"
              type="search"
              placeholder="Search hosts…"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              data-testid="hosts-search"
            />
          </div>
          {repository ? (
            <span className="filter-pill" data-testid="hosts-repository-filter">
              Repository: {repositoryName ?? 'selected repository'}
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label="Clear repository filter"
                onClick={() => setParam('repository', '')}
                data-testid="hosts-repository-filter-clear"
              >
                ×
              </button>
            </span>
          ) : null}
          {packageName ? (
            <span className="filter-pill" data-testid="hosts-package-filter">
              Package: {packageName}
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label="Clear package filter"
                onClick={() => setParam('package', '')}
                data-testid="hosts-package-filter-clear"
              >
                ×
              </button>
            </span>
          ) : null}
          <select
            className="field__input table-toolbar__grouping"
            aria-label="Group rows"
            value={groupBy}
            onChange={(e) => setParam('group_by', e.target.value)}
            data-testid="hosts-group-by"
          >
            {GROUPINGS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={showFilters}
            onClick={() => setShowFilters((v) => !v)}
            data-testid="hosts-filters-toggle"
          >
            Filters
          </button>
          <label className="toggle-field" title="Hide hosts that have not reported for three update intervals">
            <input
              type="checkbox"
              checked={hideStale}
              onChange={(e) => setParam('hide_stale', e.target.checked ? 'true' : '')}
              data-testid="hosts-hide-stale"
            />
            Hide Stale
          </label>
          {filtered ? (
            <button
              type="button"
              className="link-button"
              onClick={clearAll}
              data-testid="hosts-clear-filters"
            >
              Clear Filters
            </button>
          ) : null}
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={showColumns}
            onClick={() => setShowColumns((v) => !v)}
            data-testid="hosts-columns-toggle"
          >
            Columns
          </button>
          <span className="table-toolbar__count" data-testid="hosts-count">
            {list.length} host{list.length === 1 ? '' : 's'}
          </span>
        </div>
        {showColumns ? <ColumnsPanel layout={columns} testIdPrefix="hosts" /> : null}
        {showFilters ? (
          <div className="filters-panel" data-testid="hosts-filters">
            <div className="field table-toolbar__filter">
              <label className="field__label" htmlFor="hosts-group-filter">
                Host Group
              </label>
              <select
                id="hosts-group-filter"
                className="field__input"
                value={group}
                onChange={(e) => setParam('group', e.target.value)}
                data-testid="hosts-group-filter"
              >
                <option value="">All groups</option>
                <option value="ungrouped">Ungrouped</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field table-toolbar__filter">
              <label className="field__label" htmlFor="hosts-status-filter">
                Status
              </label>
              <select
                id="hosts-status-filter"
                className="field__input"
                value={status}
                onChange={(e) => setParam('status', e.target.value)}
                data-testid="hosts-status-filter"
              >
                <option value="">All statuses</option>
                <option value="active">Active</option>
                <option value="pending">Pending</option>
                <option value="inactive">Inactive</option>
              </select>
            </div>
            <div className="field table-toolbar__filter">
              <label className="field__label" htmlFor="hosts-update-filter">
                Updates
              </label>
              <select
                id="hosts-update-filter"
                className="field__input"
                value={filter}
                onChange={(e) => setParam('filter', e.target.value)}
                data-testid="hosts-update-filter"
              >
                <option value="">All hosts</option>
                {Object.entries(HOST_LIST_FILTERS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
        {canManage && selected.length > 0 ? (
          <div className="bulk-toolbar" data-testid="bulk-toolbar">
            <span>{selected.length} selected</span>
            <button type="button" className="button button--secondary" onClick={() => setDialog('assign')} data-testid="bulk-assign">
              Assign to Group
            </button>
            <button type="button" className="button button--danger" onClick={() => setDialog('delete')} data-testid="bulk-delete">
              Delete
            </button>
          </div>
        ) : null}
        {error ? (
          <p className="form-error" role="alert" data-testid="hosts-error">
            {error}
          </p>
        ) : null}
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="hosts-table">
            <thead>
              <tr>
                {canManage ? (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all hosts"
                      checked={allSelected}
                      onChange={(e) => setSelected(e.target.checked ? list.map((h) => h.id) : [])}
                      data-testid="select-all"
                    />
                  </th>
                ) : null}
                <th scope="col">Friendly Name</th>
                {columns.visible.map((key) => (
                  <th key={key} scope="col">
                    {COLUMN_LABELS[key]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {hosts === null && !error ? (
                <tr>
                  <td colSpan={span} className="table-empty">
                    Loading hosts…
                  </td>
                </tr>
              ) : null}
              {hosts !== null && list.length === 0 ? (
                <tr>
                  <td colSpan={span} className="table-empty" data-testid="hosts-empty">
                    {filtered ? 'No hosts match these filters.' : 'No hosts yet. Add one to get started.'}
                  </td>
                </tr>
              ) : null}
              {sections(list, groupBy).map(([section, label, members]) => (
                <Fragment key={section}>
                  {groupBy ? (
                    <tr className="table-group-row" data-testid={`hosts-section-${section}`}>
                      <th scope="rowgroup" colSpan={span}>
                        {label} <span className="muted">({members.length})</span>
                      </th>
                    </tr>
                  ) : null}
                  {members.map((h) => (
                    <tr key={`${section}-${h.id}`} data-testid={`host-row-${h.friendly_name}`}>
                      {canManage ? (
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select ${h.friendly_name}`}
                            checked={selected.includes(h.id)}
                            onChange={(e) =>
                              setSelected((ids) => (e.target.checked ? [...ids, h.id] : ids.filter((id) => id !== h.id)))
                            }
                            data-testid={`select-${h.friendly_name}`}
                          />
                        </td>
                      ) : null}
                      <td className="data-table__primary">
                        <Link to={`/hosts/${h.id}`}>{h.friendly_name}</Link>
                      </td>
                      {columns.visible.map((key) => (
                        <HostCell key={key} column={key} host={h} />
                      ))}
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {dialog === 'add' ? (
        <AddHostWizard
          groups={groups}
          onClose={() => {
            setDialog(null);
            refresh();
          }}
        />
      ) : null}
      {dialog === 'assign' ? (
        <BulkAssignDialog
          hosts={selectedHosts}
          groups={groups}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            refresh();
          }}
        />
      ) : null}
      {dialog === 'delete' ? (
        <BulkDeleteDialog
          hosts={selectedHosts}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setSelected([]);
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}

type Column = 'hostname' | 'ip' | 'os' | 'groups' | 'connection' | 'status' | 'updates' | 'last_update' | 'reboot';

const COLUMN_LABELS: Record<Column, string> = {
  hostname: 'Hostname',
  ip: 'IP',
  os: 'OS',
  groups: 'Groups',
  connection: 'Connection',
  status: 'Status',
  updates: 'Updates',
  last_update: 'Last Update',
  reboot: 'Needs Reboot',
};
const COLUMNS: readonly ColumnDef<Column>[] = (Object.keys(COLUMN_LABELS) as Column[]).map((key) => ({ key, label: COLUMN_LABELS[key] }));
const COLUMNS_KEY = 'patchmon.hosts.columns';

function HostCell({ column, host: h }: { column: Column; host: Host }) {
  switch (column) {
    case 'hostname':
      return <td>{h.hostname ?? <span className="muted">—</span>}</td>;
    case 'ip':
      return <td>{h.ip ?? <span className="muted">—</span>}</td>;
    case 'os':
      return <td>{osLabel(h)}</td>;
    case 'groups':
      return (
        <td>
          <GroupChips groups={h.host_groups} />
        </td>
      );
    case 'connection':
      return (
        <td>
          <ConnectionBadge connected={h.connected} secure={h.connection_secure} />
        </td>
      );
    case 'status':
      return (
        <td>
          <StatusBadge status={h.effective_status} />
        </td>
      );
    case 'updates':
      return (
        <td data-testid="host-updates">
          <UpdatesCell host={h} />
        </td>
      );
    case 'last_update':
      return <td title={h.last_update ?? undefined}>{relativeTime(h.last_update)}</td>;
    default:
      return <td>{h.needs_reboot ? <span className="badge badge--muted">Reboot required</span> : 'No'}</td>;
  }
}

type Grouping = '' | 'group' | 'status' | 'os';

const GROUPINGS: [Grouping, string][] = [
  ['', 'No Grouping'],
  ['group', 'By Group'],
  ['status', 'By Status'],
  ['os', 'By OS'],
];

const STATUS_LABELS: Record<string, string> = { active: 'Active', pending: 'Pending', inactive: 'Inactive' };

/**
 * The table's sections (chapter 5, "Grouping the table"): a visual grouping, not a filter. A host
 * in several groups appears under each; hosts without a group come last, under Ungrouped.
 */
function sections(hosts: Host[], by: Grouping): [string, string, Host[]][] {
  if (!by) return [['all', '', hosts]];
  const buckets = new Map<string, [string, Host[]]>();
  const add = (key: string, label: string, h: Host) => {
    const bucket = buckets.get(key) ?? [label, []];
    bucket[1].push(h);
    buckets.set(key, bucket);
  };
  for (const h of hosts) {
    if (by === 'group') {
      if (h.host_groups.length === 0) add('ungrouped', 'Ungrouped', h);
      h.host_groups.forEach((g) => add(`group-${g.id}`, g.name, h));
    } else if (by === 'status') {
      add(h.effective_status, STATUS_LABELS[h.effective_status] ?? h.effective_status, h);
    } else {
      const os = osLabel(h);
      add(`os-${os}`, os, h);
    }
  }
  return [...buckets.entries()]
    .map(([key, [label, members]]): [string, string, Host[]] => [key, label, members])
    .sort(([a, la], [b, lb]) => (a === 'ungrouped' ? 1 : b === 'ungrouped' ? -1 : la.localeCompare(lb)));
}

function UpdatesCell({ host }: { host: Host }) {
  if (host.status === 'pending') return <span className="muted">—</span>;
  if (host.updates_count === 0) return <span className="badge badge--success">Up to date</span>;
  return (
    <span>
      {host.updates_count}
      {host.security_updates_count > 0 ? (
        <span className="badge badge--danger" title="Security updates">
          {' '}
          {host.security_updates_count} security
        </span>
      ) : null}
    </span>
  );
}

function BulkAssignDialog({
  hosts,
  groups,
  onClose,
  onDone,
}: {
  hosts: Host[];
  groups: HostGroup[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [ids, setIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await bulkSetGroups(
        hosts.map((h) => h.id),
        ids,
      );
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not assign the groups.');
      setBusy(false);
    }
  };
  return (
    <Modal
      title="Assign to Group"
      onClose={onClose}
      busy={busy}
      testId="bulk-assign-dialog"
      description={`The ticked groups replace the current groups of the ${hosts.length} selected host${hosts.length === 1 ? '' : 's'}; groups left unticked are removed.`}
    >
      <div className="modal__body">
        {groups.length === 0 ? <p className="modal__text">No host groups exist yet.</p> : null}
        <ul className="checkbox-list">
          {groups.map((g) => (
            <li key={g.id}>
              <label>
                <input
                  type="checkbox"
                  checked={ids.includes(g.id)}
                  onChange={(e) => setIds((cur) => (e.target.checked ? [...cur, g.id] : cur.filter((id) => id !== g.id)))}
                  data-testid={`bulk-group-${g.name}`}
                />
                <GroupDot color={g.color} />
                {g.name}
              </label>
            </li>
          ))}
        </ul>
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
        <button type="button" className="button" onClick={() => void submit()} disabled={busy} data-testid="bulk-assign-submit">
          Assign to Groups
        </button>
      </div>
    </Modal>
  );
}

function BulkDeleteDialog({ hosts, onClose, onDone }: { hosts: Host[]; onClose: () => void; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await bulkDeleteHosts(hosts.map((h) => h.id));
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not delete the hosts.');
      setBusy(false);
    }
  };
  return (
    <Modal title={`Delete ${hosts.length} host${hosts.length === 1 ? '' : 's'}`} onClose={onClose} busy={busy} testId="bulk-delete-dialog">
      <div className="modal__body">
        <p className="modal__text">These hosts and their data will be deleted. Their agents can no longer report.</p>
        <ul data-testid="bulk-delete-names">
          {hosts.map((h) => (
            <li key={h.id}>{h.friendly_name}</li>
          ))}
        </ul>
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
        <button type="button" className="button button--danger" onClick={() => void submit()} disabled={busy} data-testid="bulk-delete-submit">
          Delete
        </button>
      </div>
    </Modal>
  );
}
