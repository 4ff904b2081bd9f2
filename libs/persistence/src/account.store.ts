import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AccountSettings, AccountSummary } from '@lead-scoring/contracts';
import {
  ADOPT_ACCOUNT_STRATEGY_SCRIPT,
  MARK_ACCOUNTS_APPLIED_SCRIPT,
  MARK_ACCOUNTS_BUILT_SCRIPT,
  RECORD_ACCOUNT_LEAD_SCRIPT,
  RESCORE_ACCOUNTS_SCRIPT,
  accountKeys,
  accountScriptKeys,
} from './account-keys';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from './persistence.options';
import { LeadDocument } from './schemas/lead.schema';

export { accountKeys };

/** What the accounts keep of a lead. A null or empty company: the lead is in no account. */
export interface AccountLead {
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  score: number;
  stage: string;
}

export function accountLeadOf(lead: LeadDocument): AccountLead {
  return { lead_id: lead.lead_id, email: lead.email, name: lead.name, company: lead.company, score: lead.score, stage: lead.stage };
}

/** The account orders of `GET /api/accounts` (`-` for descending). */
export const ACCOUNT_SORTS = ['-score', 'score', '-leads', 'account'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/** Where the previous page ended: the sort value of its last account (score or leads; the name for `account`). */
export interface AccountListCursor {
  sort: AccountSort;
  value: number | string;
  account: string;
}

export interface AccountListPage {
  items: AccountSummary[];
  next: AccountListCursor | null;
  total: number;
}

export interface AccountDetailData {
  summary: AccountSummary;
  /** Its leads' public ids, best first (score descending, then lead id descending, as the leaderboard). */
  lead_ids: string[];
  /** Oldest first. */
  score_history: { at: string; score: number }[];
}

/** The strategy in force and the ruleset version it came from. */
export interface AccountStrategy {
  settings: AccountSettings;
  version: number;
}

type Mode = 'set' | 'nx';
type ScriptedRedis = {
  lsRecordAccountLead(...args: (string | number)[]): Promise<unknown>;
  lsAdoptAccountStrategy(...args: (string | number)[]): Promise<[number, number]>;
  lsRescoreAccounts(...args: (string | number)[]): Promise<(number | string)[]>;
  lsMarkAccountsApplied(...args: (string | number)[]): Promise<number>;
  lsMarkAccountsBuilt(...args: (string | number)[]): Promise<number>;
};

const KEY_COUNT = 7;
/** Accounts one rescore script call handles: each is atomic; between calls, live writes go on. */
const RESCORE_BATCH = 100;
/** Leads per pipeline of record scripts. */
const RECORD_CHUNK = 500;

/**
 * Accounts (the leads of one company) in Redis. Leads of one company are folded by different partitions, on any
 * number of workers at once, so an account is never read-modified-written from a process: a Lua script per lead
 * change moves the lead within or between accounts and rewrites the summaries it touched, atomically. Each
 * account keeps its leads' scores in a sorted set, so max and top-n are read in O(log n + n), the sum is kept as a
 * running total, and stages as counts. Rebuildable from the leads collection (see AccountRebuilder in the worker).
 */
@Injectable()
export class AccountStore {
  private readonly keys: ReturnType<typeof accountKeys>;
  private readonly scriptKeys: string[];
  private readonly scripted: ScriptedRedis;
  private rescoring: { epoch: string; done: Promise<AccountSummary[]> } | null = null;

  constructor(
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: Pick<PersistenceOptions, 'keyPrefix'>,
  ) {
    this.keys = accountKeys(options.keyPrefix);
    this.scriptKeys = accountScriptKeys(this.keys);
    redis.defineCommand('lsRecordAccountLead', { numberOfKeys: KEY_COUNT, lua: RECORD_ACCOUNT_LEAD_SCRIPT });
    redis.defineCommand('lsAdoptAccountStrategy', { numberOfKeys: KEY_COUNT, lua: ADOPT_ACCOUNT_STRATEGY_SCRIPT });
    redis.defineCommand('lsRescoreAccounts', { numberOfKeys: KEY_COUNT, lua: RESCORE_ACCOUNTS_SCRIPT });
    redis.defineCommand('lsMarkAccountsApplied', { numberOfKeys: KEY_COUNT, lua: MARK_ACCOUNTS_APPLIED_SCRIPT });
    redis.defineCommand('lsMarkAccountsBuilt', { numberOfKeys: KEY_COUNT, lua: MARK_ACCOUNTS_BUILT_SCRIPT });
    this.scripted = redis as unknown as ScriptedRedis;
  }

  /**
   * Records the leads' accounts, scores and stages. `strategy` is the caller's current one: taken if its ruleset
   * version is newer than the stored one, and then (or if an earlier rescore was cut short) every account is
   * rescored before this returns. Returns the summary of every account that changed (`leads: 0`: it is gone).
   */
  async record(leads: AccountLead[], strategy: AccountStrategy): Promise<AccountSummary[]> {
    const { summaries, due } = await this.runRecord('set', leads, strategy);
    if (due) summaries.push(...(await this.rescoreAll()));
    return latestPerAccount(summaries);
  }

  /** Takes `strategy` (at an equal version too: it was just read) and rescores every account if that is due. */
  async applyStrategy(strategy: AccountStrategy): Promise<AccountSummary[]> {
    const [due] = await this.scripted.lsAdoptAccountStrategy(...this.scriptKeys, this.keys.base, now(), strategy.version, strategy.settings.strategy, strategy.settings.n, '1');
    return due === 1 ? latestPerAccount(await this.rescoreAll()) : [];
  }

  /** True once every lead of MongoDB has been recorded: false on a new or flushed Redis. */
  async isBuilt(): Promise<boolean> {
    return (await this.redis.hget(this.keys.strategy, 'built')) === '1';
  }

  /**
   * Records the leads the accounts do not hold yet: a lead recorded meanwhile by its partition keeps the newer
   * state, so a rebuild never writes over a writer. Marks the accounts built at the end, unless Redis lost the
   * rebuild's token meanwhile (flushed again). Returns how many leads it added, and the accounts that changed.
   */
  async rebuild(pages: AsyncIterable<AccountLead[]>, strategy: AccountStrategy): Promise<{ restored: number; summaries: AccountSummary[] }> {
    const token = randomUUID();
    await this.redis.hset(this.keys.strategy, 'rebuild', token);
    let restored = 0;
    let due = false;
    const summaries: AccountSummary[] = [];
    for await (const page of pages) {
      const recorded = await this.runRecord('nx', page, strategy);
      due ||= recorded.due;
      restored += recorded.written;
      summaries.push(...recorded.summaries);
    }
    // The rebuild may be what brings a new strategy (its leads carry it): then it rescores, as record does.
    if (due) summaries.push(...(await this.rescoreAll()));
    await this.scripted.lsMarkAccountsBuilt(...this.scriptKeys, this.keys.base, now(), token);
    return { restored, summaries: latestPerAccount(summaries) };
  }

  /**
   * Rescores every account with the current strategy, in batches (each atomic), walking the accounts by name so
   * that accounts appearing or leaving meanwhile do not shift it. Stops if a newer strategy arrives (its adopter
   * rescores everything); marks the strategy applied only if none did. Returns the accounts whose score changed.
   */
  async rescoreAll(): Promise<AccountSummary[]> {
    const epoch = await this.redis.hget(this.keys.strategy, 'epoch');
    if (epoch === null) return [];
    // Every job of this process that finds a rescore due joins the one under way instead of walking all accounts too.
    if (this.rescoring?.epoch === epoch) return this.rescoring.done;
    const done = this.rescoreUnder(epoch).finally(() => {
      if (this.rescoring?.done === done) this.rescoring = null;
    });
    this.rescoring = { epoch, done };
    return done;
  }

  private async rescoreUnder(epoch: string): Promise<AccountSummary[]> {
    const changed: AccountSummary[] = [];
    let after = '-';
    for (;;) {
      const accounts = await this.redis.zrangebylex(this.keys.names, after, '+', 'LIMIT', 0, RESCORE_BATCH);
      if (accounts.length === 0) break;
      const [current, ...summaries] = await this.scripted.lsRescoreAccounts(...this.scriptKeys, this.keys.base, now(), epoch, ...accounts);
      if (current !== 1) return changed;
      changed.push(...(summaries as string[]).map(parseSummary));
      after = `(${accounts[accounts.length - 1]}`;
      if (accounts.length < RESCORE_BATCH) break;
    }
    await this.scripted.lsMarkAccountsApplied(...this.scriptKeys, this.keys.base, now(), epoch);
    return changed;
  }

  /** One page of accounts in `sort` order, after `cursor` (keyset: stable while accounts keep changing). */
  async page(sort: AccountSort, limit: number, cursor?: AccountListCursor): Promise<AccountListPage> {
    let members: [string, number | string][];
    if (sort === 'account') {
      const from = cursor ? `(${cursor.account}` : '-';
      members = (await this.redis.zrangebylex(this.keys.names, from, '+', 'LIMIT', 0, limit + 1)).map((account) => [account, account]);
    } else {
      const key = sort === '-leads' ? this.keys.byLeads : this.keys.byScore;
      const descending = sort.startsWith('-');
      const start = cursor ? await this.positionAfter(key, descending, cursor) : 0;
      const flat = descending ? await this.redis.zrevrange(key, start, start + limit, 'WITHSCORES') : await this.redis.zrange(key, start, start + limit, 'WITHSCORES');
      members = [];
      for (let i = 0; i < flat.length; i += 2) members.push([flat[i], Number(flat[i + 1])]);
    }
    const [total, summaries] = await Promise.all([
      this.redis.zcard(this.keys.byScore),
      members.length > 0 ? this.redis.hmget(this.keys.summaries, ...members.slice(0, limit).map(([account]) => account)) : Promise.resolve([]),
    ]);
    // An account removed between the two reads is left out of the page.
    const items = summaries.flatMap((json) => (json ? [parseSummary(json)] : []));
    const last = members[Math.min(limit, members.length) - 1];
    const next = members.length > limit && last ? { sort, value: last[1], account: last[0] } : null;
    return { items, next, total };
  }

  /** The account's summary, its best `leadLimit` leads' ids and its score history; null when no lead is in it. */
  async detail(account: string, leadLimit: number): Promise<AccountDetailData | null> {
    const [summary, leadIds, history] = await Promise.all([
      this.redis.hget(this.keys.summaries, account),
      this.redis.zrevrange(this.keys.scores(account), 0, leadLimit - 1),
      this.redis.lrange(this.keys.history(account), 0, -1),
    ]);
    if (!summary) return null;
    return { summary: parseSummary(summary), lead_ids: leadIds, score_history: history.map((point) => JSON.parse(point) as { at: string; score: number }) };
  }

  /**
   * The position just after the cursor's account; if it has moved since, where its old value would be: the walk
   * goes on without repeating earlier accounts.
   */
  private async positionAfter(key: string, descending: boolean, cursor: AccountListCursor): Promise<number> {
    const score = await this.redis.zscore(key, cursor.account);
    if (score !== null && Number(score) === cursor.value) {
      const rank = descending ? await this.redis.zrevrank(key, cursor.account) : await this.redis.zrank(key, cursor.account);
      if (rank !== null) return rank + 1;
    }
    const value = Number(cursor.value);
    return descending ? this.redis.zcount(key, `(${value}`, '+inf') : this.redis.zcount(key, '-inf', `(${value}`);
  }

  private async runRecord(mode: Mode, leads: AccountLead[], strategy: AccountStrategy): Promise<{ summaries: AccountSummary[]; due: boolean; written: number }> {
    const summaries: AccountSummary[] = [];
    let due = false;
    let written = 0;
    const at = now();
    for (let offset = 0; offset < leads.length; offset += RECORD_CHUNK) {
      const pipeline = this.redis.pipeline();
      for (const lead of leads.slice(offset, offset + RECORD_CHUNK)) {
        const info = JSON.stringify({ email: lead.email, name: lead.name, stage: lead.stage });
        (pipeline as unknown as ScriptedRedis).lsRecordAccountLead(
          ...this.scriptKeys, this.keys.base, at, strategy.version, strategy.settings.strategy, strategy.settings.n,
          mode, lead.lead_id, lead.company ?? '', lead.score, info,
        );
      }
      for (const [error, result] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        const [flag, wrote, ...jsons] = result as [number, number, ...string[]];
        due ||= flag === 1;
        written += wrote;
        summaries.push(...jsons.map(parseSummary));
      }
    }
    return { summaries, due, written };
  }
}

function now(): string {
  return new Date().toISOString();
}

/** The last summary of each account (scripts ran in order, so the last is the newest), in a fixed field order. */
function latestPerAccount(summaries: AccountSummary[]): AccountSummary[] {
  return [...new Map(summaries.map((summary) => [summary.account, summary])).values()];
}

/** A summary as the scripts write it (cjson: any key order, an empty object for no stages), in the API's shape. */
export function parseSummary(json: string): AccountSummary {
  const raw = JSON.parse(json) as AccountSummary;
  const stages = raw.stages && typeof raw.stages === 'object' && !Array.isArray(raw.stages) ? raw.stages : {};
  return {
    account: raw.account,
    score: raw.score,
    leads: raw.leads,
    engaged_leads: raw.engaged_leads,
    best_lead: raw.best_lead ? { lead_id: raw.best_lead.lead_id, email: raw.best_lead.email ?? null, name: raw.best_lead.name ?? null, score: raw.best_lead.score } : null,
    stages: Object.fromEntries(Object.keys(stages).sort().map((stage) => [stage, stages[stage]])),
  };
}
