import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { createHost, getHost, type HostGroup, type OsFamily } from '../../api/hosts';
import { Modal } from '../../components/Modal';
import { GroupDot } from './common';
import { copyText, installCommand } from './installCommand';
import { useHostLive } from '../../hooks/useHostLive';

const OS_TILES: { id: OsFamily; label: string; hint: string }[] = [
  { id: 'linux', label: 'Linux', hint: 'Ubuntu, Debian, CentOS, RHEL, Rocky, Alma, Fedora, Alpine, etc.' },
  { id: 'freebsd', label: 'FreeBSD', hint: 'FreeBSD 13 / 14, including pfSense.' },
  { id: 'windows', label: 'Windows', hint: 'Windows 10/11 and Windows Server 2019 / 2022 / 2025.' },
];

const STEPS = ['Choose OS', 'Host details', 'Copy command', 'Connection'];

export const POLL_INTERVAL_MS = 2000;

/** Chapter 3's Waiting for Connection stages, in order. */
const STAGES = ['waiting', 'connected', 'receiving', 'done'] as const;
type Stage = (typeof STAGES)[number];
const STAGE_LABELS: Record<Stage, string> = {
  waiting: 'Waiting for connection',
  connected: 'Connected',
  receiving: 'Receiving initial report',
  done: 'Done',
};

/**
 * Shows the install command: the Linux/FreeBSD one-liner (with Deploy Agent's force option when
 * `offerForce`), or PowerShell with its two options.
 */
export function InstallCommand({
  os,
  apiId,
  apiKey,
  testId,
  offerForce = false,
}: {
  os: OsFamily;
  apiId: string;
  apiKey: string;
  testId: string;
  offerForce?: boolean;
}) {
  const [sslBypass, setSslBypass] = useState(false);
  const [useCurl, setUseCurl] = useState(false);
  const [force, setForce] = useState(false);
  const command = installCommand(window.location.origin, os, apiId, apiKey, { sslBypass, useCurl, force: offerForce && force });
  return (
    <div>
      {offerForce && os !== 'windows' ? (
        <div className="checkbox-list">
          <label>
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} data-testid={`${testId}-force`} />
            Force install (bypass broken packages)
          </label>
          <p className="field__hint">Use it when the package manager stops on broken packages the agent does not depend on.</p>
        </div>
      ) : null}
      {os === 'windows' ? (
        <div className="checkbox-list">
          <label>
            <input type="checkbox" checked={sslBypass} onChange={(e) => setSslBypass(e.target.checked)} data-testid={`${testId}-ssl-bypass`} />
            Self-signed certificate (SSL bypass)
          </label>
          <label>
            <input type="checkbox" checked={useCurl} onChange={(e) => setUseCurl(e.target.checked)} data-testid={`${testId}-use-curl`} />
            Use curl instead of Invoke-WebRequest (if download fails)
          </label>
          <p className="field__hint">Run it in an elevated PowerShell (Run as Administrator).</p>
        </div>
      ) : null}
      <pre className="command-box" data-testid={testId}>
        {command}
      </pre>
    </div>
  );
}

