import { z } from 'zod';

/** Source names end up in URLs (`/api/webhooks/:source`), event ids and logs: keep them plain. */
export const WEBHOOK_SOURCE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `/api/webhook` (no source in the path) verifies with the secrets of this source. */
export const DEFAULT_WEBHOOK_SOURCE = 'default';

const SECRET_PREFIX = 'whsec_';
/** The Standard Webhooks spec asks for 24-64 random bytes; shorter keys are guessable, so they stop the boot. */
export const MIN_SECRET_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface WebhookSecretsParse {
  /** Every accepted secret per source: several while a secret is being rotated. */
  secrets: Map<string, Buffer[]>;
  /** One line per bad entry, naming the entry but never echoing its secret (errors end up in logs). */
  errors: string[];
}

/**
 * Parses WEBHOOK_SECRETS: `source=whsec_<base64>,other=whsec_<base64>`. A source may appear several times so
 * that a sender can move to a new secret without downtime: every listed secret is accepted until the old one is
 * removed. The secret is the base64 *decoded* part after `whsec_`, as in the Standard Webhooks spec.
 */
export function parseWebhookSecrets(value: string | undefined): WebhookSecretsParse {
  const secrets = new Map<string, Buffer[]>();
  const errors: string[] = [];
  // Empty entries (a trailing comma, `a=..,,b=..`) are tolerated like in the API key lists.
  const entries = (value ?? '').split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (entry === '') return;
    const parsed = parseEntry(entry);
    if ('error' in parsed) {
      errors.push(`entry ${index + 1}${parsed.source ? ` (source "${parsed.source}")` : ''}: ${parsed.error}`);
      return;
    }
    const known = secrets.get(parsed.source) ?? [];
    if (!known.some((secret) => secret.equals(parsed.secret))) known.push(parsed.secret);
    secrets.set(parsed.source, known);
  });
  return { secrets, errors };
}

type ParsedEntry = { source: string; secret: Buffer } | { source?: string; error: string };

function parseEntry(entry: string): ParsedEntry {
  const separator = entry.indexOf('=');
  // The entry may well be a bare secret: only its position is named until the source name is known to be one.
  if (separator < 0) return { error: 'expected source=whsec_<base64>' };
  const source = entry.slice(0, separator).trim();
  const encoded = entry.slice(separator + 1).trim();
  // An invalid name is not echoed either: a padded bare secret (`AbC...=`) would split into "name" and "secret".
  if (!WEBHOOK_SOURCE_PATTERN.test(source)) {
    return { error: 'the source name must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, _ and -)' };
  }
  if (!encoded.startsWith(SECRET_PREFIX)) {
    return { source, error: 'the secret must start with whsec_ (Standard Webhooks format whsec_<base64>)' };
  }
  const secret = decodeBase64Strict(encoded.slice(SECRET_PREFIX.length));
  if (secret === undefined) return { source, error: 'the part after whsec_ is not valid base64' };
  if (secret.length < MIN_SECRET_BYTES) {
    return { source, error: `the secret must decode to at least ${MIN_SECRET_BYTES} bytes (got ${secret.length})` };
  }
  return { source, secret };
}

/** Buffer.from(.., 'base64') skips any character it does not know; a typo must fail instead of giving another key. */
function decodeBase64Strict(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const unpadded = (encoded: string) => encoded.replace(/=+$/, '');
  return unpadded(bytes.toString('base64')) === unpadded(text) ? bytes : undefined;
}

/** The `whsec_<base64>` text of a secret, the form WEBHOOK_SECRETS and the senders' consoles use. */
export function formatWebhookSecret(secret: Buffer): string {
  return `${SECRET_PREFIX}${secret.toString('base64')}`;
}

/**
 * WEBHOOK_SECRETS in a zod config schema: unset or empty means no source accepts webhooks. Every bad entry
 * becomes an issue on the variable, so loadConfig stops the boot naming WEBHOOK_SECRETS.
 */
export const webhookSecretsVar = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const { secrets, errors } = parseWebhookSecrets(value);
    for (const message of errors) ctx.addIssue({ code: 'custom', message });
    return secrets;
  });
