import type { Repository } from '../../api/repositories';

export function SecurityBadge({ repo }: { repo: Pick<Repository, 'is_secure'> }) {
  return repo.is_secure ? (
    <span className="badge badge--success" data-testid="repo-security">
      <span aria-hidden="true">🔒</span> Secure (HTTPS)
    </span>
  ) : (
    <span className="badge badge--warning" data-testid="repo-security">
      <span aria-hidden="true">🔓</span> Insecure (HTTP)
    </span>
  );
}

export function ActiveBadge({ repo }: { repo: Pick<Repository, 'is_active'> }) {
  return (
    <span className={repo.is_active ? 'badge badge--success' : 'badge badge--muted'} data-testid="repo-status">
      {repo.is_active ? 'Active' : 'Inactive'}
    </span>
  );
}
