import { z } from 'zod';

/**
 * Validates the environment at boot. A bad variable stops the process with its name and what is wrong,
 * before anything connects anywhere.
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  process.stderr.write(`Invalid configuration, not starting:\n${lines.join('\n')}\n`);
  process.exit(1);
}

export const portVar = (fallback: number) =>
  z.coerce.number('must be a port number').int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535').default(fallback);

const commaList = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);

/** Comma-separated API keys; at least one, each long enough not to be guessed. */
export const apiKeysVar = z
  .string('is required: comma-separated keys (tools/start.sh generates them into .env)')
  .transform(commaList)
  .pipe(z.array(z.string().min(16, 'each key must be at least 16 characters')).min(1, 'must list at least one key'));

/** Variables every service reads. */
export const sharedConfigShape = {
  MONGO_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'must be a mongodb:// URL')
    .refine((uri) => /^mongodb(\+srv)?:\/\/[^/]+\/[^/?]+/.test(uri), 'must name a database, e.g. mongodb://127.0.0.1:27017/lead-scoring')
    .default('mongodb://127.0.0.1:27017/lead-scoring'),
  MONGO_POOL_SIZE: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(10),
  /** Documents per bulk update command: hundreds on MongoDB; 8 on FerretDB 1.24, which the scripts set. */
  MONGO_UPDATES_PER_COMMAND: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(500),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: portVar(6379),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_{}-]{1,32}$/, 'must be 1-32 letters, digits, _ - { }').default('ls'),
  SCORING_PARTITIONS: z.coerce.number('must be a number').int().min(1, 'must be at least 1').max(256, 'must be at most 256').default(16),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** REDIS_URL wins; REDIS_HOST/REDIS_PORT are accepted for platforms that hand those out. */
export function redisUrlOf(config: { REDIS_URL?: string; REDIS_HOST: string; REDIS_PORT: number }): string {
  return config.REDIS_URL ?? `redis://${config.REDIS_HOST}:${config.REDIS_PORT}`;
}

export { commaList };

/** Outbound webhooks (trigger deliveries and test sends), read by the services that make them. */
export const outboundConfigShape = {
  /** Allow destinations on private, loopback and link-local addresses (local setups); metadata addresses never. */
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: z
    .enum(['true', 'false'], 'must be true or false')
    .default('false')
    .transform((value) => value === 'true'),
};
