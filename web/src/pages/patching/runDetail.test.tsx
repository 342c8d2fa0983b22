import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PatchRun } from '../../api/patching';
import { json, renderApp, where } from '../../test/fakeApi';
import { FakeSocket } from '../../test/fakeSocket';
import { STOP_WARNING, pollInterval } from './RunDetailPage';
import { normaliseOutput } from './Terminal';
import { READ_ONLY_PERMISSIONS, patchRun, patchingApi } from './testFixtures';

beforeEach(() => {
  vi.stubGlobal('matchMedia', undefined);
  vi.stubGlobal('WebSocket', FakeSocket);
  FakeSocket.instances = [];
  window.localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function click(el: HTMLElement) {
  act(() => {
    fireEvent.click(el);
  });
}

/** The run page with GET /patching/runs/run_1 answering `answer()` (re-read on every poll). */
function runApi(answer: () => PatchRun, extra: Parameters<typeof patchingApi>[0] = {}, permissions?: string[]) {
  return patchingApi({ 'GET /patching/runs/run_1': () => json(200, answer()), ...extra }, permissions);
}

async function openRun() {
  const view = renderApp('/patching/runs/run_1');
  await screen.findByTestId('run-host');
  return view;
}

async function openSocket(channel: string): Promise<FakeSocket> {
  await waitFor(() => expect(FakeSocket.instances.length).toBeGreaterThan(0));
  const socket = FakeSocket.last();
  act(() => socket.open());
  await waitFor(() => expect(socket.frames()).toContainEqual({ type: 'subscribe', channel }));
  return socket;
}

describe('Run Detail header and sidebar', () => {
  it('names the host (friendly name, else hostname, else id) and shows the sidebar facts and Default policy text', async () => {
    runApi(() =>
      patchRun({
        host: { id: 'h-1', friendly_name: null, hostname: 'web-1.example' },
        validation_run_id: 'run_v',
        packages_affected: [
          { name: 'curl', current_version: '7.1', new_version: '7.2', dependency: false },
          { name: 'libssl3', current_version: '3.0.11', new_version: '3.0.13', dependency: true },
        ],
      }),
    );
    await openRun();
    expect(screen.getByTestId('run-host').textContent).toBe('web-1.example');
    expect(screen.getByTestId('summary-host').getAttribute('href')).toBe('/hosts/h-1');
    expect(screen.getByTestId('summary-validation-run').getAttribute('href')).toBe('/patching/runs/run_v');
    expect(screen.getByTestId('summary-policy').textContent).toBe('Default policy. Runs immediately on trigger.');
    expect(screen.getByTestId('packages-affected').textContent).toContain('libssl3');
    expect(screen.getByTestId('packages-affected').textContent).toContain('dependency');
    expect(screen.getByTestId('run-status').textContent).toBe('Completed');
  });

  it('shows the snapshotted policy, the scheduled time and the created run of an approved validation', async () => {
    runApi(() =>
      patchRun({
        status: 'approved',
        dry_run: true,
        approved_run_id: 'run_exec',
        scheduled_at: '2026-12-02T03:00:00Z',
        policy_id: 'pol_1',
        policy_name: 'Nightly 03:00',
        policy_snapshot: { id: 'pol_1', name: 'Nightly 03:00', patch_delay_type: 'fixed_time', delay_minutes: null, fixed_time_utc: '03:00', timezone: 'Europe/London' },
      }),
    );
    await openRun();
    expect(screen.getByTestId('summary-policy').textContent).toContain('Nightly 03:00');
    expect(screen.getByTestId('summary-policy').textContent).toContain('Fixed time at 03:00 Europe/London');
    expect(screen.getByTestId('summary-created-run').getAttribute('href')).toBe('/patching/runs/run_exec');
    expect(screen.getByTestId('summary-scheduled')).toBeTruthy();
  });

  it.each([
    ['pending_validation', 'Validation pending. Host may be offline.'],
    ['pending_approval', 'Awaiting approval.'],
    ['validated', 'Validation complete. Approval required.'],
  ] as const)('shows the %s banner', async (status, text) => {
    runApi(() => patchRun({ status, started_at: null, completed_at: null }));
    await openRun();
    expect(screen.getByTestId('run-banner').textContent).toContain(text);
  });

  it('counts the extra dependencies in the validated banner and shows the error panel', async () => {
    runApi(() => patchRun({ status: 'validated', dry_run: true, extra_deps: true, extra_deps_count: 2, error_message: 'E: dpkg was interrupted' }));
    await openRun();
    expect(screen.getByTestId('run-banner').textContent).toContain('adds 2 packages');
    expect(screen.getByTestId('extra-deps').textContent).toBe('Extra deps');
    expect(screen.getByTestId('run-error').textContent).toContain('E: dpkg was interrupted');
  });

  it('shows Awaiting inventory report, then New report received', async () => {
    let received = false;
    runApi(() => patchRun({ awaiting_post_patch_report: !received, post_patch_report_received: received }));
    await openRun();
    expect(screen.getByTestId('post-patch-pill').textContent).toBe('Awaiting inventory report');
    received = true;
    // Polling every 3 s while awaiting the report flips the pill.
    await waitFor(() => expect(screen.getByTestId('post-patch-pill').textContent).toBe('New report received'), { timeout: 6000 });
  });
});

describe('Run Detail actions', () => {
  it.each([
    ['pending_validation', ['run-retry', 'run-skip']],
    ['validated', ['run-approve']],
    ['pending_approval', ['run-approve']],
    ['running', ['run-stop']],
    ['completed', []],
    ['failed', []],
  ] as const)('offers the %s actions', async (status, buttons) => {
    runApi(() => patchRun({ status, dry_run: status === 'validated' }));
    await openRun();
    for (const id of ['run-retry', 'run-skip', 'run-approve', 'run-stop']) {
      expect(Boolean(screen.queryByTestId(id))).toBe((buttons as readonly string[]).includes(id));
    }
  });

  it('offers Retry Validation on a failed dry-run but not on a failed patch_all', async () => {
    runApi(() => patchRun({ status: 'failed', dry_run: true }));
    await openRun();
    expect(screen.getByTestId('run-retry')).toBeTruthy();
    cleanup();
    runApi(() => patchRun({ status: 'pending_validation', patch_type: 'patch_all', package_names: [] }));
    await openRun();
    expect(screen.queryByTestId('run-retry')).toBeNull();
    expect(screen.getByTestId('run-skip').className).toContain('button--amber');
  });

  it('hides every action without can_manage_patching', async () => {
    runApi(() => patchRun({ status: 'pending_validation' }), {}, READ_ONLY_PERMISSIONS);
    await openRun();
    expect(screen.queryByTestId('run-retry')).toBeNull();
    expect(screen.queryByTestId('run-skip')).toBeNull();
  });

  it('retries the validation with a POST and shows the re-queued run', async () => {
    const fake = runApi(() => patchRun({ status: 'pending_validation', started_at: null }), {
      'POST /patching/runs/run_1/retry-validation': () => json(202, patchRun({ status: 'pending_validation', started_at: null })),
    });
    await openRun();
    click(screen.getByTestId('run-retry'));
    await screen.findByText('Validation re-queued.');
    expect(fake.callsTo('POST', '/patching/runs/run_1/retry-validation')).toHaveLength(1);
  });

  it('stops a running run after the confirm dialog with its warning, and shows a 409', async () => {
    const fake = runApi(() => patchRun({ status: 'running', completed_at: null }), {
      'POST /patching/runs/run_1/stop': () => json(409, { error: 'Agent is not currently connected' }),
    });
    await openRun();
    click(screen.getByTestId('run-stop'));
    expect(screen.getByTestId('stop-warning').textContent).toContain(STOP_WARNING);
    expect(fake.callsTo('POST', '/patching/runs/run_1/stop')).toHaveLength(0);
    click(screen.getByTestId('stop-confirm'));
    expect((await screen.findByTestId('stop-error')).textContent).toBe('Agent is not currently connected');
    fake.set('POST /patching/runs/run_1/stop', () => json(202, { message: 'Stop requested' }));
    click(screen.getByTestId('stop-confirm'));
    await screen.findByText('Stop requested.');
    expect(screen.queryByTestId('stop-dialog')).toBeNull();
    expect(fake.callsTo('POST', '/patching/runs/run_1/stop')).toHaveLength(2);
  });

  it('approves through the wizard in approve mode and opens the new run when it starts now', async () => {
    const fake = runApi(() => patchRun({ status: 'validated', dry_run: true }), {
      'GET /patching/preview-run': () => json(200, { host_id: 'h-1', run_at_iso: null, immediate: true, policy: null }),
      'POST /patching/runs/run_1/approve': () => json(201, { run: patchRun({ id: 'run_2', status: 'queued' }), validation_run_id: 'run_1' }),
      'GET /patching/runs/run_2': () => json(200, patchRun({ id: 'run_2', status: 'queued', started_at: null, completed_at: null })),
    });
    const { router } = await openRun();
    click(screen.getByTestId('run-approve'));
    // Approve mode: Hosts, Packages, Validate and Approval are skipped; it opens at Timing.
    expect(screen.getByTestId('wizard-step-timing').getAttribute('aria-current')).toBe('step');
    click(screen.getByTestId('run-immediately'));
    click(screen.getByTestId('wizard-next'));
    click(screen.getByTestId('wizard-fire'));
    await waitFor(() => expect(where(router)).toBe('/patching/runs/run_2'));
    expect(fake.callsTo('POST', '/patching/runs/run_1/approve')[0]!.body).toEqual({ schedule_override: 'immediate' });
  });
});

describe('Run Detail terminal', () => {
  it('shows (No output yet) while nothing was printed and no Copy output while queued', async () => {
    runApi(() => patchRun({ status: 'queued', shell_output: '', started_at: null, completed_at: null }));
    await openRun();
    expect(screen.getByTestId('terminal').textContent).toBe('(No output yet)');
    expect(screen.queryByTestId('copy-output')).toBeNull();
  });

  it('turns carriage returns into new lines and copies the full raw output', async () => {
    const raw = 'Progress: 10%\rProgress: 50%\rdone\r\nSetting up curl\n';
    expect(normaliseOutput(raw)).toBe('Progress: 10%\nProgress: 50%\ndone\nSetting up curl\n');
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    runApi(() => patchRun({ shell_output: raw }));
    await openRun();
    expect(screen.getByTestId('terminal').textContent).toBe('Progress: 10%\nProgress: 50%\ndone\nSetting up curl\n');
    click(screen.getByTestId('copy-output'));
    await screen.findByText('Copied');
    expect(writeText).toHaveBeenCalledWith(raw);
  });
});

describe('Run Detail live output', () => {
  /** Gives the terminal a layout: jsdom has none, so heights are set by hand. */
  function layout(el: HTMLElement, scrollHeight: number, clientHeight = 400) {
    Object.defineProperty(el, 'scrollHeight', { value: scrollHeight, configurable: true });
    Object.defineProperty(el, 'clientHeight', { value: clientHeight, configurable: true });
  }

  it('listens before a waiting run starts, so a quick dry run\'s first chunks arrive live', async () => {
    runApi(() => patchRun({ status: 'pending_validation', dry_run: true, shell_output: '', started_at: null, completed_at: null }));
    await openRun();
    const socket = await openSocket('run:run_1');
    act(() => socket.receive({ type: 'snapshot', channel: 'run:run_1', patch_run_id: 'run_1', stage: 'pending_validation', shell_output: '', offset: 0, length: 0 }));
    expect(screen.getByTestId('terminal').textContent).toBe('(No output yet)');
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', patch_run_id: 'run_1', stage: 'progress', chunk: '$ apt-get -s install curl\n', offset: 0 }));
    expect(screen.getByTestId('terminal').textContent).toBe('$ apt-get -s install curl\n');
  });

  it('streams snapshot and chunks by offset, re-subscribes on a gap, shows Live and refetches on done', async () => {
    let status: PatchRun['status'] = 'running';
    const fake = runApi(() => patchRun({ status, completed_at: null, shell_output: status === 'running' ? 'Reading' : 'Reading lists\nfinal\n' }));
    await openRun();
    const socket = await openSocket('run:run_1');
    const term = screen.getByTestId('terminal');
    expect(screen.queryByTestId('live-pill')).toBeNull();

    act(() => socket.receive({ type: 'snapshot', channel: 'run:run_1', patch_run_id: 'run_1', stage: 'running', shell_output: 'Reading', offset: 0, length: 7 }));
    expect(term.textContent).toBe('Reading');
    expect(screen.getByTestId('live-pill').textContent).toBe('Live');
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', patch_run_id: 'run_1', stage: 'progress', chunk: ' lists\r', offset: 7 }));
    expect(term.textContent).toBe('Reading lists\n');
    // A repeat of what is held is ignored; an overlap adds only its new tail.
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: ' lists\r', offset: 7 }));
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: '\rfi', offset: 13 }));
    expect(term.textContent).toBe('Reading lists\nfi');
    // Another run's frames change nothing.
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_9', chunk: 'nope', offset: 16 }));
    expect(term.textContent).toBe('Reading lists\nfi');

    // A gap (offset past what is held) asks for a new snapshot instead of appending.
    const subscribes = () => socket.frames().filter((f) => f.type === 'subscribe' && f.channel === 'run:run_1').length;
    const before = subscribes();
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: 'LOST', offset: 40 }));
    expect(term.textContent).toBe('Reading lists\nfi');
    expect(subscribes()).toBe(before + 1);
    // Until the new snapshot arrives, later chunks neither append nor ask again.
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: 'MORE', offset: 44 }));
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: 'nal', offset: 16 }));
    expect(subscribes()).toBe(before + 1);
    expect(term.textContent).toBe('Reading lists\nfi');
    act(() => socket.receive({ type: 'snapshot', channel: 'run:run_1', shell_output: 'Reading lists\rfinal', offset: 0, length: 19 }));
    expect(term.textContent).toBe('Reading lists\nfinal');

    const reads = fake.callsTo('GET', '/patching/runs/run_1').length;
    status = 'completed';
    act(() => socket.receive({ type: 'done', channel: 'run:run_1', patch_run_id: 'run_1', stage: 'completed', length: 19, error_message: '' }));
    await waitFor(() => expect(fake.callsTo('GET', '/patching/runs/run_1').length).toBeGreaterThan(reads));
    await waitFor(() => expect(screen.getByTestId('run-status').textContent).toBe('Completed'));
    expect(screen.queryByTestId('live-pill')).toBeNull();
    expect(term.textContent).toBe('Reading lists\nfinal\n');
    expect(socket.frames()).toContainEqual({ type: 'unsubscribe', channel: 'run:run_1' });
  });

  it('reads the RunFrames field names too (data, status, run_id)', async () => {
    runApi(() => patchRun({ status: 'running', completed_at: null }));
    await openRun();
    const socket = await openSocket('run:run_1');
    act(() => socket.receive({ type: 'snapshot', channel: 'run:run_1', run_id: 'run_1', status: 'running', offset: 0, data: 'abc', length: 5 }));
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', run_id: 'run_1', offset: 3, data: 'de' }));
    expect(screen.getByTestId('terminal').textContent).toBe('abcde');
  });

  it('follows new output at the bottom, stops when scrolled up more than 32px and resumes near the bottom', async () => {
    runApi(() => patchRun({ status: 'running', completed_at: null }));
    await openRun();
    const socket = await openSocket('run:run_1');
    const term = screen.getByTestId('terminal');
    layout(term, 1000);
    act(() => socket.receive({ type: 'snapshot', channel: 'run:run_1', shell_output: 'a\n', offset: 0, length: 2 }));
    expect(term.scrollTop).toBe(1000);

    // The reader scrolls up 100px from the bottom: new output no longer moves the view.
    term.scrollTop = 500;
    act(() => {
      fireEvent.scroll(term);
    });
    expect(term.getAttribute('data-following')).toBe('false');
    layout(term, 1200);
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: 'b\n', offset: 2 }));
    expect(term.scrollTop).toBe(500);

    // Back within 32px of the bottom (1200 - 770 - 400 = 30): following resumes.
    term.scrollTop = 770;
    act(() => {
      fireEvent.scroll(term);
    });
    expect(term.getAttribute('data-following')).toBe('true');
    layout(term, 1500);
    act(() => socket.receive({ type: 'chunk', channel: 'run:run_1', chunk: 'c\n', offset: 4 }));
    expect(term.scrollTop).toBe(1500);
  });
});

