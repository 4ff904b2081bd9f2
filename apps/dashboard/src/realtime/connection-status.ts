export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

/** Nothing is live until the gateway has accepted the handshake. */
export const INITIAL_CONNECTION_STATUS: ConnectionStatus = 'offline';

/** What the socket reported; `willRetry` is Socket.io's `socket.active` at that moment. */
export type ConnectionSignal =
  | { type: 'connected' }
  | { type: 'retrying' }
  | { type: 'disconnected'; willRetry: boolean }
  | { type: 'connect-failed'; willRetry: boolean };

/**
 * A dropped connection that Socket.io will retry is "reconnecting"; one it gave up on (the server closed it or
 * refused the handshake, e.g. a rejected key) is "offline" until something reconnects it.
 */
export function statusAfter(signal: ConnectionSignal): ConnectionStatus {
  switch (signal.type) {
    case 'connected':
      return 'live';
    case 'retrying':
      return 'reconnecting';
    case 'disconnected':
    case 'connect-failed':
      return signal.willRetry ? 'reconnecting' : 'offline';
  }
}
