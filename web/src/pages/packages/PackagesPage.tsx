import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { listHosts, type Host } from '../../api/hosts';
import { listPackages, type PackageList, type PackageRow } from '../../api/packages';
import { ColumnsPanel } from '../../components/ColumnsPanel';
import { Modal } from '../../components/Modal';
import { useColumnLayout, type ColumnDef } from '../../hooks/useColumnLayout';
import { useDocumentTitle } from '../SectionPage';
import { PAGE_SIZES, PackageStatusBadge, Pager, SourceRepoChips } from './common';
import './packages.css';
import '../hosts/hosts.css';

const PAGE_SIZE_KEY = 'patchmon.packages.pageSize';

/** `security-updates` is the dashboard's alias of `security`. */
const STATUS_OPTIONS: [string, string][] = [
  ['all', 'All Packages'],
  ['outdated', 'Packages Needing Updates'],
  ['security', 'Security Updates Only'],
  ['regular', 'Regular Updates Only'],
];

type SortKey = 'name' | 'hosts' | 'status' | 'latest';
type Column = SortKey | 'repos';

const COLUMN_LABELS: Record<Column, string> = {
  name: 'Package',
  hosts: 'Installed On',
  status: 'Status',
  latest: 'Latest Version',
  repos: 'Source Repos',
};
const COLUMNS: readonly ColumnDef<Column>[] = (Object.keys(COLUMN_LABELS) as Column[]).map((key) => ({ key, label: COLUMN_LABELS[key] }));
const isSortable = (column: Column): column is SortKey => column !== 'repos';
const COLUMNS_KEY = 'patchmon.packages.columns';

const isPageSize = (n: number) => (PAGE_SIZES as readonly number[]).includes(n);

/**
 * The URL's page size, else the one this browser remembers. It sits in the URL beside the page
 * so that a new size and the return to page 1 are one navigation, and so one request.
 */
function pageSize(fromUrl: string | null): number {
  if (fromUrl !== null && isPageSize(Number(fromUrl))) return Number(fromUrl);
  const saved = Number(window.localStorage.getItem(PAGE_SIZE_KEY));
  return isPageSize(saved) ? saved : 25;
}

/** "3/12 hosts" when some but not all of the hosts need the update. */
function installedOn(p: PackageRow): string {
  if (p.hosts_needing_update > 0 && p.hosts_needing_update < p.hosts_installed) {
    return `${p.hosts_needing_update}/${p.hosts_installed} hosts`;
  }
  return `${p.hosts_installed} host${p.hosts_installed === 1 ? '' : 's'}`;
}

function PackageCell({ column, pkg: p, onDescription }: { column: Column; pkg: PackageRow; onDescription: (p: PackageRow) => void }) {
  switch (column) {
    case 'name':
      return (
        <td className="data-table__primary">
          <Link to={`/packages/${encodeURIComponent(p.id)}`}>{p.name}</Link>
          {p.description ? (
            <button
              type="button"
              className="icon-button icon-button--small"
              aria-label={`Description of ${p.name}`}
              onClick={() => onDescription(p)}
              data-testid={`package-info-${p.name}`}
            >
              ⓘ
            </button>
          ) : null}
          {p.category ? <div className="muted">Category: {p.category}</div> : null}
        </td>
      );
    case 'hosts':
      return (
        <td data-testid="package-installed-on" title={`${p.hosts_needing_update} of ${p.hosts_installed} hosts need updates`}>
          <Link to={`/hosts?${new URLSearchParams({ package: p.name })}`}>{installedOn(p)}</Link>
        </td>
      );
    case 'status':
      return (
        <td>
          <PackageStatusBadge status={p.status} />
        </td>
      );
    case 'repos':
      return (
        <td>
          <SourceRepoChips repositories={p.source_repositories} />
        </td>
      );
    default:
      return <td>{p.latest_version ?? <span className="muted">Unknown</span>}</td>;
  }
}

