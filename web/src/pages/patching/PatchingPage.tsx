import { useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getPatchingDashboard, type PatchingDashboard } from '../../api/patching';
import { RunStatusBadge, formatTime, hostName, typeSummary } from './common';
import { RunsTab } from './RunsTab';
import './patching.css';
import '../hosts/hosts.css';
import '../hosts/detail/hostDetail.css';

export interface PatchingTab {
  id: string;
  label: string;
  render: () => ReactNode;
}

/**
 * The Patching page's tabs (`?tab=`, Overview by default). Further tabs (Policies) are added to this list; each
 * renders its own panel.
 */
export const PATCHING_TABS: PatchingTab[] = [
  { id: 'overview', label: 'Overview', render: () => <OverviewTab /> },
  { id: 'runs', label: 'Runs & History', render: () => <RunsTab /> },
];

export function PatchingPage({ tabs = PATCHING_TABS }: { tabs?: PatchingTab[] }) {
  const [params, setParams] = useSearchParams();
  const active = tabs.find((t) => t.id === params.get('tab')) ?? tabs[0]!;

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
        {active.render()}
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

export function runsLink(status: string): string {
  return `/patching?${new URLSearchParams(status ? { tab: 'runs', status } : { tab: 'runs' })}`;
}

function OverviewTab() {
  const [dashboard, setDashboard] = useState<PatchingDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    getPatchingDashboard().then(
      (d) => !stale && setDashboard(d),
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : 'Could not load the patching dashboard.'),
    );
    return () => {
      stale = true;
    };
  }, []);

  if (error) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  return (
    <div data-testid="patching-overview">
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
