import { useRef, useState, type FormEvent } from 'react';
import {
  apiCurlExamples,
  basicCredentials,
  enrollmentApi,
  enrollmentCommand,
  enrolsHosts,
  gethomepageWidget,
  HOST_ACTIONS,
  INTEGRATION_TYPES,
  integrationType,
  scopeSummary,
  type CreatedResponse,
  type EnrollmentToken,
  type IntegrationType,
  type NewToken,
  type Scopes,
  type TokenChanges,
} from '../../api/enrollment';
import type { HostGroup } from '../../api/hosts';
import { FormField } from '../../components/FormField';
import { Modal } from '../../components/Modal';
import { splitErrors } from './formErrors';
import { SelectField } from './UserDialogs';

const client = enrollmentApi();

export const INTEGRATION_LABELS: Record<IntegrationType, string> = {
  'proxmox-lxc': 'Proxmox LXC',
  'direct-host': 'Direct host',
  api: 'API',
  gethomepage: 'GetHomepage',
};

const TYPE_HINTS: Record<IntegrationType, string> = {
  'proxmox-lxc': 'Enrols the running LXC containers of a Proxmox host with one command.',
  'direct-host': 'Enrols the host the one-line command runs on.',
  api: 'Scoped HTTP Basic credentials for scripts and tools (Ansible, Terraform, CI) on /api/v1/api.',
  gethomepage: 'Read-only credentials for a GetHomepage customapi widget on /api/v1/gethomepage/stats.',
};

/** The host actions a token's scopes grant, in the checkboxes' order. */
function hostActions(scopes: Record<string, unknown> | null | undefined): string[] {
  const granted = scopes?.['host'];
  return Array.isArray(granted) ? HOST_ACTIONS.filter((a) => granted.includes(a)) : [];
}

export function integrationLabel(type: string | null): string {
  if (!type) return '—';
  return INTEGRATION_LABELS[type as IntegrationType] ?? type;
}