export function PackagesPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const category = params.get('category') ?? '';
  const rawFilter = params.get('filter') ?? 'all';
  const filter = rawFilter === 'security-updates' ? 'security' : rawFilter;
  const host = params.get('host') ?? '';
  const sort = (params.get('sort') ?? 'name') as SortKey;
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const limit = pageSize(params.get('limit'));
  const columns = useColumnLayout(COLUMNS_KEY, COLUMNS);
  const [showColumns, setShowColumns] = useState(false);
  const [searchText, setSearchText] = useState(search);
  const [data, setData] = useState<PackageList | null>(null);
  const [hosts, setHosts] = useState<Host[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [description, setDescription] = useState<PackageRow | null>(null);
  const [reload, setReload] = useState(0);

  useDocumentTitle('Packages');

  useEffect(() => {
    listHosts().then(setHosts, () => setHosts([]));
  }, []);

  useEffect(() => {
    let stale = false;
    setError(null);
    listPackages({ search, category, filter, host, sort, order, page, limit }).then(
      (answer) => {
        if (!stale) setData(answer);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the packages.');
      },
    );
    return () => {
      stale = true;
    };
  }, [search, category, filter, host, sort, order, page, limit, reload]);

  /** Changes URL parameters; any change but paging returns to the first page. */
  const update = useCallback(
    (changes: Record<string, string>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value && !(key === 'filter' && value === 'all')) next.set(key, value);
            else next.delete(key);
          }
          if (!('page' in changes)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  // Debounced search into the URL, matched server-side.
  useEffect(() => {
    if (searchText === search) return;
    const timer = window.setTimeout(() => update({ search: searchText }), 300);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  const sortBy = (key: SortKey) => {
    update({ sort: key, order: sort === key && order === 'asc' ? 'desc' : 'asc' });
  };
  const sortMark = (key: SortKey) => (sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : '');
  const ariaSort = (key: Column) => (!isSortable(key) ? undefined : sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none');

  const summary = data?.summary;
  const cards: { key: string; label: string; value: number | undefined; onClick?: () => void }[] = [
    { key: 'packages', label: 'Packages', value: summary?.packages },
    { key: 'installations', label: 'Installations', value: summary?.installations },
    { key: 'outdated', label: 'Outdated Packages', value: summary?.outdated_packages, onClick: () => update({ filter: 'outdated', category: '' }) },
    { key: 'security', label: 'Security Packages', value: summary?.security_packages, onClick: () => update({ filter: 'security', category: '' }) },
    { key: 'outdated-hosts', label: 'Outdated Hosts', value: summary?.outdated_hosts, onClick: () => navigate('/hosts?filter=needs_updates') },
  ];
  const filtered = Boolean(search || category || filter !== 'all' || host);
  const rows = data?.packages ?? [];

  return (
    <div className="page page--wide">
      <div className="page-header page-header--actions">
        <div>
          <h1>Packages</h1>
          <p className="page-summary">Every package reported across the fleet, one row per package name.</p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => setReload((n) => n + 1)} data-testid="packages-refresh">
          Refresh
        </button>
      </div>

      <div className="summary-cards" data-testid="package-summary">
        {cards.map((card) => {
          const body = (
            <>
              <p className="summary-card__value" data-testid={`summary-${card.key}`}>
                {card.value ?? '–'}
              </p>
              <p className="summary-card__label">{card.label}</p>
            </>
          );
          return card.onClick ? (
            <button type="button" className="card summary-card summary-card--link" key={card.key} onClick={card.onClick} data-testid={`card-${card.key}`}>
              {body}
            </button>
          ) : (
            <div className="card summary-card" key={card.key}>
              {body}
            </div>
          );
        })}
      </div>

      <div className="card table-card">
        <div className="table-toolbar filters-panel">
          <div className="field table-toolbar__search">
            <label className="field__label" htmlFor="packages-search">
              Search
            </label>
            <input
              id="packages-search"
              className="field__input"
              type="search"
              placeholder="Search packages…"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              data-testid="packages-search"
            />
          </div>
          <div className="field table-toolbar__filter">
            <label className="field__label" htmlFor="packages-category">
              Category
            </label>
            <select id="packages-category" className="field__input" value={category} onChange={(e) => update({ category: e.target.value })} data-testid="packages-category">
              <option value="">All categories</option>
              {(data?.categories ?? []).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="field table-toolbar__filter">
            <label className="field__label" htmlFor="packages-status">
              Update Status
            </label>
            <select id="packages-status" className="field__input" value={filter} onChange={(e) => update({ filter: e.target.value })} data-testid="packages-status">
              {STATUS_OPTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field table-toolbar__filter">
            <label className="field__label" htmlFor="packages-host">
              Host
            </label>
            <select id="packages-host" className="field__input" value={host} onChange={(e) => update({ host: e.target.value })} data-testid="packages-host">
              <option value="">All hosts</option>
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.friendly_name}
                </option>
              ))}
            </select>
          </div>
          {filtered ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setSearchText('');
                setParams(new URLSearchParams(), { replace: true });
              }}
              data-testid="packages-clear-filters"
            >
              Clear Filters
            </button>
          ) : null}
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={showColumns}
            onClick={() => setShowColumns((v) => !v)}
            data-testid="packages-columns-toggle"
          >
            Columns
          </button>
        </div>
        {showColumns ? <ColumnsPanel layout={columns} testIdPrefix="packages" /> : null}
        {error ? (
          <p className="form-error" role="alert" data-testid="packages-error">
            {error}
          </p>
        ) : null}
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="packages-table">
            <thead>
              <tr>
                {columns.visible.map((key) => (
                  <th key={key} scope="col" aria-sort={ariaSort(key)}>
                    {isSortable(key) ? (
                      <button type="button" className="sort-button" onClick={() => sortBy(key)} data-testid={`sort-${key}`}>
                        {COLUMN_LABELS[key]}
                        {sortMark(key)}
                      </button>
                    ) : (
                      COLUMN_LABELS[key]
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data === null && !error ? (
                <tr>
                  <td colSpan={columns.visible.length} className="table-empty">
                    Loading packages…
                  </td>
                </tr>
              ) : null}
              {data !== null && rows.length === 0 ? (
                <tr>
                  <td colSpan={columns.visible.length} className="table-empty" data-testid="packages-empty">
                    {filtered ? 'No packages match these filters.' : 'No packages yet: they appear when agents report.'}
                  </td>
                </tr>
              ) : null}
              {rows.map((p) => (
                <tr key={p.id} data-testid={`package-row-${p.name}`}>
                  {columns.visible.map((key) => (
                    <PackageCell key={key} column={key} pkg={p} onDescription={setDescription} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data ? (
          <Pager
            page={data.pagination.page}
            pages={data.pagination.pages}
            total={data.pagination.total}
            limit={limit}
            onPage={(n) => update({ page: String(n) })}
            onLimit={(n) => {
              window.localStorage.setItem(PAGE_SIZE_KEY, String(n));
              update({ limit: String(n) });
            }}
            testId="packages-pager"
          />
        ) : null}
      </div>

      {description ? (
        <Modal title={description.name} onClose={() => setDescription(null)} testId="package-description-dialog">
          <div className="modal__body">
            <p className="package-description">{description.description}</p>
          </div>
          <div className="modal__footer">
            <button type="button" className="button" onClick={() => setDescription(null)}>
              Close
            </button>
          </div>
        </Modal>
      ) : null}
    </div>
  );
}
