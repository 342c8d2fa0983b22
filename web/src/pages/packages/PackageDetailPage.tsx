import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { getPackage, listPackageHosts, type PackageDetail, type PackageHosts } from '../../api/packages';
import { useAuth } from '../../auth/AuthProvider';
import { relativeTime } from '../hosts/installCommand';
import { PatchWizard, type WizardResult } from '../patching/PatchWizard';
import { PackageStatusBadge, Pager } from './common';
import './packages.css';
import '../hosts/hosts.css';

export function PackageDetailPage() {
  const { id = '' } = useParams();
  const [pkg, setPkg] = useState<PackageDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [onlyPending, setOnlyPending] = useState(true);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [limit, setLimit] = useState(25);
  const [hosts, setHosts] = useState<PackageHosts | null>(null);
  const [hostsError, setHostsError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const { hasPermission, hasModule } = useAuth();
  const canPatch = hasModule('patching') && hasPermission('can_manage_patching');
  const [wizard, setWizard] = useState(false);
  const [patchResult, setPatchResult] = useState<WizardResult | null>(null);

  useEffect(() => {
    let stale = false;
    setNotFound(false);
    setError(null);
    getPackage(id).then(
      (p) => {
        if (!stale) setPkg(p);
      },
      (e: unknown) => {
        if (stale) return;
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setError(e instanceof Error ? e.message : 'Could not load the package.');
      },
    );
    return () => {
      stale = true;
    };
  }, [id, reload]);

  useEffect(() => {
    let stale = false;
    setHostsError(null);
    listPackageHosts(id, { only_pending: onlyPending, search, page, limit }).then(
      (answer) => {
        if (!stale) setHosts(answer);
      },
      (e: unknown) => {
        if (!stale && !(e instanceof ApiError && e.status === 404)) {
          setHostsError(e instanceof Error ? e.message : 'Could not load the hosts.');
        }
      },
    );
    return () => {
      stale = true;
    };
  }, [id, onlyPending, search, page, limit, reload]);

  useEffect(() => {
    if (searchText === search) return;
    const timer = window.setTimeout(() => {
      setSearch(searchText);
      setPage(1);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [searchText, search]);

  useEffect(() => {
    document.title = `${pkg?.name ?? (notFound ? 'Package not found' : 'Package')} · PatchMon`;
  }, [pkg, notFound]);

  if (notFound) {
    return (
      <div className="page" data-testid="package-not-found">
        <h1>Package not found</h1>
        <p>No host reports this package.</p>
        <Link to="/packages">Back to Packages</Link>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page">
        <h1>Package</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!pkg) {
    return (
      <div className="page">
        <p className="inline-status">Loading package…</p>
      </div>
    );
  }

  const cards: [string, string, string | number][] = [
    ['updates', 'Updates Needed', pkg.stats.updates_needed],
    ['latest', 'Latest Version', pkg.latest_version ?? 'Unknown'],
    ['updated', 'Updated', relativeTime(pkg.last_reported_at)],
    ['hosts', 'Hosts with Package', pkg.stats.total_installs],
    ['up-to-date', 'Up to Date', pkg.stats.up_to_date],
  ];
  const rows = hosts?.hosts ?? [];

  return (
    <div className="page page--wide">
      <p>
        <Link to="/packages">← Back to Packages</Link>
      </p>
      <div className="page-header page-header--actions">
        <div>
          <h1 data-testid="package-name">{pkg.name}</h1>
          <PackageStatusBadge status={pkg.status} />
        </div>
        <div className="bulk-toolbar">
          {canPatch && pkg.stats.updates_needed > 0 ? (
            <button type="button" className="button" onClick={() => setWizard(true)} data-testid="patch-package">
              Patch this package
            </button>
          ) : null}
          <button type="button" className="button button--secondary" onClick={() => setReload((n) => n + 1)} data-testid="package-refresh">
            Refresh
          </button>
        </div>
      </div>
      {patchResult ? (
        <p className={patchResult.failed.length > 0 ? 'form-error' : 'inline-status'} role="status" data-testid="patch-package-result">
          {patchResult.message} · <Link to="/patching?tab=runs">Runs &amp; History</Link>
        </p>
      ) : null}
      {wizard ? (
        <PatchWizard
          mode={{ kind: 'fleet', packageId: pkg.id, packageName: pkg.name }}
          onClose={() => setWizard(false)}
          onFinished={(result) => {
            setWizard(false);
            setPatchResult(result);
          }}
        />
      ) : null}

      <div className="summary-cards" data-testid="package-stats">
        {cards.map(([key, label, value]) => (
          <div className="card summary-card" key={key}>
            <p className="summary-card__value" data-testid={`stat-${key}`}>
              {value}
            </p>
            <p className="summary-card__label">{label}</p>
          </div>
        ))}
      </div>

      <div className="card" data-testid="package-repositories">
        <h2 className="card-title">Source Repositories</h2>
        {pkg.repositories.length === 0 ? (
          <p className="muted">The agents did not name a source repository for this package.</p>
        ) : (
          <div className="repo-chips">
            {pkg.repositories.map((r) => (
              <Link
                className="repo-chip"
                key={r.name}
                to={`/repositories?${new URLSearchParams({ search: r.name })}`}
                title={`Supplies ${r.hosts} host${r.hosts === 1 ? '' : 's'}`}
                data-testid={`repo-chip-${r.name}`}
              >
                {r.name} · {r.hosts}
              </Link>
            ))}
          </div>
        )}
      </div>

      <div className="card">
        <h2 className="card-title">Description</h2>
        <p className="package-description" data-testid="package-description">
          {pkg.description ?? 'No description available.'}
        </p>
      </div>

      <div className="card table-card">
        <h2 className="card-title">Hosts</h2>
        <div className="table-toolbar">
          <div className="field table-toolbar__search">
            <label className="visually-hidden" htmlFor="package-hosts-search">
              Search hosts
            </label>
            <input
              id="package-hosts-search"
              className="field__input"
              type="search"
              placeholder="Search hosts…"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              data-testid="package-hosts-search"
            />
          </div>
          <label className="toggle">
            <input
              type="checkbox"
              checked={onlyPending}
              onChange={(e) => {
                setOnlyPending(e.target.checked);
                setPage(1);
              }}
              data-testid="only-pending"
            />
            Only pending
          </label>
        </div>
        {hostsError ? (
          <p className="form-error" role="alert">
            {hostsError}
          </p>
        ) : null}
        <div className="data-table__wrap table-scroll">
          <table className="data-table" data-testid="package-hosts-table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Installed Version</th>
                <th scope="col">Available Version</th>
                <th scope="col">Status</th>
                <th scope="col">Source Repository</th>
                <th scope="col">Last Update</th>
              </tr>
            </thead>
            <tbody>
              {hosts !== null && rows.length === 0 ? (
                <tr>
                  <td colSpan={6} className="table-empty" data-testid="package-hosts-empty">
                    {onlyPending ? 'No host needs an update of this package.' : 'No hosts match.'}
                  </td>
                </tr>
              ) : null}
              {rows.map((h) => (
                <tr key={h.host_id} data-testid={`package-host-${h.friendly_name}`}>
                  <td className="data-table__primary">
                    <Link to={`/hosts/${h.host_id}`}>{h.friendly_name}</Link>
                  </td>
                  <td>{h.current_version || <span className="muted">—</span>}</td>
                  <td>{h.available_version ?? <span className="muted">—</span>}</td>
                  <td>
                    <PackageStatusBadge status={h.is_security_update ? 'security' : h.needs_update ? 'update' : 'up-to-date'} />
                  </td>
                  <td>{h.source_repository ?? <span className="muted">—</span>}</td>
                  <td title={h.last_update ?? undefined}>{relativeTime(h.last_update)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {hosts ? (
          <Pager
            page={hosts.pagination.page}
            pages={hosts.pagination.pages}
            total={hosts.pagination.total}
            limit={limit}
            onPage={setPage}
            onLimit={(n) => {
              setLimit(n);
              setPage(1);
            }}
            testId="package-hosts-pager"
          />
        ) : null}
      </div>
    </div>
  );
}
