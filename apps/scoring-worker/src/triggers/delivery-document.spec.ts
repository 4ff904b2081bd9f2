import { deliveryId, retryWindowStart } from './delivery-document';

describe('delivery documents', () => {
  it('gives the n-th firing of a trigger for a lead one id, and any other firing another', () => {
    expect(deliveryId('trg_a', 'ann@acme.io', 1)).toBe(deliveryId('trg_a', 'ann@acme.io', 1));
    const others = [deliveryId('trg_a', 'ann@acme.io', 2), deliveryId('trg_b', 'ann@acme.io', 1), deliveryId('trg_a', 'bob@acme.io', 1), deliveryId('trg_a1', 'ann@acme.io', 1)];
    expect(new Set([deliveryId('trg_a', 'ann@acme.io', 1), ...others]).size).toBe(5);
    expect(deliveryId('trg_a', 'ann@acme.io', 1)).toMatch(/^dlv_[A-Za-z0-9_-]{32}$/);
  });

  it('counts the 24 h of retries from the first attempt, or from the last retry by hand', () => {
    const now = new Date('2026-03-05T00:00:00.000Z');
    const first = { at: new Date('2026-03-01T00:00:00.000Z'), status_code: 500, error: null, duration_ms: 3 };
    expect(retryWindowStart({ attempts: [], retry_window_from: null }, now)).toEqual(now);
    expect(retryWindowStart({ attempts: [first], retry_window_from: null }, now)).toEqual(first.at);
    expect(retryWindowStart({ attempts: [first], retry_window_from: new Date('2026-03-04T00:00:00.000Z') }, now)).toEqual(new Date('2026-03-04T00:00:00.000Z'));
  });
});
