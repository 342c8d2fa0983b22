import './upgrade.css';

/** Names of the capability modules the UI gates on (admin guide ch. 8 "Module Gate", ch. 10). */
export const MODULE_LABELS: Record<string, string> = {
  patching: 'Patching',
  patching_policies: 'Patch policies',
};

/** The small badge on a tab whose module the plan does not include. */
export function TierBadge({ module }: { module: string }) {
  return (
    <span className="badge badge--warning tier-badge" title={`${MODULE_LABELS[module] ?? module} is not included in your plan`} data-testid={`tier-badge-${module}`}>
      Upgrade
    </span>
  );
}

/** What a locked area shows instead of its content: the "Upgrade required" placeholder. */
export function UpgradeRequired({ module }: { module: string }) {
  const label = MODULE_LABELS[module] ?? module;
  return (
    <div className="upgrade-required" role="note" data-testid={`upgrade-required-${module}`}>
      <h2 className="card-title">
        Upgrade required <TierBadge module={module} />
      </h2>
      <p className="muted">
        {label} (the <code className="path">{module}</code> module) is not included in your organisation&apos;s plan. Ask an
        administrator of your organisation to enable it.
      </p>
    </div>
  );
}
