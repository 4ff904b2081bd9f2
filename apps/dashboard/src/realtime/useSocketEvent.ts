import { useEffect, useRef } from 'react';
import { useRealtime } from './realtime-context';

/** Calls the latest `handler` for every `event` pushed by the gateway while the component is mounted. */
export function useSocketEvent<T>(event: string, handler: (payload: T) => void): void {
  const { socket } = useRealtime();
  const handlerRef = useRef(handler);

  useEffect(() => {
    handlerRef.current = handler;
  });

  useEffect(() => {
    // A stable listener: re-subscribing on every render would drop pushes that arrive in between.
    const listener = (payload: T) => handlerRef.current(payload);
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
