import { INITIAL_CONNECTION_STATUS, statusAfter } from './connection-status';

describe('statusAfter', () => {
  it('starts offline and is live once connected', () => {
    expect(INITIAL_CONNECTION_STATUS).toBe('offline');
    expect(statusAfter({ type: 'connected' })).toBe('live');
  });

  it('is reconnecting while Socket.io keeps retrying', () => {
    expect(statusAfter({ type: 'retrying' })).toBe('reconnecting');
    expect(statusAfter({ type: 'disconnected', willRetry: true })).toBe('reconnecting');
    expect(statusAfter({ type: 'connect-failed', willRetry: true })).toBe('reconnecting');
  });

  it('is offline when the connection was closed for good or the handshake was refused', () => {
    expect(statusAfter({ type: 'disconnected', willRetry: false })).toBe('offline');
    expect(statusAfter({ type: 'connect-failed', willRetry: false })).toBe('offline');
  });
});
