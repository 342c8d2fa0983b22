import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../test/fakeSocket';
import { LiveSocket, PING_INTERVAL_MS, type LiveDeps, type LiveFrame, type LiveState } from './live';

function deps(tickets: (() => Promise<string>)[] = []): LiveDeps & { urls: string[] } {
  const urls: string[] = [];
  let n = 0;
  return {
    urls,
    ticket: () => {
      const next = tickets[n];
      n += 1;
      return next ? next() : Promise.resolve(`t${n}`);
    },
    socket: (url) => new FakeSocket(url),
    url: (ticket) => {
      const url = `ws://localhost/api/v1/ws?ticket=${ticket}`;
      urls.push(url);
      return url;
    },
  };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.instances = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveSocket', () => {
  it('opens with a ticket, subscribes what was asked before and after opening, and hands frames on', async () => {
    const live = new LiveSocket(deps());
    const states: LiveState[] = [];
    const frames: LiveFrame[] = [];
    live.onState((s) => states.push(s));
    live.onFrame((f) => frames.push(f));
    live.subscribe('host:h1');
    live.start();
    await flush();
    const socket = FakeSocket.last();
    expect(socket.url).toBe('ws://localhost/api/v1/ws?ticket=t1');
    expect(socket.sent).toEqual([]);

    socket.open();
    expect(live.currentState()).toBe('open');
    live.subscribe('host:h2');
    expect(socket.frames()).toEqual([
      { type: 'subscribe', channel: 'host:h1' },
      { type: 'subscribe', channel: 'host:h2' },
    ]);

    socket.receive({ type: 'agent_connected', channel: 'host:h1', host_id: 'h1', secure: true });
    socket.receive('not json');
    socket.receive({ no: 'type' });
    expect(frames).toEqual([{ type: 'agent_connected', channel: 'host:h1', host_id: 'h1', secure: true }]);

    live.unsubscribe('host:h1');
    live.unsubscribe('host:never');
    expect(socket.frames().slice(2)).toEqual([{ type: 'unsubscribe', channel: 'host:h1' }]);
    expect(states).toEqual(['connecting', 'open']);
    live.stop();
    expect(live.currentState()).toBe('closed');
  });

  it('reconnects after a drop with a fresh ticket and subscribes again', async () => {
    const d = deps();
    const live = new LiveSocket(d);
    live.subscribe('host:h1');
    live.start();
    await flush();
    FakeSocket.last().open();
    FakeSocket.last().drop();
    expect(live.currentState()).toBe('closed');

    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(d.urls).toEqual(['ws://localhost/api/v1/ws?ticket=t1', 'ws://localhost/api/v1/ws?ticket=t2']);
    FakeSocket.last().open();
    expect(FakeSocket.last().frames()).toEqual([{ type: 'subscribe', channel: 'host:h1' }]);
    live.stop();
  });

  it('stays closed and retries with growing delays while no ticket can be had', async () => {
    const refused = () => Promise.reject(new Error('401'));
    const live = new LiveSocket(deps([refused, refused]));
    live.start();
    await flush();
    expect(live.currentState()).toBe('closed');
    expect(FakeSocket.instances).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.instances).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeSocket.instances).toHaveLength(1);
    live.stop();
  });

  it('pings below the idle timeout while open and stops for good when stopped', async () => {
    const live = new LiveSocket(deps());
    live.start();
    await flush();
    const socket = FakeSocket.last();
    socket.open();
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS);
    expect(socket.frames()).toEqual([{ type: 'ping' }]);
    live.stop();
    socket.drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
