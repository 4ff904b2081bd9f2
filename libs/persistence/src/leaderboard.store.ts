import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { LeaderboardItem } from '@lead-scoring/contracts';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from './persistence.options';

export type LeaderboardEntry = Omit<LeaderboardItem, 'rank'>;

/**
 * The leaderboard read model in Redis: a sorted set of lead ids by score and a hash of their display fields.
 * FerretDB cannot serve "top N by score" from an index, Redis answers it in O(log n + N).
 * Written only by the lead's scoring partition; rebuildable from the leads collection.
 */
@Injectable()
export class LeaderboardStore implements OnApplicationShutdown {
  private readonly scoresKey: string;
  private readonly leadsKey: string;

  constructor(
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceOptions,
  ) {
    this.scoresKey = `${options.keyPrefix}:leaderboard:scores`;
    this.leadsKey = `${options.keyPrefix}:leaderboard:leads`;
  }

  async record(entries: LeaderboardEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      pipeline.zadd(this.scoresKey, entry.score, entry.lead_id);
      pipeline.hset(this.leadsKey, entry.lead_id, JSON.stringify(entry));
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
  }

  /**
   * Adds entries for leads the leaderboard does not hold yet (ZADD NX, HSETNX). A rebuild from MongoDB uses it:
   * a lead that its partition recorded meanwhile keeps the newer entry, so the rebuild never writes over a writer.
   */
  async recordIfAbsent(entries: LeaderboardEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      pipeline.zadd(this.scoresKey, 'NX', entry.score, entry.lead_id);
      pipeline.hsetnx(this.leadsKey, entry.lead_id, JSON.stringify(entry));
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
  }

  async size(): Promise<number> {
    return this.redis.zcard(this.scoresKey);
  }

  async top(limit: number): Promise<LeaderboardItem[]> {
    const flat = await this.redis.zrevrange(this.scoresKey, 0, limit - 1, 'WITHSCORES');
    const ids: string[] = [];
    for (let i = 0; i < flat.length; i += 2) ids.push(flat[i]);
    if (ids.length === 0) return [];
    const summaries = await this.redis.hmget(this.leadsKey, ...ids);
    return ids.flatMap((id, i) => {
      const summary = summaries[i];
      if (!summary) return [];
      return [{ ...(JSON.parse(summary) as LeaderboardEntry), score: Number(flat[i * 2 + 1]), rank: i + 1 }];
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
