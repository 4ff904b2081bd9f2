// The verdict of every scenario: what is stored in MongoDB, folded independently with the pure engine, against
// the stored leads, the API's leads and what the gateways answered.
import { MongoClient } from 'mongodb';
import { AnalyticsSummary, Ruleset, ScoringRule, ScoringSettings } from '@lead-scoring/contracts';
import { partitionFor } from '../../libs/queue/src/partition';
import { ScoringEvent, foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { sleep } from './traffic';

/** A hung server must fail the verification, not hang it. */
export const MONGO_CLIENT_OPTIONS = { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 120_000 };

/** The analytics summary a realtime gateway serves (GET /api/analytics/summary). */
export async function readAnalyticsSummary(url: string, adminKey: string): Promise<AnalyticsSummary> {
  const response = await fetch(`${url}/api/analytics/summary`, { headers: { authorization: `Bearer ${adminKey}` } });
  if (response.status !== 200) throw new Error(`GET ${url}/api/analytics/summary: ${response.status}`);
  return (await response.json()) as AnalyticsSummary;
}

export interface Verification {
  ok: boolean;
  stored: number;
  /** Stored events no longer in the pending inbox. */
  scored: number;
  pending: number;
  leads: number;
  /** Event ids stored more than once (the unique index must prevent it). */
  duplicatesStored: number;
  /** Events counted more than once into their lead (sum over leads of event_count above its stored events). */
  duplicatesCounted: number;
  /** Event ids answered 202 accepted but not stored. */
  lost: number;
  /** Leads whose stored score, stage or event_count differ from the in-order fold of their stored events. */
  leadMismatches: number;
  /** Leads read through GET /api/leads/:id that differ from the fold. */
  apiMismatches: number;
  apiChecked: number;
  /** The first few problems, for the log. */
  problems: string[];
}

interface StoredEvent {
  event_id: string;
  lead_key: string;
  event_type: string;
  source: string;
  timestamp: Date;
  metadata: Record<string, unknown>;
}

interface StoredLead {
  _id: string;
  lead_id: string;
  email: string | null;
  score: number;
  stage: string;
  event_count: number;
}

export interface VerifyTarget {
  mongoUri: string;
  realtimeUrls: string[];
  adminKey: string;
}

async function loadRuleset(client: MongoClient): Promise<Ruleset> {
  const db = client.db();
  const settings = (await db.collection<{ _id: string; settings: ScoringSettings }>('settings').findOne({ _id: 'scoring' }))?.settings;
  if (!settings) throw new Error('the settings document is missing: was the database seeded?');
  const rules = (await db.collection('rules').find({}).toArray()).map((rule) => ({
    id: String(rule._id), name: rule.name, event_type: rule.event_type, points: rule.points,
    conditions: rule.conditions ?? [], max_per_lead: rule.max_per_lead ?? null, active: rule.active,
  }) as ScoringRule);
  return { version: 0, rules, settings };
}

/**
 * How many entries the pending inbox still holds (events not yet folded, and recheck markers), or with
 * `{ any: true }` only whether it holds one. Polling uses the latter: a find with a limit stops at the first.
 */
export async function pendingEvents(mongoUri: string, options: { any?: boolean } = {}): Promise<number> {
  const client = await MongoClient.connect(mongoUri, MONGO_CLIENT_OPTIONS);
  try {
    const inbox = client.db().collection('pending_events');
    if (options.any) return (await inbox.findOne({}, { projection: { _id: 1 } })) ? 1 : 0;
    return await inbox.estimatedDocumentCount();
  } finally {
    await client.close();
  }
}

/**
 * Per partition, what its rollups count (leads/events) and what is stored (leads, and events out of the inbox), as
 * `p<k>:<counted>=<stored>`: where an analytics mismatch lies, for the verdict of a failed run.
 */
export async function analyticsByPartition(mongoUri: string, partitions: number): Promise<string> {
  const client = await MongoClient.connect(mongoUri, MONGO_CLIENT_OPTIONS);
  try {
    const db = client.db();
    const counted = await db.collection<{ partition: number; lead_count: number; events_total: number }>('analytics_rollups').find({ kind: 'leads' }).toArray();
    const pending = new Set((await db.collection('pending_events').find({ event: { $exists: true } }, { projection: { _id: 1 } }).toArray()).map((entry) => String(entry._id)));
    const stored = Array.from({ length: partitions }, () => ({ leads: 0, events: 0 }));
    for await (const lead of db.collection<{ _id: string }>('leads').find({}, { projection: { _id: 1 } })) stored[partitionFor(lead._id, partitions)].leads += 1;
    for await (const event of db.collection<{ event_id: string; lead_key: string }>('events').find({}, { projection: { event_id: 1, lead_key: 1 } })) {
      if (!pending.has(event.event_id)) stored[partitionFor(event.lead_key, partitions)].events += 1;
    }
    return stored.map(({ leads, events }, partition) => {
      const rollup = counted.find((document) => document.partition === partition);
      return `p${partition}:${rollup?.lead_count ?? 0}/${rollup?.events_total ?? 0}=${leads}/${events}`;
    }).join(',');
  } finally {
    await client.close();
  }
}

/** Stored events and leads against the in-order fold, the API, and the accepted event ids. */
export async function verify(target: VerifyTarget, accepted: ReadonlySet<string>, apiSample = 200): Promise<Verification> {
  const client = await MongoClient.connect(target.mongoUri, MONGO_CLIENT_OPTIONS);
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < 20) problems.push(text);
  };
  try {
    const db = client.db();
    const ruleset = await loadRuleset(client);
    const events = await db.collection<StoredEvent>('events')
      .find({}, { projection: { _id: 0, event_id: 1, lead_key: 1, event_type: 1, source: 1, timestamp: 1, metadata: 1 } })
      .toArray();
    const inbox = await db.collection<{ _id: string }>('pending_events').find({ event: { $exists: true } }, { projection: { _id: 1 } }).toArray();
    const stillPending = new Set(inbox.map((entry) => entry._id));
    const leads = await db.collection<StoredLead>('leads')
      .find({}, { projection: { _id: 1, lead_id: 1, email: 1, score: 1, stage: 1, event_count: 1 } })
      .toArray();

    const ids = new Map<string, number>();
    const byLead = new Map<string, ScoringEvent[]>();
    let scored = 0;
    for (const event of events) {
      ids.set(event.event_id, (ids.get(event.event_id) ?? 0) + 1);
      if (!stillPending.has(event.event_id)) scored += 1;
      const log = byLead.get(event.lead_key) ?? [];
      log.push({ event_id: event.event_id, event_type: event.event_type, source: event.source, timestamp: event.timestamp.toISOString(), metadata: event.metadata });
      byLead.set(event.lead_key, log);
    }
    const duplicatesStored = [...ids.values()].filter((n) => n > 1).length;
    if (duplicatesStored > 0) problem(`${duplicatesStored} event ids are stored more than once`);
    let lost = 0;
    for (const id of accepted) {
      if (!ids.has(id)) {
        lost += 1;
        problem(`accepted event ${id} is not stored`);
      }
    }

    const expected = new Map<string, { score: number; stage: string; event_count: number }>();
    for (const [leadKey, log] of byLead) {
      // Duplicated stored copies (if any) are kept in the log: the fold counts an event_id once, as the spec says.
      const { state } = foldEvents(initialLeadState(ruleset.settings), log, ruleset);
      expected.set(leadKey, { score: state.score, stage: state.stage, event_count: log.length });
    }
    let duplicatesCounted = 0;
    let leadMismatches = 0;
    const leadByKey = new Map(leads.map((lead) => [lead._id, lead]));
    for (const [leadKey, want] of expected) {
      const lead = leadByKey.get(leadKey);
      if (!lead) {
        leadMismatches += 1;
        problem(`lead ${leadKey} has ${want.event_count} stored events but no lead document`);
        continue;
      }
      duplicatesCounted += Math.max(0, lead.event_count - want.event_count);
      if (lead.score !== want.score || lead.stage !== want.stage || lead.event_count !== want.event_count) {
        leadMismatches += 1;
        problem(`lead ${leadKey}: stored ${lead.score}/${lead.stage}/${lead.event_count} events, fold ${want.score}/${want.stage}/${want.event_count}`);
      }
    }

    // The read API of every realtime gateway, on a sample of leads (all of them when there are few).
    let apiMismatches = 0;
    let apiChecked = 0;
    const sample = [...expected.keys()].filter((key) => leadByKey.has(key)).slice(0, apiSample);
    for (const leadKey of sample) {
      const lead = leadByKey.get(leadKey) as StoredLead;
      const want = expected.get(leadKey) as { score: number; stage: string; event_count: number };
      for (const url of target.realtimeUrls) {
        apiChecked += 1;
        try {
          const response = await fetch(`${url}/api/leads/${encodeURIComponent(lead.lead_id)}`, { headers: { authorization: `Bearer ${target.adminKey}` } });
          const body = (await response.json()) as { score: number; stage: string; event_count: number };
          if (response.status !== 200 || body.score !== want.score || body.stage !== want.stage || body.event_count !== want.event_count) {
            apiMismatches += 1;
            problem(`GET ${url}/api/leads/${lead.lead_id}: ${response.status} ${body.score}/${body.stage}/${body.event_count}, fold ${want.score}/${want.stage}/${want.event_count}`);
          }
        } catch (error) {
          apiMismatches += 1;
          problem(`GET ${url}/api/leads/${lead.lead_id}: ${(error as Error).message}`);
        }
      }
    }

    const pending = events.length - scored;
    if (pending > 0) problem(`${pending} stored events are not scored`);
    return {
      ok: lost === 0 && duplicatesStored === 0 && duplicatesCounted === 0 && leadMismatches === 0 && apiMismatches === 0 && pending === 0,
      stored: events.length, scored, pending, leads: leads.length, duplicatesStored, duplicatesCounted, lost, leadMismatches,
      apiMismatches, apiChecked, problems,
    };
  } finally {
    await client.close();
  }
}

/**
 * Polls until every stored event is scored and the verification holds, or `timeoutMs` passes; returns the last
 * verification either way (a failure carries its problems). Nothing is declared before the stores are complete.
 */
export async function waitAndVerify(
  target: VerifyTarget,
  accepted: ReadonlySet<string>,
  options: { timeoutMs: number; log?: (line: string) => void; apiSample?: number },
): Promise<Verification & { waitedMs: number }> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let lastReport = 0;
  for (;;) {
    const pending = await pendingEvents(target.mongoUri, { any: true }).catch(() => Number.NaN);
    if (pending === 0 || Date.now() > deadline) {
      const result = await verify(target, accepted, options.apiSample);
      // A lead can be written a moment after its events are marked scored: look again before failing.
      if (result.ok || Date.now() > deadline) return { ...result, waitedMs: Date.now() - started };
      await sleep(3000);
    } else if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      const left = await pendingEvents(target.mongoUri).catch(() => Number.NaN);
      options.log?.(`  waiting: ${left} events pending (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await sleep(1000);
  }
}
