import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { LeadSort } from '@lead-scoring/contracts';
import { LeaderboardEntry, leaderboardKeys } from './leaderboard.store';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from './persistence.options';

export interface LeadListQuery {
  sort: LeadSort;
  stage?: string;
  company?: string;
  grade?: string;
  /** Case-insensitive substring of email, name or company. */
  q?: string;
  limit: number;
  cursor?: LeadListCursor;
}

/** Where the previous page ended: the sort value (score, epoch ms or index member) and lead id of its last item. */
export interface LeadListCursor {
  sort: LeadSort;
  value: number | string;
  lead_id: string;
}

export interface LeadListPage {
  lead_ids: string[];
  next: LeadListCursor | null;
  total: number;
}

const CHUNK = 500;
/** Filtered orders are materialised (ZINTERSTORE) for this long, so that the next pages reuse them. */
const INTERSECTION_TTL_SECONDS = 10;

/**
 * `GET /api/leads` from the Redis indexes that LeaderboardStore.record keeps beside the leaderboard: one sorted set
 * per sort key, stage, company and grade. Never a MongoDB sort, which FerretDB would do in memory after a full scan.
 * Pages are keyset cursors (the last item's sort value and id), stable while leads keep changing.
 */
@Injectable()
export class LeadListIndex {
  private readonly keys: ReturnType<typeof leaderboardKeys>;

  constructor(
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceOptions,
  ) {
    this.keys = leaderboardKeys(options.keyPrefix);
  }

  /** How many leads hold each of these grades now. */
  async gradeCounts(grades: string[]): Promise<Map<string, number>> {
    if (grades.length === 0) return new Map();
    const pipeline = this.redis.pipeline();
    for (const grade of grades) pipeline.zcard(this.keys.grade(grade));
    const results = (await pipeline.exec()) ?? [];
    return new Map(grades.map((grade, i) => [grade, Number(results[i]?.[1] ?? 0)]));
  }

  async list(query: LeadListQuery): Promise<LeadListPage> {
    const field = query.sort.replace(/^-/, '');
    const descending = query.sort.startsWith('-');
    const lexical = field === 'name' || field === 'email';
    const filters = [
      query.stage !== undefined ? this.keys.stage(query.stage) : null,
      query.company !== undefined ? this.keys.company(query.company) : null,
      query.grade !== undefined ? this.keys.grade(query.grade) : null,
    ].filter(
      (key): key is string => key !== null,
    );
    // Numeric orders are intersected with the filter sets in Redis; lexical ones are walked and filtered here.
    const orderKey = lexical ? (field === 'name' ? this.keys.names : this.keys.emails) : field === 'score' ? this.keys.scores : this.keys.recent;
    const walkKey = !lexical && filters.length > 0 ? await this.intersection(orderKey, filters) : orderKey;
    const needsCheck = query.q !== undefined || (lexical && filters.length > 0);
    const order = new SortedSetWalk(this.redis, walkKey, descending, lexical);

    if (!needsCheck) {
      const total = filters.length > 0 ? await this.redis.zcard(await this.intersection(this.keys.scores, filters)) : await this.redis.zcard(this.keys.scores);
      const start = query.cursor ? await order.positionAfter(query.cursor) : 0;
      const members = await order.range(start, query.limit + 1);
      return this.page(members, query, total, lexical);
    }

    // A text search (or a filtered lexical order) checks each lead's summary: walk the order in chunks.
    const q = query.q?.toLowerCase();
    const start = query.cursor ? await order.positionAfter(query.cursor) : 0;
    const matches = (entry: LeaderboardEntry) =>
      (query.stage === undefined || entry.stage === query.stage) &&
      (query.company === undefined || entry.company === query.company) &&
      (query.grade === undefined || entry.grade === query.grade) &&
      (q === undefined || [entry.email, entry.name, entry.company].some((value) => value?.toLowerCase().includes(q)));
    const picked: [string, string][] = [];
    let total = 0;
    // With q, total needs every match, so the whole order is walked; otherwise it stops once the page is full.
    const countAll = q !== undefined;
    let totalFromSets: number | null = null;
    if (!countAll) totalFromSets = await this.redis.zcard(await this.intersection(this.keys.scores, filters));
    for (let position = countAll ? 0 : start; ; position += CHUNK) {
      const members = await order.range(position, CHUNK);
      if (members.length === 0) break;
      const ids = members.map(([member]) => idOf(member, lexical));
      const summaries = await this.redis.hmget(this.keys.leads, ...ids);
      members.forEach((member, i) => {
        const summary = summaries[i];
        if (!summary || !matches(JSON.parse(summary) as LeaderboardEntry)) return;
        total += 1;
        if (position + i >= start && picked.length <= query.limit) picked.push(member);
      });
      if (!countAll && picked.length > query.limit) break;
      if (members.length < CHUNK) break;
    }
    return this.page(picked, query, totalFromSets ?? total, lexical);
  }

