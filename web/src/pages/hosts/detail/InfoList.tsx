import type { ReactNode } from 'react';

/** A two-column list of labelled facts; each value carries its own test id. */
export function InfoList({ rows }: { rows: { label: string; value: ReactNode; testId?: string }[] }) {
  return (
    <dl className="info-grid host-facts">
      {rows.map((row) => (
        <div key={row.label} className="host-facts__row">
          <dt>{row.label}</dt>
          <dd data-testid={row.testId}>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EmptyState({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <p className="table-empty host-empty" data-testid={testId}>
      {children}
    </p>
  );
}