export function AddHostWizard({ groups, onClose }: { groups: readonly HostGroup[]; onClose: () => void }) {
  const navigate = useNavigate();
  const [step, setStep] = useState(1);
  const [os, setOs] = useState<OsFamily | null>(null);
  const [name, setName] = useState('');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [docker, setDocker] = useState(false);
  const [compliance, setCompliance] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; apiId: string; apiKey: string } | null>(null);
  const [stage, setStage] = useState<Stage>('waiting');
  const done = stage === 'done';
  const advance = (to: Stage) => setStage((current) => (STAGES.indexOf(to) > STAGES.indexOf(current) ? to : current));

  // Step 4 follows the host's channel: agent_connected, report_started, report_received. The host is read once the
  // subscription stands (an agent quicker than the browser is not missed) and every 2 s while the socket is not open.
  const live = useHostLive(created ? [created.id] : [], (frame) => {
    if (!created || (frame.host_id !== created.id && frame.channel !== `host:${created.id}`)) return;
    if (frame.type === 'subscribed') void check();
    else if (frame.type === 'agent_connected') advance('connected');
    else if (frame.type === 'report_started') advance('receiving');
    else if (frame.type === 'report_received') advance('done');
  });

  const check = async () => {
    if (!created) return;
    try {
      const host = await getHost(created.id);
      if (host.status === 'active') advance('done');
      else if (host.connected) advance('connected');
    } catch {
      // Keep waiting: a transient failure must not end the wait.
    }
  };

  useEffect(() => {
    if (step !== 4 || !created || done || live.state === 'open') return;
    const timer = window.setInterval(() => void check(), POLL_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [step, created, done, live.state]);

  useEffect(() => {
    if (!done || !created) return;
    const timer = window.setTimeout(() => navigate(`/hosts/${created.id}`), 800);
    return () => window.clearTimeout(timer);
  }, [done, created, navigate]);

  const submitDetails = async () => {
    if (!os) return;
    if (!name.trim()) {
      setNameError('Friendly name is required');
      return;
    }
    setNameError(null);
    setError(null);
    setBusy(true);
    try {
      const answer = await createHost({
        friendly_name: name.trim(),
        os_family: os,
        groupIds,
        docker_enabled: docker,
        compliance_enabled: compliance,
      });
      setCreated({ id: answer.host.id, apiId: answer.api_id, apiKey: answer.api_key });
      setStep(3);
    } catch (e) {
      if (e instanceof ApiError && e.fieldError('friendly_name')) setNameError(e.fieldError('friendly_name')!);
      else setError(e instanceof Error ? e.message : 'Could not create the host.');
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!created || !os) return;
    await copyText(installCommand(window.location.origin, os, created.apiId, created.apiKey));
    setStep(4);
  };

  const close = () => onClose();

  return (
    <Modal title="Add Host" onClose={close} testId="add-host" busy={busy} size="wide">
      <ol className="wizard-steps" data-testid="wizard-steps">
        {STEPS.map((label, i) => (
          <li key={label} aria-current={step === i + 1 ? 'step' : undefined}>
            {i + 1}. {label}
          </li>
        ))}
      </ol>
      <div className="modal__body">
        {step === 1 ? (
          <div className="os-tiles" role="radiogroup" aria-label="Operating system">
            {OS_TILES.map((tile) => (
              <button
                key={tile.id}
                type="button"
                role="radio"
                aria-checked={os === tile.id}
                className={os === tile.id ? 'os-tile os-tile--selected' : 'os-tile'}
                onClick={() => setOs(tile.id)}
                data-testid={`os-tile-${tile.id}`}
              >
                <strong>{tile.label}</strong>
                <br />
                <small>{tile.hint}</small>
              </button>
            ))}
          </div>
        ) : null}
        {step === 2 ? (
          <form
            id="add-host-details"
            onSubmit={(e) => {
              e.preventDefault();
              void submitDetails();
            }}
          >
            <div className="field">
              <label className="field__label" htmlFor="add-host-name">
                Friendly Name
              </label>
              <input
                id="add-host-name"
                className="field__input"
                placeholder="server.example.com"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={nameError ? true : undefined}
                data-testid="add-host-name"
              />
              {nameError ? (
                <ul className="field__errors" data-testid="add-host-name-error">
                  <li>{nameError}</li>
                </ul>
              ) : null}
            </div>
            <fieldset className="field">
              <legend className="field__label">Host Groups</legend>
              {groups.length === 0 ? (
                <p className="field__hint">No groups yet. Create them in Settings → Host Groups.</p>
              ) : (
                <ul className="checkbox-list">
                  {groups.map((g) => (
                    <li key={g.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={groupIds.includes(g.id)}
                          onChange={(e) =>
                            setGroupIds((ids) => (e.target.checked ? [...ids, g.id] : ids.filter((id) => id !== g.id)))
                          }
                          data-testid={`add-host-group-${g.name}`}
                        />
                        <GroupDot color={g.color} />
                        {g.name}
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            <fieldset className="field">
              <legend className="field__label">Integrations</legend>
              <label className="checkbox-field">
                <input type="checkbox" role="switch" checked={docker} onChange={(e) => setDocker(e.target.checked)} data-testid="add-host-docker" />
                Docker
              </label>
              <label className="checkbox-field">
                <input
                  type="checkbox"
                  role="switch"
                  checked={compliance}
                  onChange={(e) => setCompliance(e.target.checked)}
                  data-testid="add-host-compliance"
                />
                Compliance
              </label>
            </fieldset>
            {error ? (
              <p className="form-error" role="alert" data-testid="add-host-error">
                {error}
              </p>
            ) : null}
          </form>
        ) : null}
        {step === 3 && created && os ? (
          <div>
            <p className="modal__text">
              Run this command on the host. <strong>The API key is shown only once</strong>: if you lose it, regenerate
              credentials from the host's Deploy Agent button.
            </p>
            <InstallCommand os={os} apiId={created.apiId} apiKey={created.apiKey} testId="install-command" />
          </div>
        ) : null}
        {step === 4 ? (
          <div data-testid="wizard-waiting" data-stage={stage} data-live-subscribed={live.subscribed}>
            <ol className="stages">
              {STAGES.map((s) => {
                const position = STAGES.indexOf(s) - STAGES.indexOf(stage);
                const reached = position < 0 || (position === 0 && s === 'done');
                return (
                  <li
                    key={s}
                    className={reached ? 'stage--done' : position === 0 ? 'stage--current' : 'stage--pending'}
                    data-testid={`stage-${s}`}
                    data-state={reached ? 'done' : position === 0 ? 'current' : 'pending'}
                    {...(s === 'done' ? { 'data-done': done } : {})}
                  >
                    {reached ? '✓ ' : position === 0 ? '… ' : ''}
                    {STAGE_LABELS[s]}
                  </li>
                );
              })}
            </ol>
            <p className="field__hint" data-testid="wizard-live">
              {live.state === 'open'
                ? 'Live: the stages follow the agent as it connects and reports.'
                : 'Checking the host every 2 seconds until the live connection opens.'}
            </p>
          </div>
        ) : null}
      </div>
      <div className="modal__footer">
        {step === 2 ? (
          <button type="button" className="button button--secondary" onClick={() => setStep(1)} disabled={busy}>
            Back
          </button>
        ) : null}
        {step === 1 ? (
          <button type="button" className="button" disabled={!os} onClick={() => setStep(2)} data-testid="add-host-next">
            Next
          </button>
        ) : null}
        {step === 2 ? (
          <button type="submit" form="add-host-details" className="button" disabled={busy} data-testid="add-host-create">
            {busy ? 'Creating…' : 'Next'}
          </button>
        ) : null}
        {step === 3 ? (
          <button type="button" className="button" onClick={() => void copy()} data-testid="copy-command">
            Copy command
          </button>
        ) : null}
        {step === 4 && !done ? (
          <button type="button" className="button button--secondary" onClick={() => setStep(3)} data-testid="view-command">
            View command again
          </button>
        ) : null}
      </div>
    </Modal>
  );
}
