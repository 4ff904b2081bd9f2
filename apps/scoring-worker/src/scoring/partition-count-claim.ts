import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** How long a worker's registration lasts unrenewed: a worker killed without shutting down holds its count this long. */
const TTL_MS = 30_000;
const RENEW_INTERVAL_MS = 5_000;
const RETRY_INTERVAL_MS = 2_000;

/**
 * KEYS[1]: the registry, a sorted set of `<partitions>|<worker>` scored by expiry (Redis's clock, in ms).
 * ARGV: this worker's member, its partition count, the TTL in ms.
 * Drops expired members; if a member on another count remains, returns those and registers nothing; otherwise
 * adds or renews this worker's member and returns an empty list. One script, so two workers starting at once on
 * different counts cannot both register.
 */
const REGISTER_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local prefix = ARGV[2] .. '|'
local others = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, 1, string.len(prefix)) ~= prefix then table.insert(others, member) end
end
if #others > 0 then return others end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return others
`;

type ScriptedRedis = Redis & { lsRegisterWorker(key: string, member: string, partitions: number, ttlMs: number): Promise<string[]> };

/**
 * Keeps two scoring workers on different SCORING_PARTITIONS from running at once: with different counts a lead
 * maps to a partition in each, so two jobs could fold it at the same time. Each worker registers its count in
 * Redis and renews it while it runs; a worker starting beside a worker on another count waits (before it consumes
 * anything) until that one stops, and a running worker that finds another count registered (its own registration
 * lapsed, say through a Redis restart, and the other took its place) shuts down. Workers of one count run side by
 * side as before.
 */
export class PartitionCountClaim implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionCountClaim.name);
  private readonly redis: ScriptedRedis;
  private readonly key: string;
  private readonly member: string;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    redis: Redis,
    keyPrefix: string,
    private readonly partitions: number,
  ) {
    redis.defineCommand('lsRegisterWorker', { numberOfKeys: 1, lua: REGISTER_SCRIPT });
    this.redis = redis as ScriptedRedis;
    this.key = `${keyPrefix}:scoring-workers`;
    this.member = `${partitions}|${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  /**
   * Waits until no worker on another count is registered, then registers. Retries while Redis is away (its client
   * reports the outage once).
   */
  async acquire(): Promise<void> {
    let waitingFor = '';
    for (;;) {
      const others = await this.register().catch(() => undefined);
      if (others?.length === 0) break;
      const described = others ? describe(others) : waitingFor;
      if (others && described !== waitingFor) {
        this.logger.warn(
          `SCORING_PARTITIONS is ${this.partitions} here but ${described}: waiting for them to stop before scoring ` +
            `(a worker killed without shutting down is forgotten ${TTL_MS / 1000} s after it last renewed its registration)`,
        );
      }
      waitingFor = described;
      await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
    }
    if (waitingFor) this.logger.log(`no scoring worker on another partition count is running any more: scoring under ${this.partitions}`);
  }

  onApplicationBootstrap(): void {
    this.renewal = setInterval(() => void this.renew(), RENEW_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.renewal);
    await this.redis.zrem(this.key, this.member).catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Registers this worker, or returns the workers registered on other counts (and registers nothing). */
  private register(): Promise<string[]> {
    return this.redis.lsRegisterWorker(this.key, this.member, this.partitions, TTL_MS);
  }

  private async renew(): Promise<void> {
    // Redis away (its client reports the outage): BullMQ hands out no jobs either, and the next renewal registers.
    const others = await this.register().catch(() => []);
    if (others.length === 0) return;
    clearInterval(this.renewal);
    this.logger.error(`SCORING_PARTITIONS is ${this.partitions} here but ${describe(others)}, registered while this worker's registration had lapsed: shutting down`);
    // The shutdown hooks drain this worker's jobs first, as on any SIGTERM.
    process.kill(process.pid, 'SIGTERM');
  }
}

/** "3 for the scoring worker(s) running as host:pid:id, ..." grouped by count. */
function describe(members: string[]): string {
  const byCount = new Map<string, string[]>();
  for (const member of members) {
    const [count, worker] = member.split('|', 2);
    byCount.set(count, [...(byCount.get(count) ?? []), worker]);
  }
  return [...byCount].map(([count, workers]) => `${count} for the scoring worker(s) running as ${workers.join(', ')}`).join('; ');
}
