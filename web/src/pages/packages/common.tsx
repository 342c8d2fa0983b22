import type { PackageStatus } from '../../api/packages';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

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
