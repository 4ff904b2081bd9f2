import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, verifyWebhookSignature, webhookSecretKey } from './webhook-signature';

// The example of the Standard Webhooks spec (and the Svix libraries): proves receivers of other stacks verify us.
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const OTHER_SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks reference signature', () => {
    expect(signWebhook({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: SPEC_BODY, secrets: [SPEC_SECRET] })).toEqual({
      'webhook-id': SPEC_ID,
      'webhook-timestamp': '1614265330',
      'webhook-signature': SPEC_SIGNATURE,
    });
    expect(signWebhook({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: Buffer.from(SPEC_BODY), secrets: [SPEC_SECRET] })['webhook-signature']).toBe(SPEC_SIGNATURE);
  });

  it('signs with the DECODED secret, matching an independent HMAC', () => {
    const body = '{"type":"lead.trigger","data":{"é":1}}';
    const expected = createHmac('sha256', Buffer.alloc(24, 7)).update(`del_1.1700000000.${body}`, 'utf8').digest('base64');
    expect(signWebhook({ id: 'del_1', timestamp: 1700000000, body, secrets: [OTHER_SECRET] })['webhook-signature']).toBe(`v1,${expected}`);
    // Keyed with the text of the secret instead, the signature would differ.
    const wrong = createHmac('sha256', OTHER_SECRET).update(`del_1.1700000000.${body}`).digest('base64');
    expect(wrong).not.toBe(expected);
  });

  it('signs with every secret during a rotation, space-separated, in order', () => {
    const headers = signWebhook({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: SPEC_BODY, secrets: [OTHER_SECRET, SPEC_SECRET] });
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(parts[1]).toBe(SPEC_SIGNATURE);
    // The same secret twice signs once.
    expect(signWebhook({ id: SPEC_ID, timestamp: SPEC_TIMESTAMP, body: SPEC_BODY, secrets: [SPEC_SECRET, SPEC_SECRET] })['webhook-signature']).toBe(SPEC_SIGNATURE);
  });

  it('changes with the id, the timestamp and the body', () => {
    const base = { id: 'a', timestamp: 1, body: 'x', secrets: [SPEC_SECRET] };
    const signature = signWebhook(base)['webhook-signature'];
    expect(signWebhook({ ...base, id: 'b' })['webhook-signature']).not.toBe(signature);
    expect(signWebhook({ ...base, timestamp: 2 })['webhook-signature']).not.toBe(signature);
    expect(signWebhook({ ...base, body: 'y' })['webhook-signature']).not.toBe(signature);
  });

  it('refuses no secrets, malformed secrets and bad timestamps, without echoing the secret', () => {
    const base = { id: 'a', timestamp: 1, body: 'x' };
    expect(() => signWebhook({ ...base, secrets: [] })).toThrow(RangeError);
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!', 'whsec_abc']) {
      expect(() => signWebhook({ ...base, secrets: [bad] })).toThrow(TypeError);
      try {
        signWebhook({ ...base, secrets: [bad] });
      } catch (error) {
        if (bad.length > 6) expect((error as Error).message).not.toContain(bad);
      }
    }
    expect(() => signWebhook({ ...base, timestamp: 1.5, secrets: [SPEC_SECRET] })).toThrow(RangeError);
    expect(() => signWebhook({ ...base, timestamp: -1, secrets: [SPEC_SECRET] })).toThrow(RangeError);
    expect(() => signWebhook({ ...base, id: 'a\r\nx: y', secrets: [SPEC_SECRET] })).toThrow(TypeError);
    expect(() => signWebhook({ ...base, id: '', secrets: [SPEC_SECRET] })).toThrow(TypeError);
  });
});

describe('newWebhookSecret', () => {
  it('makes whsec_ + 24 random bytes, usable for signing, different every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newWebhookSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(webhookSecretKey(secret)).toHaveLength(24);
    }
  });
});

describe('verifyWebhookSignature', () => {
  const now = 1_767_225_600;
  const body = '{"a":1}';
  const signed = (secrets: string[], timestamp = now) => signWebhook({ id: 'del_9', timestamp, body, secrets });

  it('accepts the reference example and our own signatures', () => {
    const headers = { 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TIMESTAMP), 'webhook-signature': SPEC_SIGNATURE };
    expect(verifyWebhookSignature({ headers, body: SPEC_BODY, secrets: [SPEC_SECRET], nowSeconds: SPEC_TIMESTAMP })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ headers: signed([SPEC_SECRET]), body, secrets: [SPEC_SECRET], nowSeconds: now })).toEqual({ ok: true });
  });

  it('accepts a rotation header with a receiver that knows only the old or only the new secret', () => {
    const headers = signed([OTHER_SECRET, SPEC_SECRET]);
    expect(verifyWebhookSignature({ headers, body, secrets: [SPEC_SECRET], nowSeconds: now }).ok).toBe(true);
    expect(verifyWebhookSignature({ headers, body, secrets: [OTHER_SECRET], nowSeconds: now }).ok).toBe(true);
    expect(verifyWebhookSignature({ headers, body, secrets: [newWebhookSecret()], nowSeconds: now }).ok).toBe(false);
  });

  it('matches header names case-insensitively', () => {
    const headers = Object.fromEntries(Object.entries(signed([SPEC_SECRET])).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verifyWebhookSignature({ headers, body, secrets: [SPEC_SECRET], nowSeconds: now }).ok).toBe(true);
  });

  it('refuses a changed body, a stale timestamp and missing headers', () => {
    const headers = signed([SPEC_SECRET]);
    expect(verifyWebhookSignature({ headers, body: '{"a":2}', secrets: [SPEC_SECRET], nowSeconds: now }).ok).toBe(false);
    expect(verifyWebhookSignature({ headers, body, secrets: [SPEC_SECRET], nowSeconds: now + 301 }).ok).toBe(false);
    expect(verifyWebhookSignature({ headers: { ...headers, 'webhook-signature': undefined }, body, secrets: [SPEC_SECRET], nowSeconds: now }).ok).toBe(false);
    expect(verifyWebhookSignature({ headers: { ...headers, 'webhook-id': 'del_10' }, body, secrets: [SPEC_SECRET], nowSeconds: now }).ok).toBe(false);
  });
});
