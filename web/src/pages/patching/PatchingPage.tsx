import { useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { listHostGroups, listHosts, type Host, type HostGroup } from '../../api/hosts';
import { getPatchingDashboard, type PatchingDashboard } from '../../api/patching';
import { useAuth } from '../../auth/AuthProvider';
import { TierBadge, UpgradeRequired } from '../../components/UpgradeRequired';
import { RunStatusBadge, formatTime, hostName, typeSummary } from './common';
import { PatchWizard, type WizardResult } from './PatchWizard';
import { RunsTab } from './RunsTab';
import type { WizardMode } from './wizardSteps';
import { PoliciesPanel } from './PoliciesPanel';
import './patching.css';
import '../hosts/hosts.css';
import '../hosts/detail/hostDetail.css';

export interface PatchingTab {
  id: string;
  label: string;
  render: () => ReactNode;
  /** A plan module beyond patching the tab needs: without it the tab carries a tier badge and a placeholder. */
  module?: string;
}

/**
 * The Patching page's tabs (`?tab=`, Overview by default). Further tabs (Policies) are added to this list; each
 * renders its own panel.
 */
export const PATCHING_TABS: PatchingTab[] = [
  { id: 'overview', label: 'Overview', render: () => <OverviewTab /> },
  { id: 'runs', label: 'Runs & History', render: () => <RunsTab /> },
  { id: 'policies', label: 'Policies', render: () => <PoliciesPanel />, module: 'patching_policies' },
];

export function PatchingPage({ tabs = PATCHING_TABS }: { tabs?: PatchingTab[] }) {
  const [params, setParams] = useSearchParams();
  const active = tabs.find((t) => t.id === params.get('tab')) ?? tabs[0]!;
  const { hasModule } = useAuth();
  const locked = (tab: PatchingTab) => Boolean(tab.module && !hasModule(tab.module));

  useEffect(() => {
    document.title = 'Patching · PatchMon';
  }, []);

  return (
    <div className="page page--wide">
      <div className="page-header">
        <h1>Patching</h1>
      </div>
      <div className="host-tabs" role="tablist" aria-label="Patching">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`patching-tab-${tab.id}`}
            aria-selected={active.id === tab.id}
            aria-controls={`patching-panel-${tab.id}`}
            className={active.id === tab.id ? 'host-tab host-tab--active' : 'host-tab'}
            data-testid={`patching-tab-${tab.id}`}
            onClick={() => setParams(tab.id === tabs[0]!.id ? new URLSearchParams() : new URLSearchParams({ tab: tab.id }), { replace: true })}
          >
            {tab.label}
            {locked(tab) ? <TierBadge module={tab.module!} /> : null}
          </button>
        ))}
      </div>
      <section
        className="card host-tab-panel"
        role="tabpanel"
        id={`patching-panel-${active.id}`}
        aria-labelledby={`patching-tab-${active.id}`}
        data-testid={`patching-panel-${active.id}`}
      >
        {locked(active) ? <UpgradeRequired module={active.module!} /> : active.render()}
      </section>
    </div>
  );
}

const CARDS: [keyof PatchingDashboard, string, string][] = [
  ['total_runs', 'Total runs', ''],
  ['queued', 'Queued', 'queued'],
  ['running', 'Running', 'running'],
  ['completed', 'Completed', 'completed'],
  ['failed', 'Failed', 'failed'],
  ['pending_approval', 'Pending approval', 'pending_approval'],
  ['validated', 'Validated', 'validated'],
  ['scheduled', 'Scheduled', 'scheduled'],
];

function runsLink(status: string): string {
  return `/patching?${new URLSearchParams(status ? { tab: 'runs', status } : { tab: 'runs' })}`;
}

/**
 * Start a Patch all from the Overview: the target is a (non-Windows) host, or a host group whose members are patched
 * (ch. 7 "How Groups Feed Other Features"); then the wizard as on Host Detail.
 */
