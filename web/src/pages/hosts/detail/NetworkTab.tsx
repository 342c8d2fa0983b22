import { useState } from 'react';
import type { HostDetails } from '../../../api/hostInventory';
import { EmptyState, InfoList } from './InfoList';
import { DASH, list, text } from './format';

function PrimaryStar({
  name,
  primary,
  canManage,
  onSetPrimary,
}: {
  name: string | null;
  primary: boolean;
  canManage: boolean;
  onSetPrimary: (name: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = primary ? 'Primary interface: click to return to auto-detection' : `Use ${name ?? 'this interface'} as the primary interface`;
  if (!canManage) {
    return primary ? (
      <span className="interface-star interface-star--on" title="Primary interface" data-testid="interface-primary-mark">
        ★
      </span>
    ) : null;
  }
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSetPrimary(primary ? '' : (name ?? ''));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not change the primary interface');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={primary ? 'interface-star interface-star--on' : 'interface-star'}
        aria-pressed={primary}
        aria-label={label}
        title={label}
        disabled={busy}
        onClick={toggle}
        data-testid="interface-primary"
      >
        {primary ? '★' : '☆'}
      </button>
      {error ? (
        <span role="alert" className="form-error" data-testid="interface-primary-error">
          {error}
        </span>
      ) : null}
    </>
  );
}

function linkLabel(speed: number | null, duplex: string | null): string {
  const parts = [];
  if (typeof speed === 'number' && speed > 0) parts.push(speed >= 1000 ? `${speed / 1000} Gb/s` : `${speed} Mb/s`);
  if (duplex) parts.push(`${duplex} duplex`);
  return parts.length ? parts.join(', ') : DASH;
}

interface Props {
  details: HostDetails;
  primaryInterface: string | null;
  canManage: boolean;
  /** Stars an interface; an empty name clears the star. */
  onSetPrimary: (name: string) => Promise<void>;
}

/**
 * Network (ch. 4): DNS servers, the default gateway and one card per interface. A star marks the
 * primary interface, whose address becomes the host's IP; clearing it returns to auto-detection.
 */
export function NetworkTab({ details, primaryInterface, canManage, onSetPrimary }: Props) {
  const interfaces = list(details.network_interfaces);
  const dns = list(details.system?.dns_servers);
  if (interfaces.length === 0 && dns.length === 0 && !details.system?.gateway_ip) {
    return <EmptyState testId="network-empty">The agent has not reported network data for this host yet.</EmptyState>;
  }
  return (
    <div className="host-tab-stack">
      <section aria-labelledby="dns-title">
        <h3 id="dns-title">DNS Servers</h3>
        {dns.length ? (
          <ul className="dns-grid" data-testid="dns-servers">
            {dns.map((server) => (
              <li key={server}>
                <code>{server}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted" data-testid="dns-servers-empty">
            No DNS servers reported.
          </p>
        )}
        <InfoList rows={[{ label: 'Default Gateway', value: text(details.system?.gateway_ip), testId: 'gateway-ip' }]} />
      </section>
      <section aria-labelledby="interfaces-title">
        <h3 id="interfaces-title">Network Interfaces</h3>
        {interfaces.length === 0 ? <p className="muted">No interfaces reported.</p> : null}
        <div className="interface-cards">
          {interfaces.map((nic, index) => {
            const name = nic.name || `interface ${index + 1}`;
            const up = nic.status?.toLowerCase() === 'up';
            const addresses = list(nic.addresses);
            return (
              <article key={`${name}-${index}`} className="card interface-card" data-testid={`interface-${name}`}>
                <header className="interface-card__header">
                  <PrimaryStar
                    name={nic.name}
                    primary={primaryInterface !== null && nic.name === primaryInterface}
                    canManage={canManage && Boolean(nic.name) && addresses.length > 0}
                    onSetPrimary={onSetPrimary}
                  />
                  <strong>{name}</strong>
                  <span className="muted">{nic.type || ''}</span>
                  {nic.status ? (
                    <span className={up ? 'badge badge--success' : 'badge badge--muted'} data-testid="interface-status">
                      {nic.status.toUpperCase()}
                    </span>
                  ) : null}
                </header>
                <InfoList
                  rows={[
                    { label: 'MAC Address', value: text(nic.mac_address), testId: 'interface-mac' },
                    { label: 'MTU', value: text(nic.mtu), testId: 'interface-mtu' },
                    { label: 'Link', value: linkLabel(nic.link_speed, nic.duplex), testId: 'interface-link' },
                  ]}
                />
                {addresses.length ? (
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th scope="col">Address</th>
                        <th scope="col">Family</th>
                        <th scope="col">Netmask</th>
                        <th scope="col">Gateway</th>
                      </tr>
                    </thead>
                    <tbody>
                      {addresses.map((a, i) => (
                        <tr key={`${a.address ?? ''}-${i}`} data-testid="interface-address">
                          <td>
                            <code>{text(a.address)}</code>
                          </td>
                          <td>{text(a.family)}</td>
                          <td>{text(a.netmask)}</td>
                          <td>{text(a.gateway)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="muted">No addresses.</p>
                )}
              </article>
            );
          })}
        </div>
      </section>
    </div>
  );
}
