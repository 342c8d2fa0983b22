import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentQueue, HostIntegrations } from '../../api/agentQueue';
import type { Host } from '../../api/hosts';
import { ALL_PERMISSIONS, json, renderApp, signedInApi, type Handler } from '../../test/fakeApi';
import { hostFixture } from '../../test/hostFixture';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HOST: Host = hostFixture({
  hostname: 'web01',
  architecture: 'x86_64',
  total_packages: 1,
  last_update: new Date().toISOString(),
  updated_at: '2025-01-01T00:00:00Z',
  connected: true,
});

const QUEUE: AgentQueue = {
  host_id: 'h-1',
  queue_status: { waiting: 0, active: 1, delayed: 2, failed: 1 },
  job_history: [
    { id: 'j2', job_id: 'j2', job_name: 'report_now', status: 'active', attempt: 1, created_at: '2026-12-01T10:01:00Z', sent_at: null,
      completed_at: null, error_message: null, output: null, history: [] },
    { id: 'j1', job_id: 'j1', job_name: 'update_agent', status: 'failed', attempt: 1, created_at: '2026-12-01T10:00:00Z', sent_at: null,
      completed_at: '2026-12-01T10:00:05Z', error_message: 'version 9 failed verification', output: null, history: [] },
  ],
  total_jobs: 2,
};

const APPLIED: HostIntegrations = { host_id: 'h-1', integrations: { docker: false, compliance: 'disabled' }, pending: null, apply_job: null };

function api(host: Host, handlers: Record<string, Handler> = {}) {
  return signedInApi({ permissions: ALL_PERMISSIONS }, {
    'GET /hosts/h-1': () => json(200, host),
    'GET /hosts/h-1/details': () => json(404, { error: 'No report yet' }),
    'GET /hosts/h-1/packages': () => json(200, { packages: [], pagination: { page: 1, limit: 50, total: 0, pages: 0 } }),
    'GET /host-groups': () => json(200, []),
    'GET /hosts/h-1/agent-queue': () => json(200, QUEUE),
    'GET /hosts/h-1/integrations': () => json(200, APPLIED),
    ...handlers,
  });
}

async function open(path: string) {
  renderApp(path);
  await screen.findByRole('heading', { level: 1, name: 'web-01' });
}

function click(el: HTMLElement) {
  act(() => {
    fireEvent.click(el);
  });
}

describe('Agent Queue tab', () => {
  it('shows the counts by state and each job with its outcome', async () => {
    api(HOST);
    await open('/hosts/h-1?tab=queue');
    await screen.findByTestId('job-history');
    expect(screen.getByTestId('queue-delayed').textContent).toContain('2');
    expect(screen.getByTestId('queue-failed').textContent).toContain('1');
    const rows = screen.getAllByTestId('job-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['active', 'failed']);
    expect(rows[1]!.textContent).toContain('version 9 failed verification');
  });

  it('Fetch Report asks the agent and re-reads the queue; it is disabled while the agent is offline', async () => {
    const fake = api(HOST, { 'POST /hosts/h-1/fetch-report': () => json(200, { message: 'Report requested', job_id: 'j3' }) });
    await open('/hosts/h-1?tab=queue');
    await screen.findByTestId('job-history');
    click(screen.getByTestId('fetch-report'));
    await screen.findByText('Report requested');
    expect(fake.callsTo('POST', '/hosts/h-1/fetch-report')).toHaveLength(1);
    await waitFor(() => expect(fake.callsTo('GET', '/hosts/h-1/agent-queue').length).toBeGreaterThanOrEqual(2));
    cleanup();

    api({ ...HOST, connected: false });
    await open('/hosts/h-1');
    expect((screen.getByTestId('fetch-report') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('update-agent') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Integrations tab', () => {
  it('stages a toggle as pending configuration and Apply sends it', async () => {
    const pending: HostIntegrations = { ...APPLIED, pending: { docker: true } };
    const fake = api(HOST, {
      'PUT /hosts/h-1/pending-config': () => json(200, pending),
      'POST /hosts/h-1/apply-config': () => json(202, { message: 'Configuration sent to the agent', job: QUEUE.job_history[0] }),
    });
    await open('/hosts/h-1?tab=integrations');
    const toggle = await screen.findByTestId('docker-toggle');
    expect(screen.queryByTestId('apply-config')).toBeNull();
    click(toggle);
    await screen.findByTestId('pending-banner');
    expect(fake.callsTo('PUT', '/hosts/h-1/pending-config')[0]!.body).toEqual({ docker: true });
    click(screen.getByTestId('apply-config'));
    await screen.findByText('Configuration sent to the agent');
    expect(fake.callsTo('POST', '/hosts/h-1/apply-config')).toHaveLength(1);
  });

  it('keeps Apply disabled while the agent is offline and says why', async () => {
    api({ ...HOST, connected: false }, { 'GET /hosts/h-1/integrations': () => json(200, { ...APPLIED, pending: { docker: true } }) });
    await open('/hosts/h-1?tab=integrations');
    expect((await screen.findByTestId('pending-banner')).textContent).toContain('offline');
    expect((screen.getByTestId('apply-config') as HTMLButtonElement).disabled).toBe(true);
  });
});
