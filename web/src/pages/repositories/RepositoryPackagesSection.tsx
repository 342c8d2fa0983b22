import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { listRepositoryPackages, type RepositoryPackages } from '../../api/repositories';
import { Pager } from '../packages/common';
import '../packages/packages.css';

/** "Packages from this Repository" (chapter 7): searched and paged by the server. */
export function RepositoryPackagesSection({ repositoryId }: { repositoryId: string }) {
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [limit, setLimit] = useState(25);
  const [answer, setAnswer] = useState<RepositoryPackages | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setError(null);
    listRepositoryPackages(repositoryId, { search, page, limit }).then(
      (a) => {
        if (!stale) setAnswer(a);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the packages.');
      },
    );
    return () => {
      stale = true;
    };
  }, [repositoryId, search, page, limit]);

  // Typing is debounced so a search costs one request, not one per key.
  useEffect(() => {
    if (searchText === search) return;
    const timer = window.setTimeout(() => {
      setSearch(searchText);
      setPage(1);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [searchText, search]);

  const rows = answer?.packages ?? [];

  return (
    <section className="card table-card" id="packages" aria-labelledby="repo-packages-title" style={{ marginTop: '1rem' }}>
      <h2 id="repo-packages-title">Packages from this Repository</h2>
      <div className="table-toolbar">
        <div className="field table-toolbar__search">
          <label className="visually-hidden" htmlFor="repo-packages-search">
            Search packages
          </label>
          <input
            id="repo-packages-search"
            className="field__input"
            type="search"
            placeholder="Search packages…"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            data-testid="repo-packages-search"
          />
        </div>
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="repo-packages-error">
          {error}
        </p>
      ) : null}
      <div className="data-table__wrap table-scroll">
        <table className="data-table" data-testid="repo-packages-table">
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">Hosts</th>
            </tr>
          </thead>
          <tbody>
            {answer !== null && rows.length === 0 ? (
              <tr>
                <td colSpan={2} className="table-empty" data-testid="repo-packages-empty">
                  {search ? 'No packages match this search.' : 'No host reports a package from this repository.'}
                </td>
              </tr>
            ) : null}
            {rows.map((p) => (
              <tr key={p.id} data-testid={`repo-package-${p.name}`}>
                <td className="data-table__primary">
                  <Link to={`/packages/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                </td>
                <td data-testid="repo-package-hosts">{p.host_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {answer ? (
        <Pager
          page={answer.pagination.page}
          pages={answer.pagination.pages}
          total={answer.pagination.total}
          limit={limit}
          onPage={setPage}
          onLimit={(n) => {
            setLimit(n);
            setPage(1);
          }}
          testId="repo-packages-pager"
        />
      ) : null}
    </section>
  );
}
