import type { HostDetails } from '../../../api/hostInventory';
import { EmptyState } from './InfoList';
import { list, text } from './format';

/** The host's package sources as its last report listed them. */
export function RepositoriesTab({ details }: { details: HostDetails }) {
  const repositories = list(details.repositories);
  if (repositories.length === 0) {
    return <EmptyState testId="repositories-empty">The agent has not reported any repositories for this host yet.</EmptyState>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="host-repositories">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">URL</th>
            <th scope="col">Distribution</th>
            <th scope="col">Components</th>
            <th scope="col">Type</th>
            <th scope="col">Enabled</th>
            <th scope="col">Security</th>
          </tr>
        </thead>
        <tbody>
          {repositories.map((r, i) => (
            <tr key={`${r.url ?? ''}|${r.distribution ?? ''}|${r.components ?? ''}|${i}`} data-testid={`repository-${r.name ?? i}`}>
              <td className="data-table__primary">{text(r.name)}</td>
              <td className="data-table__wrap">
                <code>{text(r.url)}</code>
              </td>
              <td>{text(r.distribution)}</td>
              <td>{text(r.components)}</td>
              <td>{text(r.repo_type)}</td>
              <td>{r.is_enabled ? 'Yes' : 'No'}</td>
              <td>
                {r.is_secure ? (
                  <span className="badge badge--success" data-testid="repository-secure">
                    Secure
                  </span>
                ) : (
                  <span className="badge badge--warning" data-testid="repository-insecure">
                    Insecure
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
