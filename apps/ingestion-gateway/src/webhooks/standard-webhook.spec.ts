import { StandardWebhookInput, signStandardWebhook, verifyStandardWebhook } from './standard-webhook';

// The example of the Standard Webhooks spec (and the Svix libraries): proves interoperability with real senders.
const SPEC_SECRET = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = '1614265330';
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const secret = Buffer.alloc(32, 7);
const otherSecret = Buffer.alloc(32, 9);
const rawBody = Buffer.from('{"event_type":"PAGE_VIEW","metadata":{"email":"a@b.io"}}');

function signedRequest(overrides: Partial<StandardWebhookInput> = {}): StandardWebhookInput {
  const timestamp = String(NOW);
  return {
    id: 'msg_1',
    timestamp,
    signature: signStandardWebhook('msg_1', timestamp, rawBody, secret),
    rawBody,
    secrets: [secret],
    nowSeconds: NOW,
    ...overrides,
  };
}

describe('signStandardWebhook', () => {
  it('reproduces the signature of the Standard Webhooks example', () => {
    expect(signStandardWebhook(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SECRET)).toBe(SPEC_SIGNATURE);
    expect(signStandardWebhook(SPEC_ID, Number(SPEC_TIMESTAMP), Buffer.from(SPEC_BODY), SPEC_SECRET)).toBe(SPEC_SIGNATURE);
  });
});

