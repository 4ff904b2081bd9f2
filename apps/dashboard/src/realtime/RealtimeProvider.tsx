import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { type ConnectionSignal, type ConnectionStatus, INITIAL_CONNECTION_STATUS, statusAfter } from './connection-status';
import { RealtimeContext, type RealtimeState } from './realtime-context';
import { createRealtimeSocket } from './socket';

interface RealtimeProviderProps {
  url: string;
  token: string;
  children: ReactNode;
}

/** Owns the session's one Socket.io connection and its status; features subscribe with useSocketEvent. */
export function RealtimeProvider({ url, token, children }: RealtimeProviderProps) {
  const queryClient = useQueryClient();
  const socket = useMemo(() => createRealtimeSocket(url, token), [url, token]);
  const [status, setStatus] = useState<ConnectionStatus>(INITIAL_CONNECTION_STATUS);

  useEffect(() => {
    let connectedBefore = false;
    const report = (signal: ConnectionSignal) => setStatus(statusAfter(signal));

    const onConnect = () => {
      report({ type: 'connected' });
      // Pushes sent while we were away are lost: reload every snapshot instead of trusting the cache.
      if (connectedBefore) void queryClient.invalidateQueries();
      connectedBefore = true;
    };
    const onDisconnect = () => report({ type: 'disconnected', willRetry: socket.active });
    const onConnectError = () => report({ type: 'connect-failed', willRetry: socket.active });
    const onReconnectAttempt = () => report({ type: 'retrying' });

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.io.on('reconnect_attempt', onReconnectAttempt);
    socket.connect();

    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.io.off('reconnect_attempt', onReconnectAttempt);
      socket.disconnect();
      setStatus(INITIAL_CONNECTION_STATUS);
    };
  }, [socket, queryClient]);

  const value = useMemo<RealtimeState>(() => ({ socket, status }), [socket, status]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
