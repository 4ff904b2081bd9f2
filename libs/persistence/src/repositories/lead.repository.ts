import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { BreakdownItem, LeadDetail, LeadEventView, LeadView, ScoringRule } from '@lead-scoring/contracts';
import { EventDocument } from '../schemas/event.schema';
import { ALL_EVENT_TYPES, LEADS_COLLECTION, LeadDocument } from '../schemas/lead.schema';
import { LEAD_ALIASES_COLLECTION, LeadAliasDocument } from '../schemas/lead-alias.schema';
import { leadKeyForEmail } from '../lead-identity';
import { reuseCostlyRead } from '../reuse-costly-read';
import { mapConcurrently, writeInChunks } from '../bulk-writes';
import { closing } from '../query-cursor';
import { duplicateIndexesOf } from '../mongo-errors';
import { PERSISTENCE_OPTIONS, PersistenceOptions } from '../persistence.options';

/** Reads of one job's leads in flight at once: by _id, the one lookup every MongoDB-protocol server serves by index. */
const LEAD_READS_IN_FLIGHT = 8;

/** What tells whether a lead is folded under the current ruleset. */
export type FoldInputs = Pick<LeadDocument, '_id' | 'event_types' | 'rules_digest'>;

@Injectable()
export class LeadRepository {
  constructor(
    @InjectModel(LEADS_COLLECTION) private readonly leads: Model<LeadDocument>,
    @InjectModel(LEAD_ALIASES_COLLECTION) private readonly aliases: Model<LeadAliasDocument>,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  findByKey(leadKey: string): Promise<LeadDocument | null> {
    return this.leads.findById(leadKey).lean<LeadDocument>().exec();
  }

  /** Finds a lead by its public id (`ld_...`), its email, or an external id it holds. */
  async findByAnyId(id: string): Promise<LeadDocument | null> {
    // No stored id holds NUL (ingestion refuses it), and FerretDB fails a query that compares with one.
    if (id.includes('\u0000')) return null;
    if (id.startsWith('ld_')) {
      const byPublicId = await this.leads.findOne({ lead_id: id }).lean<LeadDocument>().exec();
      if (byPublicId) return byPublicId;
    }
    // The same normalisation as ingestion: any spelling of the address (case, NFD, punycode) finds the lead.
    if (id.includes('@')) return this.findByKey(leadKeyForEmail(id));
    const alias = await this.aliases.findById(id).lean<LeadAliasDocument>().exec();
    return alias ? this.findByKey(alias.lead_key) : null;
  }

  /** Leads by public id, in the order asked, skipping unknown ids: one indexed equality lookup each. */
  async findByPublicIds(ids: string[]): Promise<LeadDocument[]> {
    const leads = await Promise.all(ids.map((id) => this.leads.findOne({ lead_id: id }).lean<LeadDocument>().exec()));
    return leads.filter((lead): lead is LeadDocument => lead !== null);
  }

  /** The leads marked as folded under the previous ruleset by a live event (LeadDocument.behind): few, so at once. */
  foldInputsBehind(): Promise<FoldInputs[]> {
    return this.leads.find({ behind: true }, { _id: 1, event_types: 1, rules_digest: 1 }).lean<FoldInputs[]>().exec();
  }

  /**
   * What a recompute needs to tell which leads a ruleset change touches, in pages: every lead (a scan), or with
   * `eventTypes` only the leads with events of those types (an indexed equality lookup per type), or with too many
   * types to list.
   */
  async *foldInputsInPages(eventTypes?: string[], pageSize = 1000): AsyncGenerator<FoldInputs[]> {
    // A lead with too many types to list counts as having every type.
    const filters = eventTypes ? [...eventTypes, ALL_EVENT_TYPES].map((type) => ({ event_types: type })) : [{}];
    const seen = new Set<string>(); // a lead with several of the types is found once per type
    let page: FoldInputs[] = [];
    for (const filter of filters) {
      // A page per round trip: the caller can pause between them, and no reply holds every lead.
      for await (const lead of closing(this.leads.find(filter, { _id: 1, event_types: 1, rules_digest: 1 }).batchSize(pageSize).lean<FoldInputs>().cursor())) {
        if (eventTypes && seen.has(lead._id)) continue;
        if (eventTypes) seen.add(lead._id);
        page.push(lead);
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
    }
    if (page.length > 0) yield page;
  }

  /** Every lead, in pages (a scan: used to rebuild the leaderboard). */
  async *allInPages(pageSize = 1000): AsyncGenerator<LeadDocument[]> {
    let page: LeadDocument[] = [];
    for await (const lead of closing(this.leads.find({}).lean<LeadDocument>().cursor())) {
      page.push(lead);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  async count(): Promise<number> {
    return this.leads.countDocuments({}).exec();
  }

  /**
   * How many leads are scored with ruleset `version`, out of how many. A recompute asks every second, and so does
   * the dashboard while one runs, but on FerretDB each count decodes every lead (the two took 5-7 s at 20,000
   * leads): callers in this process share one count, reused for four times as long as it took.
   */
  readonly versionProgress = reuseCostlyRead(async (version: number): Promise<{ processed: number; total: number }> => {
    const [processed, total] = await Promise.all([this.leads.countDocuments({ ruleset_version: version }).exec(), this.leads.countDocuments({}).exec()]);
    return { processed, total };
  });

  /** The saved documents of these leads, in the order given (null for a lead never saved). */
  findByKeys(leadKeys: string[]): Promise<(LeadDocument | null)[]> {
    return mapConcurrently(leadKeys, LEAD_READS_IN_FLIGHT, (leadKey) => this.findByKey(leadKey));
  }

  /**
   * Whole-document writes, as bulk commands (see bulk-writes.ts): a lead's partition is its only writer, so there
   * is nothing to merge with. Each replaces the lead only as it was read (`before`, told by its `saved_by`), and
   * throws if one was saved meanwhile: two attempts of one job can run at once (BullMQ runs a job again once its
   * lock has expired, even if its first worker is still at it), and both would fold and count the same events from
   * the same saved leads. The attempt that saves second stops before it counts anything; some of its leads may be
   * saved, under its own token, which has the job's next attempt check the counts (ScoreLeadsUseCase).
   *
   * A lead read as never saved is inserted, not upserted: the same refusal (a lead saved meanwhile is a duplicate
   * key), but a batched insert rather than an update per lead, which FerretDB runs as a failed update and an insert.
   */
  async saveAll(changes: { before: LeadDocument | null; after: LeadDocument }[]): Promise<void> {
    const created = changes.filter(({ before }) => before === null).map(({ after }) => after);
    const replaced = changes.filter((change): change is { before: LeadDocument; after: LeadDocument } => change.before !== null);
    await Promise.all([this.insertNew(created), this.replaceAsRead(replaced)]);
  }

  // Both write the documents as the worker built them (buildLeadDocument), without Mongoose's casting into a
  // document and validating it: about a sixth of the worker's busy CPU at 300 events/s, for documents that need
  // neither (a unit test of the worker checks that a cast gives them back unchanged).

  private async insertNew(leads: LeadDocument[]): Promise<void> {
    if (leads.length === 0) return;
    // One insert command holds one connection, however many leads (unlike an update command: bulk-writes.ts), so
    // it runs beside the limit on bulk commands.
    await this.leads.insertMany(leads, { ordered: false, lean: true }).catch((error: unknown) => {
      const refused = duplicateIndexesOf(error);
      if (refused) throw savedMeanwhile([...refused].map((i) => leads[i]._id));
      throw error;
    });
  }

  private async replaceAsRead(changes: { before: LeadDocument; after: LeadDocument }[]): Promise<void> {
    await writeInChunks(changes, this.options.updatesPerCommand, async (chunk) => {
      const writes = chunk.map(({ before, after }) => ({
        replaceOne: { filter: { _id: after._id, saved_by: before.saved_by ?? { $exists: false } }, replacement: after },
      }));
      const result = await (this.leads.collection as unknown as Collection<LeadDocument>).bulkWrite(writes, { ordered: false });
      if (result.matchedCount < chunk.length) throw savedMeanwhile([]);
    });
  }
}

function savedMeanwhile(leadKeys: string[]): Error {
  const which = leadKeys.length > 0 ? ` (${leadKeys.join(', ')})` : '';
  return new Error(`leads were saved by another attempt since this one read them${which}`);
}

export function toLeadView(lead: LeadDocument): LeadView {
  return {
    lead_id: lead.lead_id,
    email: lead.email,
    name: lead.name,
    company: lead.company,
    score: lead.score,
    stage: lead.stage,
    fit_score: lead.fit_score ?? 0,
    grade: lead.grade ?? '',
    event_count: lead.event_count,
    first_event_at: lead.first_event_at?.toISOString() ?? null,
    last_event_at: lead.last_event_at?.toISOString() ?? null,
    ruleset_version: lead.ruleset_version,
    updated_at: lead.updated_at.toISOString(),
  };
}

/**
 * The lead with the points each rule gave it: the engagement rules' tallies, and the fit rules that hold on its
 * traits now (each once, with its points). Rules since deleted keep their id as name.
 */
export function toLeadDetail(lead: LeadDocument, rules: ScoringRule[]): LeadDetail {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const engagement: BreakdownItem[] = lead.rule_tallies.map((tally) => ({ rule_id: tally.rule_id, kind: 'engagement', name: byId.get(tally.rule_id)?.name ?? tally.rule_id, count: tally.count, points: tally.points }));
  const fit: BreakdownItem[] = (lead.fit_rule_ids ?? []).map((id) => ({ rule_id: id, kind: 'fit', name: byId.get(id)?.name ?? id, count: 1, points: byId.get(id)?.points ?? 0 }));
  const breakdown = [...engagement, ...fit].sort((a, b) => a.kind.localeCompare(b.kind) || b.points - a.points || a.rule_id.localeCompare(b.rule_id));
  return { ...toLeadView(lead), breakdown, traits: lead.traits ?? {} };
}

export function toLeadEventView(event: EventDocument, scored: boolean): LeadEventView {
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    source: event.source,
    timestamp: event.timestamp.toISOString(),
    received_at: event.received_at.toISOString(),
    metadata: event.metadata,
    scored,
  };
}