describe('verifyStandardWebhook', () => {
  it('accepts the Standard Webhooks example within the tolerance', () => {
    const result = verifyStandardWebhook({
      id: SPEC_ID,
      timestamp: SPEC_TIMESTAMP,
      signature: SPEC_SIGNATURE,
      rawBody: Buffer.from(SPEC_BODY),
      secrets: [SPEC_SECRET],
      nowSeconds: Number(SPEC_TIMESTAMP) + 10,
    });
    expect(result).toEqual({ ok: true });
  });

  it('accepts a valid signature', () => {
    expect(verifyStandardWebhook(signedRequest())).toEqual({ ok: true });
  });

  it('accepts a body signed with the second of two rotated secrets', () => {
    const signature = signStandardWebhook('msg_1', NOW, rawBody, otherSecret);
    expect(verifyStandardWebhook(signedRequest({ signature, secrets: [secret, otherSecret] }))).toEqual({ ok: true });
    expect(verifyStandardWebhook(signedRequest({ signature, secrets: [secret] })).ok).toBe(false);
  });

  it('accepts a header with several signatures when any v1 one matches, skipping other versions', () => {
    const good = signStandardWebhook('msg_1', NOW, rawBody, secret);
    const stale = signStandardWebhook('msg_1', NOW, rawBody, otherSecret);
    const goodMac = good.slice(3);
    expect(verifyStandardWebhook(signedRequest({ signature: `${stale} ${good}` }))).toEqual({ ok: true });
    expect(verifyStandardWebhook(signedRequest({ signature: `v1a,bm90LWNoZWNrZWQ=  ${good}` }))).toEqual({ ok: true });
    // The right MAC under another version label is not a v1 signature.
    expect(verifyStandardWebhook(signedRequest({ signature: `v2,${goodMac}` }))).toEqual({
      ok: false,
      header: 'webhook-signature',
      reason: 'the webhook-signature header holds no v1,<base64> signature',
    });
  });

  it('rejects a tampered body, id or timestamp: the signature covers all three', () => {
    const noMatch = { ok: false, header: 'webhook-signature', reason: 'the webhook-signature header matches no configured secret' };
    const tampered = Buffer.from(rawBody.toString().replace('PAGE_VIEW', 'PURCHASE'));
    expect(verifyStandardWebhook(signedRequest({ rawBody: tampered }))).toEqual(noMatch);
    expect(verifyStandardWebhook(signedRequest({ id: 'msg_2' }))).toEqual(noMatch);
    expect(verifyStandardWebhook(signedRequest({ timestamp: String(NOW + 1) }))).toEqual(noMatch);
  });

  it('verifies the raw bytes, not re-serialised JSON', () => {
    const spaced = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString()), null, 2));
    expect(verifyStandardWebhook(signedRequest({ rawBody: spaced })).ok).toBe(false);
  });

  it('rejects a signature made with another secret, and a truncated or garbage one', () => {
    const wrong = signStandardWebhook('msg_1', NOW, rawBody, otherSecret);
    const good = signStandardWebhook('msg_1', NOW, rawBody, secret);
    for (const signature of [wrong, good.slice(0, 20), 'v1,', 'v1,!!!!']) {
      expect(verifyStandardWebhook(signedRequest({ signature }))).toMatchObject({ ok: false, header: 'webhook-signature' });
    }
  });

  it('rejects every request when the source has no secret', () => {
    expect(verifyStandardWebhook(signedRequest({ secrets: [] }))).toEqual({
      ok: false,
      header: 'webhook-signature',
      reason: 'no webhook secret is configured for this source',
    });
  });

  it('accepts timestamps up to the tolerance away, either way', () => {
    for (const sentAt of [NOW - 300, NOW + 300]) {
      const timestamp = String(sentAt);
      const signature = signStandardWebhook('msg_1', timestamp, rawBody, secret);
      expect(verifyStandardWebhook(signedRequest({ timestamp, signature }))).toEqual({ ok: true });
    }
  });

  it('rejects stale and future timestamps beyond the tolerance, even with a valid signature', () => {
    const at = (sentAt: number, toleranceSeconds?: number) => {
      const timestamp = String(sentAt);
      return verifyStandardWebhook(
        signedRequest({ timestamp, signature: signStandardWebhook('msg_1', timestamp, rawBody, secret), toleranceSeconds }),
      );
    };
    expect(at(NOW - 301)).toEqual({
      ok: false,
      header: 'webhook-timestamp',
      reason: 'the webhook-timestamp header is more than 300 seconds in the past',
    });
    expect(at(NOW + 301)).toEqual({
      ok: false,
      header: 'webhook-timestamp',
      reason: 'the webhook-timestamp header is more than 300 seconds in the future',
    });
    expect(at(NOW - 61, 60)).toMatchObject({ ok: false, reason: 'the webhook-timestamp header is more than 60 seconds in the past' });
    expect(at(NOW - 60, 60)).toEqual({ ok: true });
  });

  it('uses the real clock when no time is given', () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signStandardWebhook('msg_1', timestamp, rawBody, secret);
    expect(verifyStandardWebhook(signedRequest({ timestamp, signature, nowSeconds: undefined }))).toEqual({ ok: true });
    expect(verifyStandardWebhook(signedRequest({ nowSeconds: undefined }))).toMatchObject({ ok: false, header: 'webhook-timestamp' });
  });

  it('rejects timestamps that are not integer unix seconds', () => {
    for (const timestamp of ['1767225600.5', '-1767225600', '2026-01-01T00:00:00Z', ' 1767225600', '1e9']) {
      expect(verifyStandardWebhook(signedRequest({ timestamp }))).toEqual({
        ok: false,
        header: 'webhook-timestamp',
        reason: 'the webhook-timestamp header must be an integer number of unix seconds',
      });
    }
  });

  it.each([
    ['webhook-id', { id: undefined }],
    ['webhook-timestamp', { timestamp: undefined }],
    ['webhook-signature', { signature: undefined }],
    ['webhook-id', { id: '' }],
    ['webhook-timestamp', { timestamp: '' }],
    ['webhook-signature', { signature: '' }],
  ] as const)('names the missing %s header', (header, overrides) => {
    expect(verifyStandardWebhook(signedRequest(overrides))).toEqual({
      ok: false,
      header,
      reason: `the ${header} header is missing`,
    });
  });
});
