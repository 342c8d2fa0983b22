import type { HostGroupRef } from '../../api/hosts';

export function StatusBadge({ status }: { status: string }) {
  const active = status === 'active';
  return (
    <span className={active ? 'badge badge--success' : 'badge badge--muted'} data-testid="host-status">
      {active ? 'Active' : status === 'pending' ? 'Pending' : status}
    </span>
  );
}

export function GroupChips({ groups }: { groups: readonly HostGroupRef[] }) {
  if (groups.length === 0) return <span className="muted">Ungrouped</span>;
  return (
    <span className="group-chips">
      {groups.map((g) => (
        <span key={g.id} className="group-chip" style={{ borderColor: g.color }} data-testid={`group-chip-${g.name}`}>
          <span className="group-dot" style={{ background: g.color }} aria-hidden="true" />
          {g.name}
        </span>
      ))}
    </span>
  );
}

export function GroupDot({ color }: { color: string }) {
  return <span className="group-dot" style={{ background: color }} aria-hidden="true" />;
}
