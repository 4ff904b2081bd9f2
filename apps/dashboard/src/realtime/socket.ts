import { io, type Socket } from 'socket.io-client';

/** A Socket.io client for the realtime gateway, not yet connected (the provider connects it when mounted). */
export function createRealtimeSocket(url: string, token: string): Socket {
  return io(url, {
    autoConnect: false,
    auth: { token },
    // WebSocket first: it needs no sticky sessions when several gateway instances sit behind a load balancer,
    // and long-polling stays available for networks that block WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
}
