import { useEffect, useState } from 'react';
import {
  enrolsHosts,
  enrollmentApi,
  integrationType,
  type CreatedResponse,
  type EnrollmentToken,
  type IntegrationType,
} from '../../api/enrollment';
import { listHostGroups, type HostGroup } from '../../api/hosts';
import { PencilIcon, TrashIcon } from '../../components/icons';
import { GroupDot } from '../hosts/common';
import { useDocumentTitle } from '../SectionPage';
import { errorText } from './formErrors';
import { absoluteTime, relativeTime } from './format';
import { integrationLabel, TokenCreatedDialog, TokenFormDialog } from './TokenDialogs';
import { ConfirmDialog } from './UserDialogs';
import '../hosts/hosts.css';
import './integrations.css';

const client = enrollmentApi();

type Dialog =
  | { kind: 'create' }
  | { kind: 'created'; answer: CreatedResponse; type: IntegrationType }
  | { kind: 'edit'; token: EnrollmentToken }
  | { kind: 'delete'; token: EnrollmentToken }
  | null;

/** The key without most of its random part: enough to tell tokens apart, never needed whole here. */
export function keyPrefix(key: string): string {
  return key.length > 20 ? `${key.slice(0, 20)}…` : key;
}

function expiry(token: EnrollmentToken, now: number) {
  if (!token.expires_at) return <span className="muted">Never</span>;
  const expired = Date.parse(token.expires_at) <= now;
  return (
    <span title={absoluteTime(token.expires_at)}>
      {new Date(token.expires_at).toLocaleDateString()}
      {expired ? <span className="badge badge--danger">Expired</span> : null}
    </span>
  );
}