/** "10.0.0.1, 10.0.0.0/24" or one per line → the list the API takes. */
export function parseRanges(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The `YYYY-MM-DD` a date input shows for an expiry (UTC, as the server reads a bare date). */
export function dateInputValue(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '';
}

type TokenField =
  | 'token_name'
  | 'integration_type'
  | 'allowed_ip_ranges'
  | 'max_hosts_per_day'
  | 'default_host_group_id'
  | 'expires_at'
  | 'scopes';
const TOKEN_FIELDS: readonly TokenField[] = [
  'token_name',
  'integration_type',
  'allowed_ip_ranges',
  'max_hosts_per_day',
  'default_host_group_id',
  'expires_at',
  'scopes',
];

interface TokenValues {
  token_name: string;
  integration_type: string;
  allowed_ip_ranges: string;
  max_hosts_per_day: string;
  default_host_group_id: string;
  expires_at: string;
  is_active: boolean;
  host_actions: string[];
}

function initialValues(token?: EnrollmentToken): TokenValues {
  return {
    token_name: token?.token_name ?? '',
    integration_type: integrationType(token?.metadata) ?? 'proxmox-lxc',
    allowed_ip_ranges: token?.allowed_ip_ranges.join(', ') ?? '',
    max_hosts_per_day: String(token?.max_hosts_per_day ?? 100),
    default_host_group_id: token?.default_host_group_id ?? '',
    expires_at: dateInputValue(token?.expires_at ?? null),
    is_active: token?.is_active ?? true,
    host_actions: token ? hostActions(token.scopes) : ['get'],
  };
}

/** Only what the user changed: the server keeps the rest exactly as it is. */
function changesOf(token: EnrollmentToken, values: TokenValues, max: number): TokenChanges {
  const before = initialValues(token);
  const changes: TokenChanges = {};
  if (values.token_name.trim() !== before.token_name) changes.token_name = values.token_name.trim();
  if (values.is_active !== before.is_active) changes.is_active = values.is_active;
  if (max !== token.max_hosts_per_day) changes.max_hosts_per_day = max;
  const ranges = parseRanges(values.allowed_ip_ranges);
  if (ranges.join(',') !== token.allowed_ip_ranges.join(',')) changes.allowed_ip_ranges = ranges;
  if (values.default_host_group_id !== before.default_host_group_id) changes.default_host_group_id = values.default_host_group_id;
  if (values.expires_at !== before.expires_at) changes.expires_at = values.expires_at;
  if (integrationType(token.metadata) === 'api' && values.host_actions.join(',') !== before.host_actions.join(',')) {
    changes.scopes = { host: values.host_actions };
  }
  return changes;
}

function FormAlert({ message, testId }: { message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}

/** "New Token" (no `token`) or "Edit Token". */
export function TokenFormDialog({
  token,
  groups,
  onCreated,
  onSaved,
  onClose,
}: {
  token?: EnrollmentToken;
  groups: readonly HostGroup[];
  onCreated?: (answer: CreatedResponse, type: IntegrationType) => void;
  onSaved?: (token: EnrollmentToken, message: string) => void;
  onClose: () => void;
}) {
  const [values, setValues] = useState<TokenValues>(() => initialValues(token));
  const [errors, setErrors] = useState<Partial<Record<TokenField, string[]>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const set = <K extends keyof TokenValues>(field: K, value: TokenValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[field as TokenField];
      return next;
    });
  };

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const local: Partial<Record<TokenField, string[]>> = {};
    if (!values.token_name.trim()) local.token_name = ['Token name is required'];
    const type = (token ? integrationType(token.metadata) : values.integration_type) as IntegrationType | null;
    const enrols = token ? enrolsHosts(type) || type === null : enrolsHosts(type);
    const max = enrols ? Number(values.max_hosts_per_day.trim()) : (token?.max_hosts_per_day ?? 100);
    if (enrols && (!values.max_hosts_per_day.trim() || !Number.isInteger(max))) {
      local.max_hosts_per_day = ['Max hosts per day must be a whole number'];
    }
    if (type === 'api' && values.host_actions.length === 0) {
      local.scopes = ['Grant at least one action'];
    }
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setGeneral(null);
      focusFirstInvalid();
      return;
    }
    setPending(true);
    setGeneral(null);
    try {
      if (token) {
        const changes = changesOf(token, values, max);
        if (Object.keys(changes).length === 0) {
          onClose();
          return;
        }
        const answer = await client.updateToken(token.id, changes);
        onSaved?.(answer.token, answer.message || 'Token updated successfully');
      } else {
        const created = values.integration_type as IntegrationType;
        const body: NewToken = { token_name: values.token_name.trim() };
        if (enrols) body.max_hosts_per_day = max;
        body.allowed_ip_ranges = parseRanges(values.allowed_ip_ranges);
        body.metadata = { integration_type: created };
        if (created === 'api') body.scopes = { host: values.host_actions } satisfies Scopes;
        if (values.default_host_group_id && created !== 'gethomepage') body.default_host_group_id = values.default_host_group_id;
        if (values.expires_at) body.expires_at = values.expires_at;
        onCreated?.(await client.createToken(body), created);
      }
    } catch (caught) {
      setPending(false);
      const split = splitErrors(caught, [...TOKEN_FIELDS, 'metadata.integration_type'] as const);
      const { 'metadata.integration_type': typeErrors, ...fields } = split.fields;
      setErrors(typeErrors ? { ...fields, integration_type: typeErrors } : fields);
      setGeneral(split.general);
      focusFirstInvalid();
    }
  };

  const prefix = token ? 'edit-token' : 'new-token';
  const groupOptions = [
    { value: '', label: 'No default group' },
    ...groups.map((g) => ({ value: g.id, label: g.name })),
  ];
  if (values.default_host_group_id && !groups.some((g) => g.id === values.default_host_group_id)) {
    groupOptions.push({ value: values.default_host_group_id, label: token?.host_groups?.name ?? 'Unknown group' });
  }
  const rangesError = errors.allowed_ip_ranges ?? [];
  const shownType = token ? integrationType(token.metadata) : values.integration_type;
  const showsEnrolment = token ? shownType === null || enrolsHosts(shownType) : enrolsHosts(shownType);
  const scopesError = errors.scopes ?? [];
  const toggleAction = (action: string, on: boolean) =>
    set(
      'host_actions',
      HOST_ACTIONS.filter((a) => (a === action ? on : values.host_actions.includes(a))),
    );

  return (
    <Modal title={token ? 'Edit Token' : 'New Token'} onClose={onClose} testId="token-dialog" busy={pending}>
      <form ref={formRef} className="modal__body" onSubmit={onSubmit} noValidate aria-busy={pending}>
        <FormAlert message={general} testId="token-form-error" />
        <FormField
          id={`${prefix}-name`}
          testId="token-name"
          label="Token Name"
          hint="A descriptive name, e.g. Proxmox Production."
          autoComplete="off"
          required
          maxLength={255}
          value={values.token_name}
          onChange={(e) => set('token_name', e.target.value)}
          errors={errors.token_name}
        />
        {token ? (
          <div className="field">
            <span className="field__label">Integration Type</span>
            <p className="field__hint" data-testid="token-type-fixed">
              {integrationLabel(integrationType(token.metadata))} (fixed when the token was created)
            </p>
          </div>
        ) : (
          <SelectField
            id={`${prefix}-type`}
            testId="token-type"
            label="Integration Type"
            hint={TYPE_HINTS[values.integration_type as IntegrationType] ?? ''}
            value={values.integration_type}
            onChange={(value) => set('integration_type', value)}
            options={INTEGRATION_TYPES.map((type) => ({ value: type, label: `${INTEGRATION_LABELS[type]} (${type})` }))}
            errors={errors.integration_type}
          />
        )}
        {shownType === 'api' ? (
          <fieldset className="field" aria-describedby={scopesError.length > 0 ? `${prefix}-scopes-error` : undefined}>
            <legend className="field__label">Scopes</legend>
            <p className="field__hint">Explicit permissions on hosts: get does not include delete, nor delete get.</p>
            {HOST_ACTIONS.map((action) => (
              <label className="checkbox-field" key={action}>
                <input
                  type="checkbox"
                  checked={values.host_actions.includes(action)}
                  onChange={(e) => toggleAction(action, e.target.checked)}
                  aria-invalid={scopesError.length > 0 ? true : undefined}
                  data-testid={`token-scope-host-${action}`}
                />
                host: {action} {action === 'get' ? '(list hosts, details, stats, packages, reports, notes)' : '(delete hosts)'}
              </label>
            ))}
            {scopesError.length > 0 ? (
              <ul className="field__errors" id={`${prefix}-scopes-error`} data-testid="token-scopes-error">
                {scopesError.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </fieldset>
        ) : null}
        {showsEnrolment ? (
          <FormField
            id={`${prefix}-max`}
            testId="token-max"
            label="Max Hosts Per Day"
            hint="Rate limit, 1–1000 (resets daily at midnight UTC)."
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            required
            value={values.max_hosts_per_day}
            onChange={(e) => set('max_hosts_per_day', e.target.value)}
            errors={errors.max_hosts_per_day}
          />
        ) : null}
        {shownType !== 'gethomepage' ? (
          <SelectField
            id={`${prefix}-group`}
            testId="token-group"
            label="Default Host Group"
            hint={showsEnrolment ? 'Enrolled hosts are placed in this group.' : 'Optional: the host group this credential is meant for.'}
            value={values.default_host_group_id}
            onChange={(value) => set('default_host_group_id', value)}
            options={groupOptions}
            errors={errors.default_host_group_id}
          />
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={`${prefix}-ranges`}>
            Allowed IP Addresses
          </label>
          <p className="field__hint" id={`${prefix}-ranges-hint`}>
            Comma- or line-separated IPs or CIDR ranges (e.g. 192.168.1.10, 10.0.0.0/24). Empty: any address.
          </p>
          <textarea
            id={`${prefix}-ranges`}
            className="field__input"
            rows={2}
            spellCheck={false}
            value={values.allowed_ip_ranges}
            onChange={(e) => set('allowed_ip_ranges', e.target.value)}
            aria-invalid={rangesError.length > 0 ? true : undefined}
            aria-describedby={[`${prefix}-ranges-hint`, rangesError.length > 0 ? `${prefix}-ranges-error` : '']
              .filter(Boolean)
              .join(' ')}
            data-testid="token-ranges"
          />
          {rangesError.length > 0 ? (
            <ul className="field__errors" id={`${prefix}-ranges-error`} data-testid="token-ranges-error">
              {rangesError.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <FormField
          id={`${prefix}-expires`}
          testId="token-expires"
          label="Expiration Date"
          hint="Optional: the token stops working at the start of this day (UTC)."
          type="date"
          value={values.expires_at}
          onChange={(e) => set('expires_at', e.target.value)}
          errors={errors.expires_at}
        />
        {token ? (
          <label className="checkbox-field">
            <input
              type="checkbox"
              checked={values.is_active}
              onChange={(e) => set('is_active', e.target.checked)}
              data-testid="token-active"
            />
            Active (an inactive token is refused everywhere)
          </label>
        ) : null}
        <div className="modal__footer">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={pending} data-testid="token-submit">
            {token ? (pending ? 'Saving…' : 'Save Changes') : pending ? 'Creating…' : 'Create Token'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="field">
      <span className="field__label">{label}</span>
      <div className="secret-row">
        <code className="secret-row__value" data-testid={testId}>
          {value}
        </code>
        <button
          type="button"
          className="button button--secondary"
          aria-label={`Copy ${label}`}
          data-testid={`${testId}-copy`}
          onClick={() => void copyToClipboard(value).then((ok) => setState(ok ? 'copied' : 'failed'))}
        >
          Copy
        </button>
      </div>
      <span className="inline-status" role="status" data-testid={`${testId}-copy-status`}>
        {state === 'copied' ? 'Copied to the clipboard.' : null}
        {state === 'failed' ? 'Could not copy: select the text and copy it yourself.' : null}
      </span>
    </div>
  );
}

/** After "Create Token": the only time the secret is ever shown, with what it takes to use it. */
export function TokenCreatedDialog({
  answer,
  type,
  origin,
  onClose,
}: {
  answer: CreatedResponse;
  type: IntegrationType;
  origin: string;
  onClose: () => void;
}) {
  const { token } = answer;
  const granted = scopeSummary(token.scopes);
  const credentials = basicCredentials(token.token_key, token.token_secret);
  return (
    <Modal title="Token Created" onClose={onClose} testId="token-created-dialog" size="wide">
      <div className="modal__body">
        <p className="warning-box" role="alert" data-testid="token-secret-warning">
          {answer.warning || 'Save the token_secret now - it cannot be retrieved later!'} The secret is shown only once:
          copy it before closing this window.
        </p>
        <p className="modal__text">
          <strong>{token.token_name}</strong> ({integrationLabel(type)})
          {enrolsHosts(type) && token.default_host_group ? <> enrols hosts into {token.default_host_group.name}</> : null}.
        </p>
        <CopyableValue label="Token Key" value={token.token_key} testId="created-token-key" />
        <CopyableValue label="Token Secret" value={token.token_secret} testId="created-token-secret" />
        {enrolsHosts(type) ? (
          <CopyableValue
            label={type === 'proxmox-lxc' ? 'One-line enrolment (run as root on the Proxmox host)' : 'One-line enrolment (run as root on the host)'}
            value={enrollmentCommand(origin, type, token.token_key, token.token_secret)}
            testId="created-token-command"
          />
        ) : null}
        {type === 'api' ? (
          <>
            <div className="field">
              <span className="field__label">Granted Scopes</span>
              <ul className="field__hint" data-testid="created-token-scopes">
                {granted.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
            <p className="modal__text">
              Use the key as the username and the secret as the password (HTTP Basic). Usage examples:
            </p>
            {apiCurlExamples(origin, token.token_key, token.token_secret, token.scopes).map((example, index) => (
              <CopyableValue key={example.label} label={example.label} value={example.command} testId={`created-token-curl-${index}`} />
            ))}
          </>
        ) : null}
        {type === 'gethomepage' ? (
          <>
            <CopyableValue label="Base64 Encoded Credentials" value={credentials} testId="created-token-base64" />
            <div className="field">
              <span className="field__label">Complete widget configuration (services.yml)</span>
              <pre className="secret-row__value" data-testid="created-token-yaml">
                {gethomepageWidget(origin, credentials)}
              </pre>
              <CopyButton label="Copy Config" value={gethomepageWidget(origin, credentials)} testId="created-token-yaml-copy" />
            </div>
          </>
        ) : null}
        <div className="modal__footer">
          <button type="button" className="button" onClick={onClose} data-testid="token-created-done">
            I have saved the credentials
          </button>
        </div>
      </div>
    </Modal>
  );
}

function CopyButton({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        data-testid={testId}
        onClick={() => void copyToClipboard(value).then((ok) => setState(ok ? 'copied' : 'failed'))}
      >
        {label}
      </button>
      <span className="inline-status" role="status" data-testid={`${testId}-status`}>
        {state === 'copied' ? 'Copied to the clipboard.' : null}
        {state === 'failed' ? 'Could not copy: select the text and copy it yourself.' : null}
      </span>
    </>
  );
}