  private page(members: [string, string][], query: LeadListQuery, total: number, lexical: boolean): LeadListPage {
    const items = members.slice(0, query.limit);
    const last = items[items.length - 1];
    const next =
      members.length > query.limit && last ? { sort: query.sort, value: lexical ? last[0] : Number(last[1]), lead_id: idOf(last[0], lexical) } : null;
    return { lead_ids: items.map(([member]) => idOf(member, lexical)), next, total };
  }

  /** The order restricted to leads in every filter set (weights keep the order's own scores), cached briefly. */
  private async intersection(orderKey: string, filters: string[]): Promise<string> {
    if (filters.length === 0) return orderKey;
    const key = `${this.keys.index}tmp:${createHash('sha1').update([orderKey, ...filters].join('\n')).digest('hex')}`;
    if (await this.redis.exists(key)) return key;
    const weights = [1, ...filters.map(() => 0)];
    await this.redis
      .multi()
      .zinterstore(key, 1 + filters.length, orderKey, ...filters, 'WEIGHTS', ...weights)
      .expire(key, INTERSECTION_TTL_SECONDS)
      .exec();
    return key;
  }
}

/** Lexical members are `<value>\0<lead_id>`. */
function idOf(member: string, lexical: boolean): string {
  return lexical ? member.slice(member.lastIndexOf('\0') + 1) : member;
}

/** Reads a sorted set by position in one direction; numeric sets by score, lexical ones by member. */
class SortedSetWalk {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly descending: boolean,
    private readonly lexical: boolean,
  ) {}

  /** [member, score] pairs from `start`. */
  async range(start: number, count: number): Promise<[string, string][]> {
    const flat = this.descending
      ? await this.redis.zrevrange(this.key, start, start + count - 1, 'WITHSCORES')
      : await this.redis.zrange(this.key, start, start + count - 1, 'WITHSCORES');
    const pairs: [string, string][] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    return pairs;
  }

  /**
   * The position just after the cursor's item. If that lead has moved since (new score or name), the position
   * where its old sort value would be: the page continues from there, without repeating earlier leads.
   */
  async positionAfter(cursor: LeadListCursor): Promise<number> {
    const member = this.lexical ? String(cursor.value) : cursor.lead_id;
    const score = await this.redis.zscore(this.key, member);
    if (score !== null && (this.lexical || Number(score) === cursor.value)) {
      const rank = this.descending ? await this.redis.zrevrank(this.key, member) : await this.redis.zrank(this.key, member);
      if (rank !== null) return rank + 1;
    }
    if (this.lexical) {
      const value = String(cursor.value);
      return this.descending ? this.redis.zlexcount(this.key, `(${value}`, '+') : this.redis.zlexcount(this.key, '-', `(${value}`);
    }
    const value = Number(cursor.value);
    return this.descending ? this.redis.zcount(this.key, `(${value}`, '+inf') : this.redis.zcount(this.key, '-inf', `(${value}`);
  }
}
