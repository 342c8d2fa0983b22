import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { getHostDetails, getHostPackages, type HostDetails, type HostPackagesPage } from '../../api/hostInventory';
import {
  deleteHost,
  getHost,
  listHostGroups,
  regenerateCredentials,
  updateHost,
  type Host,
  type HostGroup,
  type OsFamily,
} from '../../api/hosts';
import { useAuth } from '../../auth/AuthProvider';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TierBadge, UpgradeRequired } from '../../components/UpgradeRequired';
import { Modal } from '../../components/Modal';
import { InstallCommand } from './AddHostWizard';
import { ConnectionBadge, StatusBadge } from './common';
import { applyHostFrame, useHostLive } from '../../hooks/useHostLive';
import { HostInfoTab } from './detail/HostInfoTab';
import { HostPackagesTab } from './detail/HostPackagesTab';
import { InlineEdit, type EditableField } from './detail/InlineEdit';
import { NetworkTab } from './detail/NetworkTab';
import { NotesTab } from './detail/NotesTab';
import { PackageReportsTab } from './detail/PackageReportsTab';
import { RepositoriesTab } from './detail/RepositoriesTab';
import { SystemTab } from './detail/SystemTab';
import { AgentQueueTab } from './detail/AgentQueueTab';
import { IntegrationsTab } from './detail/IntegrationsTab';
import { HostPatchingTab } from './detail/HostPatchingTab';
import { PatchWizard } from '../patching/PatchWizard';
import {
  applyConfig,
  discardConfig,
  fetchReport,
  getIntegrations,
  stageConfig,
  updateAgent,
  type ComplianceMode,
  type HostIntegrations,
} from '../../api/agentQueue';
import { list, text } from './detail/format';
import { relativeTime } from './installCommand';
import './hosts.css';
import './detail/hostDetail.css';

/** The tab strip of chapter 4 that exists at this stage; `?tab=` names the open one (Host Info by default). */
export const HOST_TABS = [
  { id: 'info', label: 'Host Info' },
  { id: 'network', label: 'Network' },
  { id: 'system', label: 'System' },
  { id: 'packages', label: 'Packages' },
  { id: 'repositories', label: 'Repositories' },
  { id: 'reports', label: 'Package Reports' },
  { id: 'queue', label: 'Agent Queue' },
  { id: 'notes', label: 'Notes' },
  { id: 'integrations', label: 'Integrations' },
  { id: 'patching', label: 'Patching' },
] as const;

export type HostTab = (typeof HOST_TABS)[number]['id'];

function tabOf(value: string | null): HostTab {
  return HOST_TABS.find((tab) => tab.id === value)?.id ?? 'info';
}

/** Query parameters that belong to one tab and are dropped when another opens. */
const TAB_PARAMS = ['search', 'filter', 'page'];

function StatCard({ label, value, to, testId }: { label: string; value: number | null; to: string; testId: string }) {
  return (
    <Link to={to} className="card summary-card stat-card" data-testid={testId}>
      <p className="summary-card__value" data-testid={`${testId}-value`}>
        {value ?? '—'}
      </p>
      <p className="summary-card__label">{label}</p>
    </Link>
  );
}

