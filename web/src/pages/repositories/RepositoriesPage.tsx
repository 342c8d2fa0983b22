import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { getHost } from '../../api/hosts';
import {
  displayName,
  listRepositories,
  repositorySummary,
  type Repository,
  type RepositorySummary,
} from '../../api/repositories';
import { useAuth } from '../../auth/AuthProvider';
import { useDocumentTitle } from '../SectionPage';
import { ActiveBadge, SecurityBadge } from './common';
import { DeleteRepositoryDialog } from './DeleteRepositoryDialog';
import { ColumnsPanel } from '../../components/ColumnsPanel';
import { useColumnLayout, type ColumnDef } from '../../hooks/useColumnLayout';
import '../hosts/hosts.css';
import './repositories.css';

type Column = 'url' | 'distribution' | 'security' | 'status' | 'hosts';

const COLUMNS: readonly ColumnDef<Column>[] = [
  { key: 'url', label: 'URL' },
  { key: 'distribution', label: 'Distribution' },
  { key: 'security', label: 'Security' },
  { key: 'status', label: 'Status' },
  { key: 'hosts', label: 'Hosts' },
];
const COLUMNS_KEY = 'patchmon.repositories.columns';

function RepositoryCell({ column, repo: r }: { column: Column; repo: Repository }) {
  switch (column) {
    case 'url':
      return <td className="repo-url">{r.url}</td>;
    case 'distribution':
      return <td>{r.distribution || <span className="muted">—</span>}</td>;
    case 'security':
      return (
        <td>
          <SecurityBadge repo={r} />
        </td>
      );
    case 'status':
      return (
        <td>
          <ActiveBadge repo={r} />
        </td>
      );
    default:
      return (
        <td>
          <Link to={`/hosts?repository=${r.id}`} data-testid="repo-host-count">
            {r.host_count}
          </Link>
        </td>
      );
  }
}

