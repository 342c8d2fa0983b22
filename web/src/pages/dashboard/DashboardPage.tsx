import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { getDashboardStats, type DashboardStats, type NamedCount } from '../../api/dashboard';
import { useDocumentTitle } from '../SectionPage';
import './dashboard.css';

interface CardSpec {
  key: string;
  label: string;
  value: (stats: DashboardStats) => number;
  /** The filtered list the card opens (admin guide chapters 3 and 6). */
  to: string;
  hint?: (stats: DashboardStats) => string | null;
  tone?: 'warning' | 'danger';
}

const CARDS: readonly CardSpec[] = [
  {
    key: 'total-hosts',
    label: 'Total Hosts',
    value: (s) => s.cards.total_hosts,
    to: '/hosts',
    hint: (s) => (s.cards.pending_hosts > 0 ? `${s.cards.pending_hosts} pending` : null),
  },
  {
    key: 'needs-updates',
    label: 'Needs Updates',
    value: (s) => s.cards.hosts_needing_updates,
    to: '/hosts?filter=needs_updates',
    hint: (s) => `${s.cards.up_to_date_hosts} up to date`,
    tone: 'warning',
  },
  {
    key: 'security-updates',
    label: 'Security Updates',
    value: (s) => s.cards.security_updates,
    to: '/packages?filter=security',
    hint: (s) => `${s.cards.hosts_with_security_updates} host${s.cards.hosts_with_security_updates === 1 ? '' : 's'} affected`,
    tone: 'danger',
  },
  {
    key: 'needs-reboot',
    label: 'Needs Reboot',
    value: (s) => s.cards.hosts_needing_reboot,
    to: '/hosts?filter=needs_reboot',
    tone: 'warning',
  },
  {
    key: 'outdated-packages',
    label: 'Outdated Packages',
    value: (s) => s.cards.total_outdated_packages,
    to: '/packages?filter=outdated',
  },
  {
    key: 'offline-hosts',
    label: 'Offline Hosts',
    value: (s) => s.cards.offline_hosts,
    to: '/hosts?status=inactive',
    hint: () => 'No report for 3 update intervals',
    tone: 'danger',
  },
];

/** The fleet overview: summary cards that open the matching filtered lists, and the OS distribution. */
export function DashboardPage() {
  const [stats, setStats] = useState<DashboardStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useDocumentTitle('Dashboard');

  useEffect(() => {
    let stale = false;
    getDashboardStats().then(
      (answer) => {
        if (!stale) setStats(answer);
      },
      (e: unknown) => {
        if (!stale) setError(e instanceof Error ? e.message : 'Could not load the dashboard.');
      },
    );
    return () => {
      stale = true;
    };
  }, []);

  return (
    <section className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Dashboard</h1>
        <p className="page-summary">Fleet-wide overview of hosts, updates and reboots.</p>
      </header>
      {error ? (
        <p className="form-error" role="alert" data-testid="dashboard-error">
          {error}
        </p>
      ) : null}
      {stats === null && !error ? <p className="muted">Loading the dashboard…</p> : null}
      {stats ? (
        <>
          <div className="dashboard-cards" data-testid="dashboard-cards">
            {CARDS.map((card) => {
              const value = card.value(stats);
              const hint = card.hint?.(stats);
              return (
                <Link
                  key={card.key}
                  to={card.to}
                  className={`card dashboard-card${value > 0 && card.tone ? ` dashboard-card--${card.tone}` : ''}`}
                  data-testid={`dashboard-card-${card.key}`}
                >
                  <span className="dashboard-card__label">{card.label}</span>
                  <span className="dashboard-card__value" data-testid={`dashboard-value-${card.key}`}>
                    {value}
                  </span>
                  {hint ? <span className="dashboard-card__hint">{hint}</span> : null}
                </Link>
              );
            })}
          </div>
          <div className="card dashboard-chart" data-testid="os-distribution">
            <h2 className="card-title">OS Distribution</h2>
            <Bars rows={stats.charts.os_distribution} empty="No host has reported yet." />
          </div>
        </>
      ) : null}
    </section>
  );
}

/** A horizontal bar per row, scaled to the largest count. */
function Bars({ rows, empty }: { rows: readonly NamedCount[]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...rows.map((r) => r.count));
  return (
    <ul className="bars">
      {rows.map((row) => (
        <li key={row.name} className="bars__row" data-testid={`os-row-${row.name}`}>
          <span className="bars__name">{row.name}</span>
          <span className="bars__track" aria-hidden="true">
            <span className="bars__fill" style={{ width: `${(row.count / max) * 100}%` }} />
          </span>
          <span className="bars__count">{row.count}</span>
        </li>
      ))}
    </ul>
  );
}