/** Settings → API integrations: auto-enrolment tokens (admin guide chapters 2, 29 and 30). */
export function IntegrationsPage() {
  useDocumentTitle('API integrations');
  const [tokens, setTokens] = useState<EnrollmentToken[] | null>(null);
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLoadError(null);
    client.listTokens(signal).then(
      (list) => {
        if (!signal.aborted) setTokens(list);
      },
      (error: unknown) => {
        if (!signal.aborted) setLoadError(errorText(error));
      },
    );
    listHostGroups().then(
      (list) => {
        if (!signal.aborted) setGroups(list);
      },
      () => {
        // The group select then offers "No default group" only; the token list still works.
      },
    );
    return () => controller.abort();
  }, [reload]);

  const refresh = () => setReload((n) => n + 1);

  const replace = (updated: EnrollmentToken) =>
    setTokens((current) => current?.map((t) => (t.id === updated.id ? updated : t)) ?? current);

  const toggle = async (token: EnrollmentToken) => {
    setToggling(token.id);
    setRowError(null);
    setNotice(null);
    try {
      const answer = await client.updateToken(token.id, { is_active: !token.is_active });
      replace(answer.token);
      setNotice(`${answer.token.token_name} is now ${answer.token.is_active ? 'enabled' : 'disabled'}.`);
    } catch (error) {
      setRowError(errorText(error));
    } finally {
      setToggling(null);
    }
  };

  const now = Date.now();
  return (
    <section className="page page--wide" aria-labelledby="page-title">
      <header className="page-header page-header--actions">
        <div>
          <h1 id="page-title">API integrations</h1>
          <p className="page-summary">
            Auto-enrolment tokens let a script register new hosts without a human in the loop: Proxmox LXC containers or
            single hosts. API credentials give scripts and tools (Ansible, CI) scoped read or delete access to hosts, and
            GetHomepage keys feed a dashboard widget. Each has its own IP restriction and expiry.
          </p>
        </div>
        <button
          type="button"
          className="button"
          data-testid="new-token"
          disabled={tokens === null}
          onClick={() => {
            setNotice(null);
            setDialog({ kind: 'create' });
          }}
        >
          New Token
        </button>
      </header>
      <p className="inline-status" role="status" data-testid="tokens-notice">
        {notice ?? ''}
      </p>
      {loadError ? (
        <div className="form-error" role="alert" data-testid="tokens-load-error">
          {loadError}{' '}
          <button type="button" className="link-button" onClick={refresh}>
            Try again
          </button>
        </div>
      ) : null}
      {rowError ? (
        <div className="form-error" role="alert" data-testid="tokens-row-error">
          {rowError}
        </div>
      ) : null}

      <div className="card table-card">
        <h2 className="integrations__tab">Auto-Enrollment &amp; API</h2>
        {tokens === null ? (
          loadError ? null : (
            <p className="table-empty" role="status">
              Loading tokens…
            </p>
          )
        ) : tokens.length === 0 ? (
          <p className="table-empty" data-testid="tokens-empty">
            No auto-enrolment tokens yet. Create one to enrol Proxmox LXC containers or hosts with a single command.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Key</th>
                  <th scope="col">Active</th>
                  <th scope="col">Allowed IPs</th>
                  <th scope="col">Hosts today / max</th>
                  <th scope="col">Default group</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} data-testid={`token-row-${t.token_name}`}>
                    <td className="data-table__primary">{t.token_name}</td>
                    <td data-testid="cell-type">{integrationLabel(integrationType(t.metadata))}</td>
                    <td>
                      <code title="Only the key's start is shown" data-testid="cell-key">
                        {keyPrefix(t.token_key)}
                      </code>
                    </td>
                    <td>
                      <button
                        type="button"
                        role="switch"
                        aria-checked={t.is_active}
                        aria-label={`${t.is_active ? 'Disable' : 'Enable'} ${t.token_name}`}
                        className={t.is_active ? 'token-switch token-switch--on' : 'token-switch'}
                        disabled={toggling === t.id}
                        data-testid={`toggle-token-${t.token_name}`}
                        onClick={() => void toggle(t)}
                      >
                        <span className="token-switch__knob" aria-hidden="true" />
                        <span className="token-switch__label">{t.is_active ? 'Active' : 'Disabled'}</span>
                      </button>
                    </td>
                    <td className="data-table__wrap" data-testid="cell-ranges">
                      {t.allowed_ip_ranges.length > 0 ? t.allowed_ip_ranges.join(', ') : <span className="muted">Any</span>}
                    </td>
                    <td data-testid="cell-usage">
                      {enrolsHosts(integrationType(t.metadata)) || integrationType(t.metadata) === null ? (
                        `${t.hosts_created_today} / ${t.max_hosts_per_day}`
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-testid="cell-group">
                      {t.host_groups ? (
                        <span className="inline-edit">
                          <GroupDot color={t.host_groups.color} />
                          {t.host_groups.name}
                        </span>
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                    <td data-testid="cell-expires">{expiry(t, now)}</td>
                    <td data-testid="cell-last-used" title={absoluteTime(t.last_used_at)}>
                      {relativeTime(t.last_used_at, now)}
                    </td>
                    <td data-testid="cell-created" title={absoluteTime(t.created_at)}>
                      {relativeTime(t.created_at, now)}
                      {t.users ? <span className="muted"> by {t.users.username}</span> : null}
                    </td>
                    <td className="data-table__actions">
                      <button
                        type="button"
                        className="icon-button icon-button--small"
                        aria-label={`Edit ${t.token_name}`}
                        title="Edit"
                        data-testid={`edit-token-${t.token_name}`}
                        onClick={() => {
                          setNotice(null);
                          setDialog({ kind: 'edit', token: t });
                        }}
                      >
                        <PencilIcon />
                      </button>
                      <button
                        type="button"
                        className="icon-button icon-button--small icon-button--danger"
                        aria-label={`Delete ${t.token_name}`}
                        title="Delete"
                        data-testid={`delete-token-${t.token_name}`}
                        onClick={() => {
                          setNotice(null);
                          setDialog({ kind: 'delete', token: t });
                        }}
                      >
                        <TrashIcon />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {dialog?.kind === 'create' ? (
        <TokenFormDialog
          groups={groups}
          onClose={() => setDialog(null)}
          onCreated={(answer, type) => {
            setDialog({ kind: 'created', answer, type });
            refresh();
          }}
        />
      ) : null}
      {dialog?.kind === 'created' ? (
        <TokenCreatedDialog
          answer={dialog.answer}
          type={dialog.type}
          origin={window.location.origin}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <TokenFormDialog
          token={dialog.token}
          groups={groups}
          onClose={() => setDialog(null)}
          onSaved={(updated, message) => {
            replace(updated);
            setDialog(null);
            setNotice(message);
          }}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete Token"
          testId="delete-token-dialog"
          confirmLabel="Delete Token"
          pendingLabel="Deleting…"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const answer = await client.deleteToken(dialog.token.id);
            setTokens((current) => current?.filter((t) => t.id !== dialog.token.id) ?? current);
            setDialog(null);
            setNotice(answer.message || 'Auto-enrollment token deleted successfully');
          }}
        >
          Delete <strong>{dialog.token.token_name}</strong>? Scripts using it can no longer enrol hosts. Hosts it already
          enrolled keep working.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
