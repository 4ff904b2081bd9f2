import { useEffect, useRef } from 'react';
import { useRealtime } from './realtime-context';

/**
 * Calls the latest `handler` for every `event` payload pushed by the gateway while the component is mounted. The
 * gateway coalesces updates into at most 10 messages a second per event name, so one message may carry several
 * payloads (one argument each: the latest state of each lead, upload or version).
 */
export function useSocketEvent<T>(event: string, handler: (payload: T) => void): void {
  const { socket } = useRealtime();
  const handlerRef = useRef(handler);

  useEffect(() => {
    handlerRef.current = handler;
  });

  useEffect(() => {
    // A stable listener: re-subscribing on every render would drop pushes that arrive in between.
    const listener = (...payloads: T[]) => payloads.forEach((payload) => handlerRef.current(payload));
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
