import { Link } from 'react-router-dom';
import type { PackageStatus, RepositoryUse } from '../../api/packages';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** Chapter 6: the Packages table shows three source repositories and counts the rest as +N. */
const SHOWN_REPOSITORIES = 3;

/**
 * A package's source repositories as chips, each opening the Repositories list searched for it
 * (agents name a package's source by the repository's name or suite, which the name contains).
 */
export function SourceRepoChips({ repositories }: { repositories: RepositoryUse[] }) {
  if (repositories.length === 0) {
    return <span className="muted">—</span>;
  }
  const shown = repositories.slice(0, SHOWN_REPOSITORIES);
  const rest = repositories.slice(SHOWN_REPOSITORIES);
  const hosts = (n: number) => `${n} host${n === 1 ? '' : 's'}`;
  return (
    <span className="repo-chips" data-testid="source-repos">
      {shown.map((r) => (
        <Link
          key={r.name}
          className="repo-chip"
          to={`/repositories?${new URLSearchParams({ search: r.name })}`}
          title={`Supplies ${hosts(r.hosts)}`}
          data-testid={`source-repo-${r.name}`}
        >
          {r.name}
        </Link>
      ))}
      {rest.length > 0 ? (
        <span className="repo-chip" title={rest.map((r) => `${r.name} (${hosts(r.hosts)})`).join(', ')} data-testid="source-repos-more">
          +{rest.length}
        </span>
      ) : null}
    </span>
  );
}

/** The status badge: security outranks an update, an update outranks up to date. */
export function PackageStatusBadge({ status }: { status: PackageStatus }) {
  if (status === 'security') {
    return (
      <span className="badge badge--danger" data-testid="package-status">
        <span aria-hidden="true">🛡 </span>Security Update Available
      </span>
    );
  }
  if (status === 'update') {
    return (
      <span className="badge badge--warning" data-testid="package-status">
        Update Available
      </span>
    );
  }
  return (
    <span className="badge badge--success" data-testid="package-status">
      Up to Date
    </span>
  );
}

/** Previous / next buttons, the position and the page-size select under a table. */
export function Pager({
  page,
  pages,
  total,
  limit,
  onPage,
  onLimit,
  testId,
}: {
  page: number;
  pages: number;
  total: number;
  limit: number;
  onPage: (page: number) => void;
  onLimit: (limit: number) => void;
  testId: string;
}) {
  return (
    <div className="pager" data-testid={testId}>
      <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)} data-testid={`${testId}-prev`}>
        Previous
      </button>
      <span data-testid={`${testId}-position`}>
        Page {pages === 0 ? 0 : page} of {pages} · {total} total
      </span>
      <button type="button" className="button button--secondary" disabled={page >= pages} onClick={() => onPage(page + 1)} data-testid={`${testId}-next`}>
        Next
      </button>
      <label className="pager__size">
        Rows per page{' '}
        <select className="field__input" value={limit} onChange={(e) => onLimit(Number(e.target.value))} data-testid={`${testId}-size`}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