export function RepositoriesPage() {
  const { hasPermission } = useAuth();
  const canManage = hasPermission('can_manage_hosts');
  const { params, search, searchText, setSearchText, setParam } = useUrlFilters();
  const type = params.get('type') ?? '';
  const status = params.get('status') ?? '';
  const host = params.get('host') ?? '';
  const [repos, setRepos] = useState<Repository[] | null>(null);
  const [summary, setSummary] = useState<RepositorySummary | null>(null);
  const [hostName, setHostName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const columns = useColumnLayout(COLUMNS_KEY, COLUMNS);
  const [showColumns, setShowColumns] = useState(false);
  const [deleting, setDeleting] = useState<Repository | null>(null);
  const [reload, setReload] = useState(0);

  useDocumentTitle('Repositories');

  useEffect(() => {
    repositorySummary().then(setSummary, () => setSummary(null));
  }, [reload]);

  useEffect(() => {
    let stale = false;
    setError(null);
    listRepositories({ search, type, status, host }).then(
      (list) => {
        if (!stale) setRepos(list);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the repositories.');
      },
    );
    return () => {
      stale = true;
    };
  }, [search, type, status, host, reload]);

  useEffect(() => {
    setHostName(null);
    if (!host) return;
    let stale = false;
    getHost(host).then(
      (h) => {
        if (!stale) setHostName(h.friendly_name);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [host]);



  const list = repos ?? [];
  const span = 1 + columns.visible.length + (canManage ? 1 : 0);
  const filtered = Boolean(search || type || status || host);

  return (
    <div className="page page--wide">
      <div className="page-header">
        <h1>Repositories</h1>
        <p className="page-summary">Every package source the agents report, collapsed across the fleet.</p>
      </div>

      <div className="summary-cards" data-testid="repo-summary">
        {[
          ['Total Repositories', summary?.total_repositories, 'total'],
          ['Active Repositories', summary?.active_repositories, 'active'],
          ['Secure (HTTPS)', summary?.secure_repositories, 'secure'],
          ['Security Score', summary ? `${summary.security_score}%` : undefined, 'score'],
        ].map(([label, value, key]) => (
          <div className="card summary-card" key={key}>
            <p className="summary-card__value" data-testid={`repo-summary-${key}`}>
              {value ?? '—'}
            </p>
            <p className="summary-card__label">{label}</p>
          </div>
        ))}
      </div>

      <div className="card table-card">
        <div className="table-toolbar">
          <div className="field table-toolbar__search">
            <label className="visually-hidden" htmlFor="repos-search">
              Search repositories
            </label>
            <input
              id="repos-search"
              className="field__input"
              type="search"
              placeholder="Search by name or URL…"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              data-testid="repos-search"
            />
          </div>
          {host ? (
            <span className="filter-pill" data-testid="repos-host-filter">
              Filtered by: {hostName ?? 'host'}
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label="Clear host filter"
                onClick={() => setParam('host', '')}
                data-testid="repos-host-filter-clear"
              >
                ×
              </button>
            </span>
          ) : null}
          <div className="field table-toolbar__filter">
            <label className="visually-hidden" htmlFor="repos-type-filter">
              Security
            </label>
            <select
              id="repos-type-filter"
              className="field__input"
              value={type}
              onChange={(e) => setParam('type', e.target.value)}
              data-testid="repos-type-filter"
            >
              <option value="">All Security Types</option>
              <option value="secure">HTTPS Only</option>
              <option value="insecure">HTTP Only</option>
            </select>
          </div>
          <div className="field table-toolbar__filter">
            <label className="visually-hidden" htmlFor="repos-status-filter">
              Status
            </label>
            <select
              id="repos-status-filter"
              className="field__input"
              value={status}
              onChange={(e) => setParam('status', e.target.value)}
              data-testid="repos-status-filter"
            >
              <option value="">All Statuses</option>
              <option value="active">Active Only</option>
              <option value="inactive">Inactive Only</option>
            </select>
          </div>
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={showColumns}
            onClick={() => setShowColumns((v) => !v)}
            data-testid="repos-columns-toggle"
          >
            Columns
          </button>
          <span className="table-toolbar__count" data-testid="repos-count">
            {list.length} repositor{list.length === 1 ? 'y' : 'ies'}
          </span>
        </div>
        {showColumns ? <ColumnsPanel layout={columns} testIdPrefix="repos" /> : null}
        {error ? (
          <p className="form-error" role="alert" data-testid="repos-error">
            {error}
          </p>
        ) : null}
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="repos-table">
            <thead>
              <tr>
                <th scope="col">Repository</th>
                {columns.visible.map((key) => (
                  <th key={key} scope="col">
                    {COLUMNS.find((c) => c.key === key)?.label}
                  </th>
                ))}
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {repos === null && !error ? (
                <tr>
                  <td colSpan={span} className="table-empty">
                    Loading repositories…
                  </td>
                </tr>
              ) : null}
              {repos !== null && list.length === 0 ? (
                <tr>
                  <td colSpan={span} className="table-empty" data-testid="repos-empty">
                    {filtered ? 'No repositories match these filters.' : 'No repositories yet. They appear when agents report.'}
                  </td>
                </tr>
              ) : null}
              {list.map((r) => (
                <tr key={r.id} data-testid={`repo-row-${r.id}`}>
                  <td className="data-table__primary">
                    <span aria-hidden="true" className="repo-icon">
                      🗄
                    </span>{' '}
                    <Link to={`/repositories/${r.id}`} data-testid="repo-link">
                      {displayName(r)}
                    </Link>
                  </td>
                  {columns.visible.map((key) => (
                    <RepositoryCell key={key} column={key} repo={r} />
                  ))}
                  {canManage ? (
                    <td className="data-table__actions">
                      <button
                        type="button"
                        className="icon-button icon-button--small"
                        aria-label={`Delete ${displayName(r)}`}
                        onClick={() => setDeleting(r)}
                        data-testid="repo-delete"
                      >
                        🗑
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {deleting ? (
        <DeleteRepositoryDialog
          repo={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </div>
  );
}
