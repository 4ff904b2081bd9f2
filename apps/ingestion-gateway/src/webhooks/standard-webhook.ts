import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far `webhook-timestamp` may be from the server's clock, either way (Standard Webhooks: 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookHeader = 'webhook-id' | 'webhook-timestamp' | 'webhook-signature';

export type WebhookVerification =
  | { ok: true }
  /** `header` names the header at fault, for the `details[].field` of the 401 answer. */
  | { ok: false; reason: string; header: WebhookHeader };

export interface StandardWebhookInput {
  id?: string;
  timestamp?: string;
  signature?: string;
  /** The body exactly as received: re-serialised JSON would not match the sender's bytes. */
  rawBody: Buffer;
  /** Every secret the source currently accepts (several while rotating). */
  secrets: Buffer[];
  /** The clock, in unix seconds; injectable so that tests need no timers. */
  nowSeconds?: number;
  toleranceSeconds?: number;
}

const UNIX_SECONDS = /^[0-9]+$/;

/**
 * Verifies a request signed per the Standard Webhooks spec: `webhook-signature` holds one or more
 * space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{raw body}">`. The timestamp window stops
 * replays of captured requests; the id makes redeliveries idempotent downstream.
 */
export function verifyStandardWebhook(input: StandardWebhookInput): WebhookVerification {
  const { id, timestamp, signature, rawBody, secrets } = input;
  if (!id) return fail('webhook-id', 'the webhook-id header is missing');
  if (!timestamp) return fail('webhook-timestamp', 'the webhook-timestamp header is missing');
  if (!signature) return fail('webhook-signature', 'the webhook-signature header is missing');

  if (!UNIX_SECONDS.test(timestamp)) {
    return fail('webhook-timestamp', 'the webhook-timestamp header must be an integer number of unix seconds');
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const sentAt = Number(timestamp);
  if (sentAt < now - tolerance) {
    return fail('webhook-timestamp', `the webhook-timestamp header is more than ${tolerance} seconds in the past`);
  }
  if (sentAt > now + tolerance) {
    return fail('webhook-timestamp', `the webhook-timestamp header is more than ${tolerance} seconds in the future`);
  }

  // Other versions (e.g. a future asymmetric v1a) are skipped, as the spec asks, so senders can add them freely.
  const candidates = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  if (candidates.length === 0) {
    return fail('webhook-signature', 'the webhook-signature header holds no v1,<base64> signature');
  }
  if (secrets.length === 0) {
    return fail('webhook-signature', 'no webhook secret is configured for this source');
  }

  const signedContent = signedContentOf(id, timestamp, rawBody);
  const expected = secrets.map((secret) => digestOf(createHmac('sha256', secret).update(signedContent).digest()));
  let matched = false;
  // Every pair is compared (no early exit) and through fixed-size digests, so neither timing nor a
  // candidate's length tells an attacker how close it came.
  for (const candidate of candidates) {
    const candidateDigest = digestOf(candidate);
    for (const wanted of expected) matched = timingSafeEqual(candidateDigest, wanted) || matched;
  }
  return matched ? { ok: true } : fail('webhook-signature', 'the webhook-signature header matches no configured secret');
}

/** The `v1,<base64>` signature a sender would put in `webhook-signature` (tests, benchmark, docs). */
export function signStandardWebhook(id: string, timestamp: string | number, rawBody: Buffer | string, secret: Buffer): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const mac = createHmac('sha256', secret).update(signedContentOf(id, String(timestamp), body)).digest('base64');
  return `v1,${mac}`;
}

function signedContentOf(id: string, timestamp: string, rawBody: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), rawBody]);
}

function digestOf(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function fail(header: WebhookHeader, reason: string): WebhookVerification {
  return { ok: false, reason, header };
}
