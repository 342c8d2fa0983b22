import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import {
  forgetAllTrustedDevices,
  listTrustedDevices,
  revokeTrustedDevice,
  type TrustedDevice,
} from '../../api/tfa';
import { formatDate, formatTime } from './format';
import '../../components/tfa/tfa.css';

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.error ?? error.message;
  return 'Something went wrong. Please try again.';
}

/** A timestamp as date over time, so three of them fit beside each other. */
function When({ iso }: { iso: string | null }) {
  const date = formatDate(iso);
  if (!iso || date === null) return <>—</>;
  return (
    <time dateTime={iso} className="device-when">
      <span>{date}</span> <span>{formatTime(iso)}</span>
    </time>
  );
}

/**
 * Profile → Trusted Devices (chapter 25): the browsers that skip the two-factor prompt after
 * "Remember me", with revoking one (after a confirmation) or all of them.
 */
export function TrustedDevicesPanel() {
  const [devices, setDevices] = useState<TrustedDevice[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [confirming, setConfirming] = useState<string | 'all' | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    listTrustedDevices(undefined, controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setDevices(list);
      },
      (caught: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(caught));
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const revoke = async (device: TrustedDevice) => {
    setPending(true);
    setError(null);
    setMessage(null);
    try {
      await revokeTrustedDevice(device.id);
      setDevices((current) => current?.filter((d) => d.id !== device.id) ?? current);
      setMessage(
        device.isCurrent
          ? 'Device revoked. This browser will ask for a verification code at your next sign-in.'
          : `Device revoked: ${device.label}.`,
      );
    } catch (caught) {
      setError(messageOf(caught));
      if (caught instanceof ApiError && caught.status === 404) reload();
    } finally {
      setPending(false);
      setConfirming(null);
    }
  };

  const forgetAll = async () => {
    setPending(true);
    setError(null);
    setMessage(null);
    try {
      await forgetAllTrustedDevices();
      setDevices([]);
      setMessage('All trusted devices have been forgotten. Every browser will ask for a verification code at the next sign-in.');
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setPending(false);
      setConfirming(null);
    }
  };

  let body;
  if (loadError) {
    body = (
      <div>
        <p className="form-error" role="alert" data-testid="devices-load-error">
          Could not load your trusted devices: {loadError}
        </p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  } else if (!devices) {
    body = (
      <p className="profile-muted" role="status" data-testid="devices-loading">
        Loading your trusted devices…
      </p>
    );
  } else if (devices.length === 0) {
    body = (
      <p className="notice" data-testid="devices-empty">
        No trusted devices. When you tick “Remember me on this computer” at the two-factor prompt, that browser is
        listed here.
      </p>
    );
  } else {
    body = (
      <>
        <div className="profile-toolbar">
          {confirming === 'all' ? (
            <div className="profile-confirm" role="group" aria-label="Confirm forgetting all trusted devices">
              <p>Forget all {devices.length} trusted devices? Every browser will ask for a code at the next sign-in.</p>
              <div className="button-row">
                <button
                  type="button"
                  className="button button--danger"
                  data-testid="devices-forget-all-confirm"
                  disabled={pending}
                  onClick={forgetAll}
                >
                  {pending ? 'Forgetting…' : 'Forget all'}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={pending}
                  onClick={() => setConfirming(null)}
                >
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              className="button button--secondary"
              data-testid="devices-forget-all"
              disabled={pending}
              onClick={() => setConfirming('all')}
            >
              Forget all trusted devices
            </button>
          )}
        </div>
        <div className="devices-table-wrap">
          <table className="devices-table" data-testid="devices-table">
            <thead>
              <tr>
                <th scope="col">Device and user agent</th>
                <th scope="col">IP address</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr key={device.id} data-testid="device-row" data-device-id={device.id}>
                  <td>
                    <span className="device-label">{device.label}</span>
                    {device.isCurrent ? (
                      <span className="device-badge" data-testid="device-current">
                        This device
                      </span>
                    ) : null}
                    <span className="device-agent" data-testid="device-agent" title={device.userAgent ?? undefined}>
                      {device.userAgent ?? 'Unknown user agent'}
                    </span>
                  </td>
                  <td>{device.ipAddress ?? '—'}</td>
                  <td>
                    <When iso={device.createdAt} />
                  </td>
                  <td>
                    <When iso={device.lastUsedAt} />
                  </td>
                  <td>
                    <When iso={device.expiresAt} />
                  </td>
                  <td className="devices-table__actions">
                    {confirming === device.id ? (
                      <span className="button-row">
                        <button
                          type="button"
                          className="button button--danger button--small"
                          data-testid="device-revoke-confirm"
                          disabled={pending}
                          onClick={() => revoke(device)}
                          aria-label={`Confirm revoking ${device.label}`}
                        >
                          {pending ? 'Revoking…' : 'Confirm'}
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          disabled={pending}
                          onClick={() => setConfirming(null)}
                        >
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        data-testid="device-revoke"
                        disabled={pending}
                        onClick={() => setConfirming(device.id)}
                        aria-label={`Revoke ${device.label}${device.isCurrent ? ' (this device)' : ''}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }

  return (
    <div className="profile-section">
      <h2 className="card-title">Trusted devices</h2>
      <p className="profile-muted">
        Browsers where you ticked “Remember me” skip the two-factor prompt for 30 days. Revoke any you no longer use.
      </p>
      {message ? (
        <p className="notice notice--success" role="status" data-testid="devices-message">
          {message}
        </p>
      ) : null}
      {error ? (
        <div className="form-error" role="alert" data-testid="devices-error">
          {error}
        </div>
      ) : null}
      {body}
    </div>
  );
}
