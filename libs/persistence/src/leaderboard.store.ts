import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { LeaderboardItem } from '@lead-scoring/contracts';
import { RECORD_SCRIPT, leaderboardKeys } from './leaderboard-keys';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from './persistence.options';

export { leaderboardKeys };

export type LeaderboardEntry = Omit<LeaderboardItem, 'rank'>;

type RecordMode = 'set' | 'nx' | 'reindex';
type ScriptedRedis = { lsRecordLead(scores: string, leads: string, ...args: (string | number)[]): Promise<number> };

/**
 * The leaderboard read model in Redis: a sorted set of lead ids by score and a hash of their display fields.
 * FerretDB cannot serve "top N by score" from an index, Redis answers it in O(log n + N).
 * Written only by the lead's scoring partition; rebuildable from the leads collection.
 */
@Injectable()
export class LeaderboardStore implements OnApplicationShutdown {
  private readonly scoresKey: string;
  private readonly leadsKey: string;
  private readonly keys: ReturnType<typeof leaderboardKeys>;

  constructor(
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceOptions,
  ) {
    this.keys = leaderboardKeys(options.keyPrefix);
    this.scoresKey = this.keys.scores;
    this.leadsKey = this.keys.leads;
    redis.defineCommand('lsRecordLead', { numberOfKeys: 2, lua: RECORD_SCRIPT });
  }

  /** Sets the entries (ZADD + HSET) and moves them between the lead-list indexes. */
  async record(entries: LeaderboardEntry[]): Promise<void> {
    await this.runRecord('set', entries.map((entry) => JSON.stringify(entry)));
  }

  private async runRecord(mode: RecordMode, jsons: string[]): Promise<void> {
    if (jsons.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const json of jsons) {
      const entry = JSON.parse(json) as LeaderboardEntry;
      const recent = entry.last_event_at ? Date.parse(entry.last_event_at) : 0;
      (pipeline as unknown as ScriptedRedis).lsRecordLead(this.scoresKey, this.leadsKey, mode, this.keys.index, entry.lead_id, json, entry.score, recent);
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
  }

  /**
   * Adds the list indexes of entries recorded before they existed (an upgrade): each entry is indexed only if it
   * is still the stored one, so it never undoes a newer write. Returns how many entries it looked at.
   */
  async reindexMissing(): Promise<number> {
    if ((await this.redis.zcard(this.keys.recent)) >= (await this.redis.hlen(this.leadsKey))) return 0;
    let cursor = '0';
    let seen = 0;
    do {
      const [next, flat] = await this.redis.hscan(this.leadsKey, cursor, 'COUNT', 1000);
      cursor = next;
      const jsons = flat.filter((_, i) => i % 2 === 1);
      await this.runRecord('reindex', jsons);
      seen += jsons.length;
    } while (cursor !== '0');
    return seen;
  }

  /**
   * Adds entries for leads the leaderboard does not hold yet (ZADD NX, HSETNX). A rebuild from MongoDB uses it:
   * a lead that its partition recorded meanwhile keeps the newer entry, so the rebuild never writes over a writer.
   */
  async recordIfAbsent(entries: LeaderboardEntry[]): Promise<void> {
    await this.runRecord('nx', entries.map((entry) => JSON.stringify(entry)));
  }

  async size(): Promise<number> {
    return this.redis.zcard(this.scoresKey);
  }

  /** Leads with a score in [min, max) (max null: no upper bound), from the sorted set. */
  async countInScoreRange(min: number | null, max: number | null): Promise<number> {
    return this.redis.zcount(this.scoresKey, min === null ? '-inf' : String(min), max === null ? '+inf' : `(${max}`);
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
