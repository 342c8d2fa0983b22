/**
 * Live updates over the `ui` WebSocket API (README "Realtime protocol"): `POST /auth/ws-ticket` for a one-time
 * ticket, then `wss://<host>/api/v1/ws?ticket=…`. The socket subscribes to channels (`host:<id>`, `run:<id>`),
 * re-subscribes after a reconnect (each with a fresh ticket), pings so API Gateway's 10-minute idle timeout never
 * ends a quiet page, and reports its state so pages fall back to polling while it is not open.
 */
import { api } from './client';

export const UI_WS_PATH = '/api/v1/ws';
/** Below API Gateway's 10-minute idle timeout. */
export const PING_INTERVAL_MS = 5 * 60 * 1000;
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10000, 30000];

export type LiveState = 'connecting' | 'open' | 'closed';

/** A server → browser frame. Host channels carry the `type`s below; run channels snapshot/chunk/done. */
export interface LiveFrame {
  type: string;
  channel?: string;
  host_id?: string;
  secure?: boolean;
  connected_at?: string;
  status?: string;
  last_update?: string;
  reason?: string;
  error?: string;
  [key: string]: unknown;
}

export type HostEventType =
  | 'agent_connected'
  | 'agent_disconnected'
  | 'report_started'
  | 'report_received'
  | 'host_seen'
  | 'host_down'
  | 'host_recovered';

/** The socket as far as this client uses it: the browser's WebSocket fits. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface LiveDeps {
  ticket: () => Promise<string>;
  socket: (url: string) => SocketLike;
  url: (ticket: string) => string;
}

const OPEN = 1;

export function defaultDeps(): LiveDeps {
  return {
    ticket: async () => (await api.post<{ ticket: string }>('/auth/ws-ticket')).ticket,
    socket: (url) => new WebSocket(url) as unknown as SocketLike,
    url: (ticket) => {
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      return `${scheme}//${window.location.host}${UI_WS_PATH}?ticket=${encodeURIComponent(ticket)}`;
    },
  };
}

export class LiveSocket {
  private readonly deps: LiveDeps;
  private readonly channels = new Set<string>();
  private readonly frameListeners = new Set<(frame: LiveFrame) => void>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private socket: SocketLike | null = null;
  private state: LiveState = 'closed';
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(deps: LiveDeps = defaultDeps()) {
    this.deps = deps;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setState('closed');
  }

  currentState(): LiveState {
    return this.state;
  }

  subscribe(channel: string): void {
    this.channels.add(channel);
    this.sendIfOpen({ type: 'subscribe', channel });
  }

  unsubscribe(channel: string): void {
    if (this.channels.delete(channel)) this.sendIfOpen({ type: 'unsubscribe', channel });
  }

  onFrame(listener: (frame: LiveFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private async connect(): Promise<void> {
    this.setState('connecting');
    let ticket: string;
    try {
      ticket = await this.deps.ticket();
    } catch {
      this.retry();
      return;
    }
    if (this.stopped) return;
    let socket: SocketLike;
    try {
      socket = this.deps.socket(this.deps.url(ticket));
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.channels.forEach((channel) => socket.send(JSON.stringify({ type: 'subscribe', channel })));
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.sendIfOpen({ type: 'ping' }), PING_INTERVAL_MS);
      this.setState('open');
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      let frame: LiveFrame;
      try {
        frame = JSON.parse(event.data) as LiveFrame;
      } catch {
        return;
      }
      if (frame && typeof frame.type === 'string') this.frameListeners.forEach((listener) => listener(frame));
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      clearInterval(this.pingTimer);
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    this.setState('closed');
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)];
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private sendIfOpen(frame: object): void {
    if (this.socket && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    this.stateListeners.forEach((listener) => listener(state));
  }
}
