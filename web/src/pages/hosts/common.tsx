import type { HostGroupRef } from '../../api/hosts';

const STATUS_BADGES: Record<string, [string, string]> = {
  active: ['Active', 'badge badge--success'],
  pending: ['Pending', 'badge badge--muted'],
  inactive: ['Inactive', 'badge badge--danger'],
};

/** A host's status chip; pass `effective_status` so a stale host shows as Inactive. */
export function StatusBadge({ status }: { status: string }) {
  const [label, className] = STATUS_BADGES[status] ?? [status, 'badge badge--muted'];
  return (
    <span className={className} data-testid="host-status">
      {label}
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

/**
 * The agent's WebSocket connection (chapters 3 and 4): WSS green for a secure connection, WS amber for plaintext,
 * Offline red without one.
 */
export function ConnectionBadge({ connected, secure }: { connected?: boolean; secure?: boolean | null }) {
  const [label, className, title] = !connected
    ? ['Offline', 'badge badge--danger', 'Agent not connected']
    : secure
      ? ['WSS', 'badge badge--success', 'Agent connected over a secure WebSocket']
      : ['WS', 'badge badge--warning', 'Agent connected over a plaintext WebSocket'];
  return (
    <span className={className} title={title} data-testid="connection-badge" data-connected={connected ? 'true' : 'false'}>
      {label}
    </span>
  );
}
