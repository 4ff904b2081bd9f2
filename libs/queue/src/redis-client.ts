import { Logger } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';

const logger = new Logger('Redis');

/**
 * An ioredis client that reports a lost connection once per outage instead of an unhandled error per retry.
 * ioredis reconnects by itself; callers see failures through their calls and through readiness.
 */
export function createRedisClient(purpose: string, options: RedisOptions): Redis {
  const client = new Redis(options);
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.warn(`${purpose}: connection to Redis lost (${error.message}); reconnecting`);
  });
  client.on('ready', () => {
    if (reported) logger.log(`${purpose}: connection to Redis restored`);
    reported = false;
  });
  return client;
}
