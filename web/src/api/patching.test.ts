import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../test/fakeApi';
import {
  approveRun,
  bulkApproveRuns,
  bulkDeleteRuns,
  canRetryValidation,
  deleteRun,
  isApprovable,
  isDeletable,
  listRuns,
  previewRun,
  stopRun,
  type RunStatus,
} from './patching';

afterEach(() => {
  vi.unstubAllGlobals();
});

const urls = (fetchMock: ReturnType<typeof fakeApi>['fetchMock']) =>
  fetchMock.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`);

describe('patching client', () => {
  it('sends the list filters it is given and leaves the rest out', async () => {
    const fake = fakeApi({ 'GET /patching/runs': () => json(200, { runs: [], total: 0, limit: 50, offset: 50 }) });
    await listRuns({ limit: 50, offset: 50, status: 'active', type: 'patch_all', host_id: 'h 1' });
    await listRuns({});
    expect(urls(fake.fetchMock)).toEqual([
      'GET /api/v1/patching/runs?limit=50&offset=50&status=active&type=patch_all&host_id=h+1',
      'GET /api/v1/patching/runs',
    ]);
  });

  it('addresses a run by its encoded id on every run route', async () => {
    const fake = fakeApi({
      'DELETE /patching/runs/run%2F1': () => json(200, { message: 'Patch run deleted' }),
      'POST /patching/runs/run%2F1/stop': () => json(202, { message: 'Stop requested' }),
      'POST /patching/runs/run%2F1/approve': () => json(201, { run: {}, validation_run_id: 'run/1' }),
    });
    await deleteRun('run/1');
    await stopRun('run/1');
    await approveRun('run/1');
    await approveRun('run/1', 'immediate');
    expect(urls(fake.fetchMock)).toEqual([
      'DELETE /api/v1/patching/runs/run%2F1',
      'POST /api/v1/patching/runs/run%2F1/stop',
      'POST /api/v1/patching/runs/run%2F1/approve',
      'POST /api/v1/patching/runs/run%2F1/approve',
    ]);
    expect(fake.calls.map((c) => c.body)).toEqual([undefined, undefined, {}, { schedule_override: 'immediate' }]);
  });

  it('sends bulk bodies and the preview host as a query parameter', async () => {
    const fake = fakeApi({
      'POST /patching/runs/bulk-delete': () => json(200, { deleted: [], failed: [] }),
      'POST /patching/runs/bulk-approve': () => json(200, { approved: [], failed: [] }),
      'GET /patching/preview-run': () => json(200, { host_id: 'h-1', run_at_iso: null, immediate: true, policy: null }),
    });
    await bulkDeleteRuns(['a', 'b']);
    await bulkApproveRuns(['a'], 'immediate');
    await bulkApproveRuns(['b']);
    await previewRun('h-1');
    expect(fake.calls.map((c) => c.body)).toEqual([{ run_ids: ['a', 'b'] }, { run_ids: ['a'], schedule_override: 'immediate' }, { run_ids: ['b'] }, undefined]);
    expect(urls(fake.fetchMock)[3]).toBe('GET /api/v1/patching/preview-run?host_id=h-1');
  });

  it('knows which statuses can be deleted, approved and re-validated', () => {
    const all: RunStatus[] = ['queued', 'pending_validation', 'validated', 'pending_approval', 'approved', 'scheduled', 'running', 'completed', 'dry_run_completed', 'failed', 'cancelled'];
    expect(all.filter((status) => isDeletable({ status }))).toEqual(['queued', 'pending_validation', 'validated', 'pending_approval', 'approved', 'scheduled']);
    expect(all.filter((status) => isApprovable({ status }))).toEqual(['pending_validation', 'validated', 'pending_approval']);
    expect(canRetryValidation({ status: 'pending_validation', patch_type: 'patch_package', dry_run: true })).toBe(true);
    expect(canRetryValidation({ status: 'failed', patch_type: 'patch_package', dry_run: true })).toBe(true);
    expect(canRetryValidation({ status: 'failed', patch_type: 'patch_package', dry_run: false })).toBe(false);
    expect(canRetryValidation({ status: 'pending_validation', patch_type: 'patch_all', dry_run: false })).toBe(false);
  });
});