export function HostDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const active = tabOf(params.get('tab'));
  const tabRefs = useRef<Partial<Record<HostTab, HTMLButtonElement | null>>>({});
  const { hasPermission, hasModule } = useAuth();
  const canManage = hasPermission('can_manage_hosts');
  const patchingEnabled = hasModule('patching');
  const canPatch = patchingEnabled && hasPermission('can_manage_patching');
  const [patchAll, setPatchAll] = useState(false);
  const [host, setHost] = useState<Host | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [details, setDetails] = useState<HostDetails | null>(null);
  const [detailsError, setDetailsError] = useState<string | null>(null);
  const [summary, setSummary] = useState<HostPackagesPage | null>(null);
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<'deploy' | 'delete' | null>(null);
  const [integrations, setIntegrations] = useState<HostIntegrations | null>(null);
  const [agentMessage, setAgentMessage] = useState<string | null>(null);
  const [queueKey, setQueueKey] = useState(0);

  useEffect(() => {
    if (!id) return;
    let live = true;
    getIntegrations(id).then(
      (v) => live && setIntegrations(v),
      () => live && setIntegrations(null),
    );
    return () => {
      live = false;
    };
  }, [id, reload]);

  /** Runs an agent command, says what came of it and refreshes the queue. */
  const command = async (run: () => Promise<{ message: string }>) => {
    setAgentMessage(null);
    try {
      setAgentMessage((await run()).message);
    } catch (e) {
      setAgentMessage(e instanceof Error ? e.message : 'The command failed.');
    }
    setQueueKey((n) => n + 1);
  };
  const stage = async (change: { docker?: boolean; compliance?: ComplianceMode }) => {
    try {
      setIntegrations(await stageConfig(id, change));
    } catch (e) {
      setAgentMessage(e instanceof Error ? e.message : 'Could not stage the change.');
    }
  };

  useEffect(() => {
    let stale = false;
    setNotFound(false);
    setError(null);
    setDetailsError(null);
    getHost(id).then(
      (h) => {
        if (!stale) setHost(h);
      },
      (e: unknown) => {
        if (stale) return;
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setError(e instanceof Error ? e.message : 'Could not load the host.');
      },
    );
    getHostDetails(id).then(
      (d) => {
        if (!stale) setDetails(d);
      },
      (e: unknown) => {
        if (!stale) setDetailsError(e instanceof Error ? e.message : 'Could not load what the agent reported.');
      },
    );
    getHostPackages(id, { limit: 1 }).then(
      (p) => {
        if (!stale) setSummary(p);
      },
      () => undefined,
    );
    listHostGroups().then(
      (g) => {
        if (!stale) setGroups(g);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [id, reload]);

  useEffect(() => {
    setHost(null);
    setDetails(null);
    setSummary(null);
  }, [id]);

  // The badge and last-seen time follow the host's channel; a new report re-reads what it changed.
  useHostLive([id], (frame) => {
    setHost((current) => (current ? applyHostFrame(current, frame) : current));
    if (frame.type === 'report_received' && frame.host_id === id) setReload((n) => n + 1);
  });

  useEffect(() => {
    document.title = `${host?.friendly_name ?? (notFound ? 'Host not found' : 'Host')} · PatchMon`;
  }, [host, notFound]);

  const select = useCallback(
    (tab: HostTab, focus = false) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          TAB_PARAMS.forEach((key) => next.delete(key));
          if (tab === 'info') next.delete('tab');
          else next.set('tab', tab);
          return next;
        },
        { replace: true },
      );
      if (focus) tabRefs.current[tab]?.focus();
    },
    [setParams],
  );

  if (notFound) {
    return (
      <div className="page" data-testid="host-not-found">
        <h1>Host not found</h1>
        <p>This host does not exist, or it has been deleted.</p>
        <Link to="/hosts">Back to Hosts</Link>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page">
        <h1>Host</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!host) {
    return (
      <div className="page">
        <p className="inline-status">Loading host…</p>
      </div>
    );
  }

  const patch = async (field: EditableField | 'notes' | 'primary_interface', value: string) => {
    const answer = await updateHost(host.id, { [field]: value });
    setHost(answer.host);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = HOST_TABS.findIndex((tab) => tab.id === active);
    let target: number | null = null;
    if (event.key === 'ArrowRight') target = (index + 1) % HOST_TABS.length;
    else if (event.key === 'ArrowLeft') target = (index - 1 + HOST_TABS.length) % HOST_TABS.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = HOST_TABS.length - 1;
    if (target === null) return;
    event.preventDefault();
    select(HOST_TABS[target]!.id, true);
  };

  const hostQuery = `host=${encodeURIComponent(host.id)}`;
  const needsDetails = (render: (d: HostDetails) => ReactNode) =>
    details ? (
      render(details)
    ) : detailsError ? (
      <p className="form-error" role="alert" data-testid="details-error">
        {detailsError}
      </p>
    ) : (
      <p className="inline-status">Loading…</p>
    );

  return (
    <div className="page page--wide">
      <p>
        <Link to="/hosts">← Hosts</Link>
      </p>
      <div className="page-header page-header--actions">
        <div className="host-identity">
          <InlineEdit
            value={host.friendly_name}
            label="Friendly name"
            testId="host-friendly-name"
            canEdit={canManage}
            onSave={(v) => patch('friendly_name', v)}
          >
            <h1 data-testid="host-friendly-name">{host.friendly_name}</h1>
          </InlineEdit>
          <p className="host-identity__sub muted">
            <span data-testid="header-hostname">{host.hostname || '—'}</span> ·{' '}
            <span data-testid="header-ip">{host.ip || '—'}</span>
          </p>
          <p className="host-chips">
            <StatusBadge status={host.effective_status} />
            <ConnectionBadge connected={host.connected} secure={host.connection_secure} />
            {host.is_down ? (
              <span className="badge badge--danger" title={host.down_since ?? undefined} data-testid="down-chip">
                {host.down_reason === 'disconnected' ? 'Down: disconnected' : 'Down: missed updates'}
              </span>
            ) : null}
            {host.needs_reboot ? (
              <span className="badge badge--warning" title={details?.reboot_reason ?? undefined} data-testid="reboot-chip">
                Reboot required
              </span>
            ) : null}
            <span className="muted" data-testid="header-uptime">
              Uptime: {text(details?.system?.system_uptime)}
            </span>
            <span className="muted" title={host.last_update ?? undefined} data-testid="header-last-updated">
              Last updated: {relativeTime(host.last_update)}
            </span>
          </p>
        </div>
        <div className="bulk-toolbar">
          {canManage && integrations?.pending ? (
            <button
              type="button"
              className="button"
              disabled={!host.connected}
              title={host.connected ? 'Push the pending configuration to the agent' : 'The agent is offline'}
              onClick={() => command(async () => {
                const answer = await applyConfig(host.id);
                setIntegrations(await getIntegrations(host.id));
                return answer;
              })}
              data-testid="apply-config"
            >
              Apply
            </button>
          ) : null}
          {canManage ? (
            <button
              type="button"
              className="button"
              disabled={!host.connected}
              title={host.connected ? 'Ask the agent for a full report now' : 'The agent is offline'}
              onClick={() => command(() => fetchReport(host.id))}
              data-testid="fetch-report"
            >
              Fetch Report
            </button>
          ) : null}
          {canManage ? (
            <button
              type="button"
              className="button button--secondary"
              disabled={!host.connected}
              onClick={() => command(() => updateAgent(host.id))}
              data-testid="update-agent"
            >
              Update Now
            </button>
          ) : null}
          {canPatch && host.os_family !== 'windows' ? (
            <button type="button" className="button" onClick={() => setPatchAll(true)} data-testid="header-patch-all">
              Patch all
            </button>
          ) : null}
          {canManage ? (
            <button type="button" className="button" onClick={() => setDialog('deploy')} data-testid="deploy-agent">
              Deploy Agent
            </button>
          ) : null}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setReload((n) => n + 1)}
            aria-label="Refresh"
            title="Re-fetch this host's data"
            data-testid="refresh-host"
          >
            ↻
          </button>
          {canManage ? (
            <button type="button" className="button button--danger" onClick={() => setDialog('delete')} data-testid="delete-host">
              Delete
            </button>
          ) : null}
        </div>
      </div>

      {agentMessage ? (
        <p className="inline-status" role="status" data-testid="agent-command-status">
          {agentMessage}
        </p>
      ) : null}
      <div className="summary-cards host-stats">
        <StatCard label="Total Installed" value={summary?.installed ?? null} to={`/packages?${hostQuery}`} testId="stat-installed" />
        <StatCard
          label="Outdated Packages"
          value={summary?.updates_available ?? null}
          to={`/packages?${hostQuery}&filter=outdated`}
          testId="stat-outdated"
        />
        <StatCard
          label="Security Updates"
          value={summary?.security_updates ?? null}
          to={`/packages?${hostQuery}&filter=security-updates`}
          testId="stat-security"
        />
        <StatCard
          label="Repos"
          value={details ? list(details.repositories).length : null}
          to={`/repositories?${hostQuery}`}
          testId="stat-repos"
        />
      </div>

      <div className="host-tabs" role="tablist" aria-label="Host details" onKeyDown={onKeyDown}>
        {HOST_TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={`host-tab-${tab.id}`}
            data-testid={`host-tab-${tab.id}`}
            aria-selected={active === tab.id}
            aria-controls={`host-panel-${tab.id}`}
            tabIndex={active === tab.id ? 0 : -1}
            className={active === tab.id ? 'host-tab host-tab--active' : 'host-tab'}
            onClick={() => select(tab.id)}
          >
            {tab.label}
            {tab.id === 'patching' && !patchingEnabled ? <TierBadge module="patching" /> : null}
          </button>
        ))}
      </div>
      <section
        className="card host-tab-panel"
        role="tabpanel"
        id={`host-panel-${active}`}
        aria-labelledby={`host-tab-${active}`}
        data-testid={`host-panel-${active}`}
      >
        {active === 'info' ? (
          <HostInfoTab
            host={host}
            details={details}
            groups={groups}
            canManage={canManage}
            onSaveField={(field, value) => patch(field, value)}
            onHostChanged={setHost}
          />
        ) : null}
        {active === 'network'
          ? needsDetails((d) => (
              <NetworkTab
                details={d}
                primaryInterface={host.primary_interface ?? null}
                canManage={canManage}
                onSetPrimary={(name) => patch('primary_interface', name)}
              />
            ))
          : null}
        {active === 'system' ? needsDetails((d) => <SystemTab host={host} details={d} />) : null}
        {active === 'packages' ? <HostPackagesTab key={reload} hostId={host.id} /> : null}
        {active === 'repositories' ? needsDetails((d) => <RepositoriesTab details={d} />) : null}
        {active === 'reports' ? <PackageReportsTab key={reload} hostId={host.id} /> : null}
        {active === 'queue' ? <AgentQueueTab hostId={host.id} refreshKey={reload + queueKey} /> : null}
        {active === 'integrations' ? (
          <IntegrationsTab
            view={integrations}
            canEdit={canManage}
            connected={Boolean(host.connected)}
            onStage={stage}
            onDiscard={async () => setIntegrations(await discardConfig(host.id))}
          />
        ) : null}
        {active === 'patching' && !patchingEnabled ? <UpgradeRequired module="patching" /> : null}
        {active === 'patching' && patchingEnabled ? (
          <HostPatchingTab
            refreshKey={reload}
            host={{ id: host.id, name: host.friendly_name || host.hostname || host.id }}
            canManage={canPatch && host.os_family !== 'windows'}
          />
        ) : null}
        {active === 'notes' ? <NotesTab host={host} canEdit={canManage} onSave={(v) => patch('notes', v)} /> : null}
      </section>

      {patchAll ? (
        <PatchWizard
          mode={{ kind: 'host', host: { id: host.id, name: host.friendly_name || host.hostname || host.id }, patchType: 'patch_all' }}
          onClose={() => setPatchAll(false)}
          onFinished={(result) => {
            setPatchAll(false);
            setAgentMessage(result.message);
          }}
        />
      ) : null}
      {dialog === 'deploy' ? <DeployAgentDialog host={host} onClose={() => setDialog(null)} onRegenerated={setHost} /> : null}
      {dialog === 'delete' ? (
        <DeleteHostDialog host={host} onClose={() => setDialog(null)} onDeleted={() => navigate('/hosts', { replace: true })} />
      ) : null}
    </div>
  );
}

