import type { ComplianceMode, HostIntegrations } from '../../../api/agentQueue';

/**
 * Integrations (ch. 4 and 12): Docker and compliance toggles are staged as pending configuration (yellow banner)
 * until Apply in the page header sends them to the agent.
 */
export function IntegrationsTab({
  view,
  canEdit,
  connected,
  onStage,
  onDiscard,
}: {
  view: HostIntegrations | null;
  canEdit: boolean;
  connected: boolean;
  onStage: (change: { docker?: boolean; compliance?: ComplianceMode }) => void;
  onDiscard: () => void;
}) {
  if (!view) return <p className="inline-status">Loading…</p>;
  const docker = view.pending?.docker ?? view.integrations.docker;
  const compliance = view.pending?.compliance ?? view.integrations.compliance;
  return (
    <div data-testid="integrations-tab">
      {view.pending ? (
        <div className="notice notice--warning" role="status" data-testid="pending-banner">
          Pending configuration changes.{' '}
          {connected ? 'Click Apply in the page header to push them to the agent.' : 'The agent is offline: Apply is available when it reconnects.'}
          {view.apply_job ? ` Last Apply: ${view.apply_job.status}${view.apply_job.error_message ? ` (${view.apply_job.error_message})` : ''}.` : ''}
          {canEdit ? (
            <button type="button" className="button button--secondary" onClick={onDiscard} data-testid="discard-config">
              Discard
            </button>
          ) : null}
        </div>
      ) : null}
      <section className="card">
        <h3>Docker</h3>
        <label>
          <input
            type="checkbox"
            checked={docker}
            disabled={!canEdit}
            onChange={(e) => onStage({ docker: e.target.checked })}
            data-testid="docker-toggle"
          />{' '}
          Enabled
        </label>
      </section>
      <section className="card">
        <h3>Compliance Scanning</h3>
        <select
          value={compliance}
          disabled={!canEdit}
          onChange={(e) => onStage({ compliance: e.target.value as ComplianceMode })}
          data-testid="compliance-mode"
          aria-label="Compliance mode"
        >
          <option value="disabled">Disabled</option>
          <option value="on-demand">On-Demand</option>
          <option value="enabled">Enabled</option>
        </select>
      </section>
    </div>
  );
}