describe('Run Detail polling cadence', () => {
  it('follows chapter 11 per status and socket state', () => {
    const at = (status: PatchRun['status'], awaiting = false, open = false) => pollInterval({ status, awaiting_post_patch_report: awaiting }, open);
    expect(at('queued')).toBe(3000);
    expect(at('pending_validation')).toBe(3000);
    expect(at('running', false, true)).toBe(5000);
    expect(at('running', false, false)).toBe(3000);
    expect(at('completed', true)).toBe(3000);
    expect(at('completed', false)).toBeNull();
    for (const status of ['validated', 'pending_approval', 'approved', 'scheduled', 'failed', 'cancelled', 'dry_run_completed'] as const) {
      expect(at(status)).toBeNull();
    }
  });

  it('re-reads a queued run every 3 s and a running one every 5 s once the socket is open', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    let status: PatchRun['status'] = 'queued';
    const fake = runApi(() => patchRun({ status, started_at: null, completed_at: null }));
    renderApp('/patching/runs/run_1');
    const reads = () => fake.callsTo('GET', '/patching/runs/run_1').length;
    const advance = (ms: number) => act(async () => {
      await vi.advanceTimersByTimeAsync(ms);
    });
    await advance(0);
    await advance(0);
    expect(reads()).toBe(1);
    await advance(2900);
    expect(reads()).toBe(1);
    await advance(200);
    expect(reads()).toBe(2);

    status = 'running';
    await advance(3000);
    expect(reads()).toBe(3);
    // Running with the socket not open yet: still 3 s.
    await advance(3000);
    expect(reads()).toBe(4);
    const socket = FakeSocket.last();
    await act(async () => {
      socket.open();
      await vi.advanceTimersByTimeAsync(0);
    });
    // Open but no snapshot yet (the subscribe may be refused): still 3 s.
    const opened = reads();
    await advance(3000);
    expect(reads()).toBe(opened + 1);
    act(() => socket.receive({ type: 'snapshot', channel: 'run:run_1', shell_output: '', offset: 0, length: 0 }));
    const afterOpen = reads();
    await advance(4800);
    expect(reads()).toBe(afterOpen);
    await advance(300);
    expect(reads()).toBe(afterOpen + 1);

    // Terminal: no further reads.
    status = 'failed';
    await advance(5000);
    const final = reads();
    await advance(20000);
    expect(reads()).toBe(final);
  });
});
