import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Standard Webhooks signing (https://www.standardwebhooks.com/) for the deliveries we send:
 *
 *   webhook-id:        the delivery id (stable across retries: the receiver's idempotency key)
 *   webhook-timestamp: unix seconds of THIS attempt (receivers refuse old ones, so every retry signs afresh)
 *   webhook-signature: "v1,<base64 HMAC-SHA256 of '{id}.{timestamp}.{raw body}'>", one per secret, space-separated
 *
 * A secret is `whsec_<base64>`; the HMAC key is the decoded base64, not the text. While a trigger's secret is being
 * rotated the old one signs too, so a receiver that still knows only the old secret keeps verifying.
 */

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks asks for 24-64 random bytes; the ingestion gateway refuses shorter keys as well. */
export const WEBHOOK_SECRET_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

// A type alias, not an interface, so it passes as a plain Record<string, string> of headers.
export type WebhookSignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

export interface SignWebhookInput {
  /** The delivery id. */
  id: string;
  /** Unix seconds (an integer): the moment of this attempt. */
  timestamp: number;
  /** The exact bytes that will be sent: re-serialising JSON elsewhere would break the signature. */
  body: string | Buffer;
  /** `whsec_<base64>` secrets, current first; several during a rotation. */
  secrets: readonly string[];
}

/** A fresh `whsec_<base64 of 24 random bytes>` secret. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(WEBHOOK_SECRET_BYTES).toString('base64');
}

/**
 * The HMAC key of a `whsec_<base64>` secret. Throws on a malformed secret; the message never echoes the secret,
 * since errors end up in logs.
 */
export function webhookSecretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new TypeError('a webhook secret must look like whsec_<base64>');
  const encoded = secret.slice(SECRET_PREFIX.length);
  // Buffer.from(..., 'base64') silently skips bad characters: validate first, so a typo cannot shorten the key.
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new TypeError('a webhook secret must be whsec_ followed by base64');
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new TypeError('a webhook secret must not be empty');
  return key;
}

/** The three Standard Webhooks headers for one attempt, signed with every given secret. */
export function signWebhook(input: SignWebhookInput): WebhookSignatureHeaders {
  const { id, timestamp, body, secrets } = input;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('the webhook timestamp must be whole unix seconds');
  // A signature-less "signed" delivery would look like a forgery to the receiver: refuse rather than send it.
  if (secrets.length === 0) throw new RangeError('signWebhook needs at least one secret');
  // Control characters could not travel in a header (node would throw later, less clearly).
  if (id === '' || /[\x00-\x1f\x7f]/.test(id)) throw new TypeError('the webhook id must be non-empty, without control characters');
  const content = signedContent(id, String(timestamp), body);
  const signatures = secrets.map((secret) => `v1,${createHmac('sha256', webhookSecretKey(secret)).update(content).digest('base64')}`);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    // The same secret listed twice (a rotation to an identical value) need not sign twice.
    'webhook-signature': [...new Set(signatures)].join(' '),
  };
}

export interface VerifyWebhookInput {
  /** The request headers (node's IncomingHttpHeaders or a plain object); names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received. */
  body: string | Buffer;
  /** The secrets the receiver accepts. */
  secrets: readonly string[];
  /** Unix seconds; defaults to the clock. */
  nowSeconds?: number;
  /** How far the timestamp may be off, either way; Standard Webhooks suggests 5 minutes. */
  toleranceSeconds?: number;
}

export type WebhookVerification = { ok: true } | { ok: false; reason: string };

/**
 * Receiver-side check (test receivers, docs examples): any `v1` signature matching any secret, and a timestamp
 * within the tolerance. Comparisons go through fixed-size digests in constant time.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): WebhookVerification {
  const id = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signature = header(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signature) return { ok: false, reason: 'a webhook-id, webhook-timestamp or webhook-signature header is missing' };
  if (!/^[0-9]+$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not unix seconds' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(Number(timestamp) - now) > tolerance) return { ok: false, reason: 'webhook-timestamp is outside the tolerance' };

  const content = signedContent(id, timestamp, input.body);
  const expected = input.secrets.map((secret) => digest(createHmac('sha256', webhookSecretKey(secret)).update(content).digest()));
  const candidates = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => digest(Buffer.from(entry.slice(3), 'base64')));
  let matched = false;
  for (const candidate of candidates) {
    for (const wanted of expected) matched = timingSafeEqual(candidate, wanted) || matched;
  }
  return matched ? { ok: true } : { ok: false, reason: 'no v1 signature matches a secret' };
}

function signedContent(id: string, timestamp: string, body: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function header(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}
