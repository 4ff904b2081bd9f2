import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { apiKeysVar, commaList, outboundConfigShape, portVar, sharedConfigShape } from '@lead-scoring/runtime';
import { webhookEventTypesVar } from './webhooks/webhook-envelope';
import { webhookSecretsVar } from './webhooks/webhook-secrets';

export const ingestionConfigSchema = z.object({
  ...sharedConfigShape,
  ...outboundConfigShape,
  INGESTION_PORT: portVar(7777),
  HOST: z.string().min(1).default('127.0.0.1'),
  INGEST_API_KEYS: apiKeysVar,
  ADMIN_API_KEYS: apiKeysVar,
  /** Standard Webhooks secrets per source: `source=whsec_<base64>,...`; a source may be listed twice while rotating. */
  WEBHOOK_SECRETS: webhookSecretsVar,
  /** Per-source envelope type mappings over the defaults: `source:order.paid=PURCHASE;...`. */
  WEBHOOK_EVENT_TYPES: webhookEventTypesVar,
  CORS_ORIGINS: z.string().default('http://127.0.0.1:5173,http://localhost:5173').transform(commaList),
  /** Largest CSV upload accepted, in bytes (default 4 GiB); the file is spooled to the temp folder. */
  UPLOAD_MAX_BYTES: z.coerce.number('must be a number of bytes').int().min(1024, 'must be at least 1024').default(4 * 1024 ** 3),
  /**
   * Where uploads are spooled while they arrive: a folder only the service's user can enter (0700, files 0600),
   * created if missing. Default: lead-scoring-uploads in the system temp folder.
   */
  UPLOAD_TMP_DIR: z.string().min(1).default(join(tmpdir(), 'lead-scoring-uploads')),
  /**
   * An upload that sends no byte for this many seconds is abandoned (408) and its partial file deleted. There
   * is no limit on an upload's total time: a large CSV on a slow link takes as long as it takes.
   */
  UPLOAD_IDLE_TIMEOUT_SECONDS: z.coerce.number('must be a number of seconds').min(0.1, 'must be at least 0.1').max(3600, 'must be at most 3600').default(60),
  /**
   * Express's `trust proxy`: whether the client address (rate limits) is read from X-Forwarded-For. Off by
   * default, since any caller can write that header; set it to the proxy's address(es), a hop count, or `true`
   * only when the gateway is reachable through that proxy alone.
   */
  TRUST_PROXY: z.string().default('false').transform(trustProxySetting),
  /** Group commit: how long (ms) a request waits for others to share its insert, and the most events per insert. */
  INGEST_COMMIT_WINDOW_MS: z.coerce.number('must be a number of milliseconds').int().min(0, 'must be 0 (no wait) or more').max(100, 'must be at most 100').default(3),
  INGEST_COMMIT_MAX_EVENTS: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(1000),
  /**
   * Requests per second, across all gateway instances, per valid API key; per client address for requests
   * without a valid key; per source and client address for webhooks. 0 turns the limit off.
   */
  RATE_LIMIT_PER_SECOND: z.coerce.number('must be a number').int('must be a whole number').min(0, 'must be 0 (off) or more').default(1000),
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');

/** TRUST_PROXY as Express takes it: false/true, a hop count, or a comma list of addresses, subnets or names (loopback...). */
export function trustProxySetting(value: string): boolean | number | string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
}