function DeployAgentDialog({ host, onClose, onRegenerated }: { host: Host; onClose: () => void; onRegenerated: (h: Host) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creds, setCreds] = useState<{ apiId: string; apiKey: string } | null>(null);
  const os = (['linux', 'freebsd', 'windows'].includes(host.os_family ?? '') ? host.os_family : 'linux') as OsFamily;
  const regenerate = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await regenerateCredentials(host.id);
      setCreds({ apiId: answer.api_id, apiKey: answer.api_key });
      onRegenerated(answer.host);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not regenerate the credentials.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Deploy Agent" onClose={onClose} busy={busy} testId="deploy-dialog" size="wide">
      <div className="modal__body">
        {creds ? (
          <>
            <p className="modal__text">
              New credentials were issued; the old API key no longer works. <strong>This key is shown only once.</strong>
            </p>
            <InstallCommand os={os} apiId={creds.apiId} apiKey={creds.apiKey} testId="deploy-command" offerForce />
          </>
        ) : (
          <p className="modal__text">
            The API key is only shown when it is created. To get a new install command, regenerate the credentials: the
            current key stops working and an agent already installed with it must be reconfigured.
          </p>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
          {creds ? 'Close' : 'Cancel'}
        </button>
        {creds ? null : (
          <button type="button" className="button button--danger" onClick={() => void regenerate()} disabled={busy} data-testid="regenerate-confirm">
            Regenerate credentials
          </button>
        )}
      </div>
    </Modal>
  );
}

function DeleteHostDialog({ host, onClose, onDeleted }: { host: Host; onClose: () => void; onDeleted: () => void }) {
  return (
    <ConfirmDialog
      title="Delete host"
      testId="delete-host-dialog"
      confirmLabel="Delete"
      confirmTestId="delete-host-confirm"
      onConfirm={() => deleteHost(host.id)}
      onDone={onDeleted}
      onClose={onClose}
      errorFallback="Could not delete the host."
    >
      <p className="modal__text">
        Delete <strong>{host.friendly_name}</strong>? Its data is removed and its agent can no longer report.
      </p>
    </ConfirmDialog>
  );
}
