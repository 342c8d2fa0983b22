import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import {
  addAssignment,
  addExclusion,
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  previewRun,
  removeAssignment,
  removeExclusion,
  scheduleLabel,
  timeZoneNames,
  updatePolicy,
} from './patchPolicies';
import { fakeApi, json } from '../test/fakeApi';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('patch policy client', () => {
  it('calls every policies route with snake_case bodies and encoded ids', async () => {
    const fake = fakeApi({
      'GET /patching/policies': () => json(200, { policies: [{ id: 'p 1', name: 'Nightly' }] }),
      'GET /patching/policies/p%201': () => json(200, { id: 'p 1', assignments: [], exclusions: [] }),
      'POST /patching/policies': () => json(201, { id: 'p2' }),
      'PUT /patching/policies/p%201': () => json(200, { id: 'p 1' }),
      'DELETE /patching/policies/p%201': () => json(200, { message: 'Policy deleted' }),
      'POST /patching/policies/p%201/assignments': () => json(201, { id: 'a1' }),
      'DELETE /patching/policies/p%201/assignments/a1': () => json(200, {}),
      'POST /patching/policies/p%201/exclusions': () => json(201, { host_id: 'h1' }),
      'DELETE /patching/policies/p%201/exclusions/h1': () => json(200, {}),
    });

    expect(await listPolicies()).toEqual([{ id: 'p 1', name: 'Nightly' }]);
    expect((await getPolicy('p 1')).assignments).toEqual([]);
    await createPolicy({ name: 'Hold', patch_delay_type: 'delayed', delay_minutes: 30 });
    await updatePolicy('p 1', { name: 'Win', patch_delay_type: 'fixed_time', fixed_time_utc: '03:00', timezone: 'Europe/London' });
    await addAssignment('p 1', 'host_group', 'g1');
    await removeAssignment('p 1', 'a1');
    await addExclusion('p 1', 'h1');
    await removeExclusion('p 1', 'h1');
    expect(await deletePolicy('p 1')).toEqual({ message: 'Policy deleted' });

    const bodies = fake.apiCalls().map((c) => [c.method, c.path, c.body]);
    expect(bodies).toContainEqual(['POST', '/patching/policies', { name: 'Hold', patch_delay_type: 'delayed', delay_minutes: 30 }]);
    expect(bodies).toContainEqual(['POST', '/patching/policies/p%201/assignments', { target_type: 'host_group', target_id: 'g1' }]);
    expect(bodies).toContainEqual(['POST', '/patching/policies/p%201/exclusions', { host_id: 'h1' }]);
    expect(fake.apiCalls()).toHaveLength(9);
  });

  it('previews a run with host_id in the query and surfaces the contract error', async () => {
    const fake = fakeApi({
      'GET /patching/preview-run': () =>
        json(200, { host_id: 'h1', run_at_iso: '2026-11-25T03:00:00Z', immediate: false, policy: { id: 'p1', name: 'Nightly' } }),
    });
    const preview = await previewRun('h1');
    expect(preview.run_at_iso).toBe('2026-11-25T03:00:00Z');
    expect(String(fake.fetchMock.mock.calls[0]![0])).toBe('/api/v1/patching/preview-run?host_id=h1');

    fake.set('GET /patching/preview-run', () => json(404, { error: 'Host not found' }));
    await expect(previewRun('other-tenant')).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 404 && e.message === 'Host not found');
  });

  it('labels schedules as the Policies list shows them', () => {
    expect(scheduleLabel({ patch_delay_type: 'immediate', delay_minutes: null, fixed_time_utc: null, timezone: null })).toBe('Immediate');
    expect(scheduleLabel({ patch_delay_type: 'delayed', delay_minutes: 30, fixed_time_utc: null, timezone: null })).toBe('Delayed 30 min');
    expect(scheduleLabel({ patch_delay_type: 'fixed_time', delay_minutes: null, fixed_time_utc: '03:00', timezone: 'Europe/London' })).toBe(
      'Fixed time at 03:00 Europe/London',
    );
    expect(scheduleLabel({ patch_delay_type: 'fixed_time', delay_minutes: null, fixed_time_utc: '19:00', timezone: null })).toBe(
      'Fixed time at 19:00 UTC',
    );
  });

  it('lists IANA zones from Intl when the browser has them, a fallback otherwise', () => {
    const intl = Intl as unknown as { supportedValuesOf?: unknown };
    const original = intl.supportedValuesOf;
    try {
      intl.supportedValuesOf = () => ['Europe/London', 'Asia/Singapore'];
      expect(timeZoneNames()).toEqual(['UTC', 'Europe/London', 'Asia/Singapore']);
      intl.supportedValuesOf = undefined;
      expect(timeZoneNames()).toContain('America/New_York');
      expect(timeZoneNames()[0]).toBe('UTC');
    } finally {
      intl.supportedValuesOf = original;
    }
  });
});
