import { z } from 'zod';
import { outboundConfigShape, portVar, sharedConfigShape } from '@lead-scoring/runtime';

export const workerConfigSchema = z.object({
  ...sharedConfigShape,
  ...outboundConfigShape,
  /** Trigger deliveries in flight at once per worker: a slow destination holds one of them for up to 10 s. */
  DELIVERY_CONCURRENCY: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(32),
  /** The first retry's base delay (doubling each time, capped at 1 h, for up to 24 h). */
  DELIVERY_RETRY_BASE_MS: z.coerce.number('must be a number of milliseconds').int().min(100, 'must be at least 100').default(10_000),
  /**
   * Scoring jobs this process runs at once, over all its partitions. More partitions than this do not make more
   * jobs run at once, but larger ones: a job waits for a slot before it reads its partition's inbox.
   */
  SCORING_CONCURRENCY: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(256, 'must be at most 256').default(4),
  WORKER_PORT: portVar(7779),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** How long an accepted event may stay unscored before the reconciler enqueues it again. */
  RECONCILE_GRACE_MS: z.coerce.number('must be a number of milliseconds').int().min(1000, 'must be at least 1000').default(30_000),
  RECONCILE_INTERVAL_MS: z.coerce.number('must be a number of milliseconds').int().min(500, 'must be at least 500').default(10_000),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
