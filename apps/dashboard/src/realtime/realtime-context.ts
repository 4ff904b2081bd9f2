import { createContext, useContext } from 'react';
import type { Socket } from 'socket.io-client';
import type { ConnectionStatus } from './connection-status';

export interface RealtimeState {
  socket: Socket;
  status: ConnectionStatus;
}

export const RealtimeContext = createContext<RealtimeState | null>(null);

export function useRealtime(): RealtimeState {
  const realtime = useContext(RealtimeContext);
  if (!realtime) throw new Error('useRealtime must be used inside <RealtimeProvider>');
  return realtime;
}
