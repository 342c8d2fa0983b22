import { useEffect, useState, type FormEvent } from 'react';
import { getAgentUpdates, saveAgentUpdates, type AgentUpdatesSettings } from '../../api/agentUpdates';
import { useDocumentTitle } from '../SectionPage';
import { errorText } from './formErrors';

const MIN_INTERVAL = 1;
const MAX_INTERVAL = 1440;

/**
 * Settings → Agent Updates (chapter 2, /settings/agent-config): how often agents report, and whether they update
 * themselves. Both reach connected agents live; per-host overrides live on Host Detail.
 */
export function AgentUpdatesPage() {
  const [settings, setSettings] = useState<AgentUpdatesSettings | null>(null);
  const [interval, setIntervalText] = useState('');
  const [autoUpdate, setAutoUpdate] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useDocumentTitle('Agent Updates');

  useEffect(() => {
    let stale = false;
    getAgentUpdates().then(
      (s) => {
        if (stale) return;
        setSettings(s);
        setIntervalText(String(s.update_interval));
        setAutoUpdate(s.auto_update);
      },
      (e: unknown) => {
        if (!stale) setLoadError(errorText(e));
      },
    );
    return () => {
      stale = true;
    };
  }, []);

  const minutes = Number(interval);
  const intervalValid = /^\d+$/.test(interval.trim()) && minutes >= MIN_INTERVAL && minutes <= MAX_INTERVAL;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!settings || pending) return;
    if (!intervalValid) {
      setError(`Update interval must be between ${MIN_INTERVAL} and ${MAX_INTERVAL} minutes`);
      return;
    }
    setPending(true);
    setError(null);
    setSaved(null);
    try {
      const next = await saveAgentUpdates({ update_interval: minutes, auto_update: autoUpdate });
      setSettings(next);
      setIntervalText(String(next.update_interval));
      setAutoUpdate(next.auto_update);
      const notified = next.agents_notified ?? 0;
      setSaved(`Agent update settings saved; ${notified} connected agent${notified === 1 ? '' : 's'} notified.`);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setPending(false);
    }
  };

  if (loadError) {
    return (
      <div className="form-error" role="alert" data-testid="agent-updates-load-error">
        {loadError}
      </div>
    );
  }
  if (!settings) return <p className="muted">Loading…</p>;

  return (
    <section className="card settings-card" aria-labelledby="agent-updates-title" data-testid="agent-updates">
      <h2 className="card-title" id="agent-updates-title">
        Agent Updates
      </h2>
      <p className="settings-card__intro">
        Controls how often agents report and whether they update themselves. Agents connected over the WebSocket
        channel pick up changes at once; the others when they next start.
      </p>
      {error ? (
        <div className="form-error" role="alert" data-testid="agent-updates-error">
          {error}
        </div>
      ) : null}
      <form className="settings-form" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <div className="field">
          <label htmlFor="agent-update-interval">Update interval (minutes)</label>
          <input
            id="agent-update-interval"
            type="number"
            min={MIN_INTERVAL}
            max={MAX_INTERVAL}
            value={interval}
            onChange={(e) => setIntervalText(e.target.value)}
            data-testid="agent-update-interval"
          />
          <p className="field__hint">How often agents send a report: 1 to 1440 minutes (default 60).</p>
        </div>
        <div className="checkbox-field">
          <input
            id="agent-auto-update"
            type="checkbox"
            role="switch"
            checked={autoUpdate}
            onChange={(e) => setAutoUpdate(e.target.checked)}
            data-testid="agent-auto-update"
          />
          <label htmlFor="agent-auto-update">Automatic agent updates</label>
        </div>
        <p className="field__hint">
          While on, agents install newer agent versions the server offers on their own schedule. Hosts can opt out on
          their Host Detail page; Update Now works either way.
        </p>
        <div className="settings-form__actions">
          <button type="submit" className="button" data-testid="agent-updates-save" disabled={pending}>
            {pending ? 'Saving…' : 'Save Settings'}
          </button>
          <p className="inline-status" role="status" data-testid="agent-updates-saved">
            {saved ?? ''}
          </p>
        </div>
      </form>
    </section>
  );
}
