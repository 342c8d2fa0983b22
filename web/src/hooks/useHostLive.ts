import { useEffect, useRef, useState } from 'react';
import { LiveSocket, type LiveFrame, type LiveState } from '../api/live';
import type { Host } from '../api/hosts';

/** The server keeps at most this many subscriptions per connection. */
export const MAX_LIVE_HOSTS = 50;

export interface HostLive {
  /** Callers poll while it is not `open`. */
  state: LiveState;
  /** Channels the server has confirmed on the current connection. */
  subscribed: number;
}

/**
 * Subscribes to the `host:<id>` channels of `hostIds` (the first {@link MAX_LIVE_HOSTS}) for as long as the
 * component is mounted and hands every frame to `onFrame`.
 */
export function useHostLive(hostIds: readonly string[], onFrame: (frame: LiveFrame) => void): HostLive {
  const socket = useRef<LiveSocket | null>(null);
  const listener = useRef(onFrame);
  const confirmed = useRef(new Set<string>());
  const [state, setState] = useState<LiveState>('connecting');
  const [subscribed, setSubscribed] = useState(0);
  listener.current = onFrame;

  useEffect(() => {
    const live = new LiveSocket();
    socket.current = live;
    const offState = live.onState((next) => {
      if (next !== 'open') {
        confirmed.current.clear();
        setSubscribed(0);
      }
      setState(next);
    });
    const offFrame = live.onFrame((frame) => {
      if (frame.channel && (frame.type === 'subscribed' || frame.type === 'unsubscribed')) {
        if (frame.type === 'subscribed') confirmed.current.add(frame.channel);
        else confirmed.current.delete(frame.channel);
        setSubscribed(confirmed.current.size);
      }
      listener.current(frame);
    });
    live.start();
    return () => {
      offState();
      offFrame();
      live.stop();
      socket.current = null;
    };
  }, []);

  const key = hostIds.slice(0, MAX_LIVE_HOSTS).join(',');
  useEffect(() => {
    const live = socket.current;
    if (!live || !key) return;
    const channels = key.split(',').map((id) => `host:${id}`);
    channels.forEach((channel) => live.subscribe(channel));
    return () => channels.forEach((channel) => live.unsubscribe(channel));
  }, [key]);

  return { state, subscribed };
}

/** A host as a host-channel frame leaves it: connection, last seen and health as the event says. */
export function applyHostFrame(host: Host, frame: LiveFrame): Host {
  if (frame.host_id !== host.id) return host;
  switch (frame.type) {
    case 'agent_connected':
      return { ...host, connected: true, connection_secure: Boolean(frame.secure), connected_at: frame.connected_at ?? null };
    case 'agent_disconnected':
      return { ...host, connected: false, connection_secure: null, connected_at: null };
    case 'report_received':
      return {
        ...host,
        status: frame.status ?? host.status,
        effective_status: frame.status ?? host.effective_status,
        is_stale: false,
        last_update: frame.last_update ?? host.last_update,
      };
    case 'host_seen':
      return { ...host, is_stale: false, last_update: frame.last_update ?? host.last_update };
    case 'host_down':
      return { ...host, is_down: true, down_reason: frame.reason ?? null };
    case 'host_recovered':
      return { ...host, is_down: false, down_reason: null, down_since: null };
    default:
      return host;
  }
}
