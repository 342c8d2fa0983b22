import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getHostPackages, type HostPackagesPage } from '../../../api/hostInventory';
import { EmptyState } from './InfoList';
import { DASH, list } from './format';

export const PACKAGES_PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;

type Filter = 'all' | 'updates' | 'security';

function filterOf(value: string | null): Filter {
  return value === 'updates' || value === 'security' ? value : 'all';
}

/**
 * The host's packages, searched, filtered and paged on the server. The query lives in the URL
 * (`search`, `filter`, `page`) next to `tab=packages`, so a filtered view can be shared.
 */
export function HostPackagesTab({ hostId }: { hostId: string }) {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const filter = filterOf(params.get('filter'));
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [draft, setDraft] = useState(search);
  const [result, setResult] = useState<HostPackagesPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        Object.entries(changes).forEach(([key, value]) => (value ? next.set(key, value) : next.delete(key)));
        return next;
      },
      { replace: true },
    );
  };

  useEffect(() => {
    if (draft.trim() === search) return undefined;
    const timer = window.setTimeout(() => update({ search: draft.trim() || null, page: null }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [draft, search]);

  useEffect(() => {
    let stale = false;
    setLoading(true);
    setError(null);
    getHostPackages(hostId, {
      search,
      updatesOnly: filter === 'updates',
      securityOnly: filter === 'security',
      page,
      limit: PACKAGES_PAGE_SIZE,
    }).then(
      (answer) => {
        if (stale) return;
        setResult(answer);
        setLoading(false);
      },
      (e: unknown) => {
        if (stale) return;
        setError(e instanceof Error ? e.message : 'Could not load the packages.');
        setLoading(false);
      },
    );
    return () => {
      stale = true;
    };
  }, [hostId, search, filter, page]);

  const packages = list(result?.packages);
  const pages = result?.pagination?.pages ?? 0;
  return (
    <div>
      <div className="table-toolbar host-packages-toolbar">
        <input
          className="field__input table-toolbar__search"
          type="search"
          placeholder="Search packages…"
          aria-label="Search packages"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          data-testid="packages-search"
        />
        <div className="segmented" role="group" aria-label="Show">
          {(
            [
              ['all', 'All packages'],
              ['updates', 'Updates only'],
              ['security', 'Security only'],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              className={filter === value ? 'segmented__item segmented__item--active' : 'segmented__item'}
              aria-pressed={filter === value}
              onClick={() => update({ filter: value === 'all' ? null : value, page: null })}
              data-testid={`packages-filter-${value}`}
            >
              {label}
            </button>
          ))}
        </div>
        <p className="table-toolbar__count" data-testid="packages-count">
          {result ? `${result.total} of ${result.installed} package${result.installed === 1 ? '' : 's'}` : ''}
        </p>
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="packages-error">
          {error}
        </p>
      ) : null}
      {result && packages.length === 0 && !loading ? (
        <EmptyState testId="packages-empty">
          {result.installed === 0
            ? 'The agent has not reported any packages for this host yet.'
            : 'No packages match this search and filter.'}
        </EmptyState>
      ) : null}
      {packages.length ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="host-packages" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Installed Version</th>
                <th scope="col">Available Version</th>
                <th scope="col">Status</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {packages.map((p) => (
                <tr key={p.name} data-testid={`package-row-${p.name}`}>
                  <td className="data-table__primary">
                    <Link to={`/packages/${encodeURIComponent(p.name)}`} data-testid="package-link">
                      {p.name}
                    </Link>
                  </td>
                  <td>
                    <code>{p.current_version || DASH}</code>
                  </td>
                  <td>{p.available_version ? <code>{p.available_version}</code> : DASH}</td>
                  <td>
                    {p.is_security_update ? (
                      <span className="badge badge--danger" data-testid="package-status">
                        Security update
                      </span>
                    ) : p.needs_update ? (
                      <span className="badge badge--warning" data-testid="package-status">
                        Update available
                      </span>
                    ) : (
                      <span className="badge badge--success" data-testid="package-status">
                        Up to date
                      </span>
                    )}
                  </td>
                  <td>{p.source_repository || DASH}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label="Package pages">
          <button
            type="button"
            className="button button--secondary"
            disabled={page <= 1 || loading}
            onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}
            data-testid="packages-prev"
          >
            Previous
          </button>
          <span data-testid="packages-page">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="button button--secondary"
            disabled={page >= pages || loading}
            onClick={() => update({ page: String(page + 1) })}
            data-testid="packages-next"
          >
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}