function QuickPatch({ onFinished }: { onFinished: (result: WizardResult) => void }) {
  const [hosts, setHosts] = useState<Host[] | null>(null);
  const [groups, setGroups] = useState<HostGroup[]>([]);
  const [targetType, setTargetType] = useState<'host' | 'host_group'>('host');
  const [targetId, setTargetId] = useState('');
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let stale = false;
    listHosts().then(
      (all) => !stale && setHosts(all.filter((h) => h.os_family !== 'windows')),
      () => !stale && setHosts([]),
    );
    listHostGroups().then(
      (all) => !stale && setGroups(all),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, []);

  const host = targetType === 'host' ? hosts?.find((h) => h.id === targetId) : undefined;
  const group = targetType === 'host_group' ? groups.find((g) => g.id === targetId) : undefined;
  const mode: WizardMode | null = host
    ? { kind: 'host', host: { id: host.id, name: host.friendly_name || host.hostname || host.id }, patchType: 'patch_all' }
    : group
      ? { kind: 'group', group: { id: group.id, name: group.name }, patchType: 'patch_all' }
      : null;
  return (
    <div className="table-toolbar" data-testid="quick-patch">
      <label className="field">
        <span className="field__label">Target</span>
        <select
          className="field__input"
          value={targetType}
          onChange={(e) => {
            setTargetType(e.target.value as 'host' | 'host_group');
            setTargetId('');
          }}
          data-testid="quick-patch-type"
        >
          <option value="host">Host</option>
          <option value="host_group">Host group</option>
        </select>
      </label>
      {targetType === 'host' ? (
        <label className="field">
          <span className="field__label">Host</span>
          <select className="field__input" value={targetId} onChange={(e) => setTargetId(e.target.value)} data-testid="quick-patch-host">
            <option value="">Choose a host…</option>
            {(hosts ?? []).map((h) => (
              <option key={h.id} value={h.id}>
                {h.friendly_name || h.hostname || h.id}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="field">
          <span className="field__label">Host group</span>
          <select className="field__input" value={targetId} onChange={(e) => setTargetId(e.target.value)} data-testid="quick-patch-group">
            <option value="">Choose a group…</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.host_count} host{g.host_count === 1 ? '' : 's'})
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button" disabled={!mode} onClick={() => setOpen(true)} data-testid="quick-patch-all">
        Patch all
      </button>
      {open && mode ? (
        <PatchWizard
          mode={mode}
          onClose={() => setOpen(false)}
          onFinished={(result) => {
            setOpen(false);
            onFinished(result);
          }}
        />
      ) : null}
    </div>
  );
}

function OverviewTab() {
  const [dashboard, setDashboard] = useState<PatchingDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<WizardResult | null>(null);
  const [reload, setReload] = useState(0);
  const { hasPermission } = useAuth();

  useEffect(() => {
    let stale = false;
    getPatchingDashboard().then(
      (d) => !stale && setDashboard(d),
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : 'Could not load the patching dashboard.'),
    );
    return () => {
      stale = true;
    };
  }, [reload]);

  if (error) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  return (
    <div data-testid="patching-overview">
      {hasPermission('can_manage_patching') ? (
        <QuickPatch
          onFinished={(r) => {
            setResult(r);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
      {result ? (
        <p className="inline-status" role="status" data-testid="quick-patch-result">
          {result.message}
        </p>
      ) : null}
      <div className="summary-cards">
        {CARDS.map(([key, label, status]) => (
          <Link key={key} to={runsLink(status)} className="card summary-card stat-card" data-testid={`patching-card-${key}`}>
            <p className="summary-card__value" data-testid={`patching-card-${key}-value`}>
              {dashboard ? String(dashboard[key] as number) : '—'}
            </p>
            <p className="summary-card__label">{label}</p>
          </Link>
        ))}
      </div>
      <h2 className="card-title">Recent runs</h2>
      {dashboard && dashboard.recent_runs.length === 0 ? (
        <p className="muted" data-testid="recent-runs-empty">
          No patch runs yet. Start one from a host&apos;s Patching tab or from a package.
        </p>
      ) : (
        <ul className="recent-runs" data-testid="recent-runs">
          {(dashboard?.recent_runs ?? []).map((run) => (
            <li key={run.id}>
              <Link to={`/patching/runs/${encodeURIComponent(run.id)}`}>{hostName(run)}</Link> · {typeSummary(run)}{' '}
              <RunStatusBadge status={run.status} /> <span className="muted">{formatTime(run.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
