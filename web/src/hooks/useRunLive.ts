import { useEffect, useRef, useState } from 'react';
import { LiveSocket, type LiveFrame, type LiveState } from '../api/live';

/** The output a run's channel has delivered so far (raw: carriage returns are kept until rendering). */
export interface RunOutput {
  text: string;
  /** The run's status as the last snapshot or done frame named it. */
  stage: string | null;
  done: boolean;
}

export type RunFrameResult =
  | { kind: 'output'; output: RunOutput }
  | { kind: 'ignored' }
  /** Output arrived past what is held: a fresh snapshot is needed. */
  | { kind: 'gap' };

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * Whether a frame belongs to run `runId`. The contract names the fields `patch_run_id` / `shell_output` /
 * `chunk` / `stage`, RunFrames `run_id` / `data` / `status`; both are read so either server shape streams.
 */
export function isRunFrame(frame: LiveFrame, runId: string): boolean {
  if (frame.channel !== undefined) return frame.channel === `run:${runId}`;
  return frame.patch_run_id === runId || frame.run_id === runId;
}

/**
 * Applies one frame to the held output. Output is addressed by character offset: a chunk at the held length is
 * appended, one that overlaps what is held only adds its new tail (repeats are ignored), one further on is a gap.
 */
export function applyRunFrame(current: RunOutput, frame: LiveFrame): RunFrameResult {
  switch (frame.type) {
    case 'snapshot': {
      const text = str(frame.shell_output) ?? str(frame.data) ?? '';
      return { kind: 'output', output: { text, stage: str(frame.stage) ?? str(frame.status), done: false } };
    }
    case 'chunk': {
      const data = str(frame.chunk) ?? str(frame.data) ?? '';
      const offset = num(frame.offset) ?? current.text.length;
      if (offset > current.text.length) return { kind: 'gap' };
      const end = offset + data.length;
      if (end <= current.text.length) return { kind: 'ignored' };
      return { kind: 'output', output: { ...current, text: current.text + data.slice(current.text.length - offset) } };
    }
    case 'done':
      return { kind: 'output', output: { ...current, stage: str(frame.stage) ?? str(frame.status), done: true } };
    default:
      return { kind: 'ignored' };
  }
}

export interface RunLive {
  /** The socket's state; the Live pill shows while it is open and the run is streaming. */
  state: LiveState;
  /** Null until the first snapshot of this subscription. */
  output: RunOutput | null;
}

/**
 * Streams the `run:<id>` channel while `active`: the server answers the subscribe with a snapshot, then chunks and
 * one done. A gap in the offsets re-subscribes for a new snapshot. `onDone` fires once per done frame (the page
 * refetches the persisted run then).
 */
export function useRunLive(runId: string, active: boolean, onDone: () => void): RunLive {
  const [state, setState] = useState<LiveState>('closed');
  const [output, setOutput] = useState<RunOutput | null>(null);
  const held = useRef<RunOutput | null>(null);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    if (!active || !runId) return undefined;
    const channel = `run:${runId}`;
    const live = new LiveSocket();
    held.current = null;
    setOutput(null);
    const offState = live.onState(setState);
    // After a gap, chunks are dropped until the new snapshot: each would be another gap and another subscribe.
    let resyncing = false;
    const offFrame = live.onFrame((frame) => {
      if (!isRunFrame(frame, runId)) return;
      if (frame.type === 'snapshot') resyncing = false;
      else if (held.current === null || (resyncing && frame.type === 'chunk')) return;
      const result = applyRunFrame(held.current ?? { text: '', stage: null, done: false }, frame);
      if (result.kind === 'gap') {
        resyncing = true;
        live.subscribe(channel);
        return;
      }
      if (result.kind !== 'output') return;
      held.current = result.output;
      setOutput(result.output);
      if (result.output.done) {
        live.unsubscribe(channel);
        doneRef.current();
      }
    });
    live.subscribe(channel);
    live.start();
    return () => {
      offState();
      offFrame();
      live.stop();
      setState('closed');
    };
  }, [runId, active]);

  return { state, output };
}
