import { describe, expect, it } from 'vitest';
import { applyRunFrame, isRunFrame, type RunOutput } from './useRunLive';

const held = (text: string): RunOutput => ({ text, stage: 'running', done: false });

describe('run output frames', () => {
  it('replaces what is held with a snapshot', () => {
    expect(applyRunFrame(held('old'), { type: 'snapshot', shell_output: 'new', stage: 'running', offset: 0 })).toEqual({
      kind: 'output',
      output: { text: 'new', stage: 'running', done: false },
    });
  });

  it('appends a chunk at the held length, keeps only the new tail of an overlap and ignores repeats', () => {
    expect(applyRunFrame(held('abc'), { type: 'chunk', chunk: 'de', offset: 3 })).toEqual({ kind: 'output', output: held('abcde') });
    expect(applyRunFrame(held('abc'), { type: 'chunk', chunk: 'cde', offset: 2 })).toEqual({ kind: 'output', output: held('abcde') });
    expect(applyRunFrame(held('abc'), { type: 'chunk', chunk: 'bc', offset: 1 })).toEqual({ kind: 'ignored' });
  });

  it('reports a gap when a chunk starts past what is held', () => {
    expect(applyRunFrame(held('abc'), { type: 'chunk', chunk: 'z', offset: 4 })).toEqual({ kind: 'gap' });
  });

  it('marks the output done with the final stage', () => {
    expect(applyRunFrame(held('abc'), { type: 'done', stage: 'failed', length: 3 })).toEqual({
      kind: 'output',
      output: { text: 'abc', stage: 'failed', done: true },
    });
  });

  it('reads the RunFrames names (data, status) as well as the contract names', () => {
    expect(applyRunFrame(held(''), { type: 'snapshot', data: 'x', status: 'running', offset: 0 })).toEqual({
      kind: 'output',
      output: { text: 'x', stage: 'running', done: false },
    });
    expect(applyRunFrame(held('x'), { type: 'chunk', data: 'y', offset: 1 })).toEqual({ kind: 'output', output: held('xy') });
  });

  it("matches a frame to its run by channel, else by the run id fields", () => {
    expect(isRunFrame({ type: 'chunk', channel: 'run:r1' }, 'r1')).toBe(true);
    expect(isRunFrame({ type: 'chunk', channel: 'run:r2', patch_run_id: 'r1' }, 'r1')).toBe(false);
    expect(isRunFrame({ type: 'chunk', patch_run_id: 'r1' }, 'r1')).toBe(true);
    expect(isRunFrame({ type: 'chunk', run_id: 'r1' }, 'r1')).toBe(true);
    expect(isRunFrame({ type: 'chunk', channel: 'host:r1' }, 'r1')).toBe(false);
  });
});
