import { useEffect, useState } from 'react';
import { isApiHealthy } from '../api/health';

export type ApiState = 'checking' | 'online' | 'unreachable';

const LABELS: Record<ApiState, string> = {
  checking: 'Checking API…',
  online: 'API online',
  unreachable: 'API unreachable',
};

/** How often the header re-checks GET /api/v1/health. */
export const HEALTH_POLL_MS = 60_000;

export function ApiStatus() {
  const [state, setState] = useState<ApiState>('checking');

  useEffect(() => {
    let controller: AbortController | null = null;
    const check = () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      isApiHealthy(undefined, current.signal).then(
        (healthy) => {
          if (!current.signal.aborted) setState(healthy ? 'online' : 'unreachable');
        },
        () => {
          // Aborted: a newer check or unmount superseded this one.
        },
      );
    };
    check();
    const timer = window.setInterval(check, HEALTH_POLL_MS);
    window.addEventListener('online', check);
    window.addEventListener('offline', check);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', check);
      window.removeEventListener('offline', check);
      controller?.abort();
    };
  }, []);

  return (
    <span className={`api-status api-status--${state}`} data-testid="api-status" data-state={state} role="status">
      <span className="api-status__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
