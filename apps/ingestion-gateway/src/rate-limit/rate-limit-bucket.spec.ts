import { rateLimitBucket } from './rate-limit-bucket';

describe('rateLimitBucket', () => {
  it('charges webhooks to their source and client address, whatever key they present', () => {
    const first = rateLimitBucket({ webhookSource: 'crm', validKey: undefined, clientAddress: '10.0.0.1' });
    expect(first.bucket).toBe('webhook:crm:10.0.0.1');
    expect(rateLimitBucket({ webhookSource: 'crm', validKey: 'ik_valid', clientAddress: '10.0.0.1' }).bucket).toBe(first.bucket);
  });

  it('charges a valid key to the key, anything else to the client address (random keys share one bucket)', () => {
    expect(rateLimitBucket({ validKey: 'ik_1', clientAddress: '10.0.0.1' }).bucket).toBe('key:ik_1');
    expect(rateLimitBucket({ clientAddress: '10.0.0.1' }).bucket).toBe('address:10.0.0.1');
  });
});
