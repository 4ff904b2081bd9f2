import { z } from 'zod';
import { apiKeysVar, commaList, portVar, sharedConfigShape } from '@lead-scoring/runtime';
import { webhookEventTypesVar } from './webhooks/webhook-envelope';
import { webhookSecretsVar } from './webhooks/webhook-secrets';

export const ingestionConfigSchema = z.object({
  ...sharedConfigShape,
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
  /** Group commit: how long (ms) a request waits for others to share its insert, and the most events per insert. */
  INGEST_COMMIT_WINDOW_MS: z.coerce.number('must be a number of milliseconds').int().min(0, 'must be 0 (no wait) or more').max(100, 'must be at most 100').default(3),
  INGEST_COMMIT_MAX_EVENTS: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(1000),
  /** Requests per second per API key, across all gateway instances; 0 turns the limit off. */
  RATE_LIMIT_PER_SECOND: z.coerce.number('must be a number').int('must be a whole number').min(0, 'must be 0 (off) or more').default(1000),
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');
