import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import {
  applyActivity,
  applyEvent,
  applyLead,
  companyRollupId,
  dayOf,
  emptyActivityRollup,
  emptyLeadRollup,
  leadRollupId,
  splitLeadRollup,
} from '../analytics-rollup.math';
import {
  ANALYTICS_ROLLUPS_COLLECTION,
  ActivityRollupDocument,
  AnalyticsRollupDocument,
  CompanyRollupDocument,
  LeadRollupDocument,
} from '../schemas/analytics-rollup.schema';
import { EVENTS_COLLECTION, EventDocument, PENDING_EVENTS_COLLECTION, PendingEntry } from '../schemas/event.schema';
import { LEADS_COLLECTION, LeadDocument } from '../schemas/lead.schema';

/** What one scoring job did to one lead: the input of the analytics rollups. */
export interface LeadChange {
  /** The lead as saved before this job (null: new lead). */
  before: LeadDocument | null;
  after: LeadDocument;
  /** Events counted for the first time (they were still pending before this job). */
  newly_scored: EventDocument[];
}

export interface RollupRebuildCounts {
  leads: number;
  events: number;
  documents: number;
}

/**
 * Precomputed analytics (per time bucket and event type, per company, per stage, per score band). Each scoring
 * partition owns its own rollup documents, so every document has a single writer even on FerretDB; readers sum
 * the partitions. Lead-level numbers move by `after - before` of each changed lead, event numbers count each
 * newly scored event once. A job that crashes after this write and runs again may count its events twice (the
 * documented limit); `rebuild` recomputes everything from the leads and the scored events.
 */
@Injectable()
export class AnalyticsRollupRepository {
  constructor(
    @InjectModel(ANALYTICS_ROLLUPS_COLLECTION) private readonly rollups: Model<AnalyticsRollupDocument>,
    @InjectModel(LEADS_COLLECTION) private readonly leads: Model<LeadDocument>,
    @InjectModel(EVENTS_COLLECTION) private readonly events: Model<EventDocument>,
    @InjectModel(PENDING_EVENTS_COLLECTION) private readonly pending: Model<PendingEntry>,
  ) {}

  /** Called by the partition's scoring job, its only writer, after the leads are saved. */
  async apply(partition: number, changes: LeadChange[]): Promise<void> {
    if (changes.length === 0) return;
    const [stored, storedCompanies] = await Promise.all([
      this.rollups.findById(leadRollupId(partition)).lean<LeadRollupDocument>().exec(),
      this.rollups.findById(companyRollupId(partition)).lean<CompanyRollupDocument>().exec(),
    ]);
    const summary = { ...(stored ?? emptyLeadRollup(partition)), companies: storedCompanies?.companies ?? [] };
    const days = new Map<string, EventDocument[]>();
    for (const { before, after, newly_scored } of changes) {
      if (before) applyLead(summary, before, -1);
      applyLead(summary, after, 1);
      for (const event of newly_scored) {
        applyEvent(summary, event);
        const day = dayOf(event.timestamp);
        days.set(day, [...(days.get(day) ?? []), event]);
      }
    }
    // One day at a time: live traffic touches one or two days per job, and a backfill should not hold a
    // connection per day of a shared MongoDB-protocol server.
    for (const [day, events] of days) {
      const id = `p${partition}|day|${day}`;
      const rollup = (await this.rollups.findById(id).lean<ActivityRollupDocument>().exec()) ?? emptyActivityRollup(partition, day);
      for (const event of events) applyActivity(rollup, event);
      await this.rollups.replaceOne({ _id: id }, rollup, { upsert: true }).exec();
    }
    summary.updated_at = new Date();
    const [leads, companies] = splitLeadRollup(summary);
    await Promise.all([
      this.rollups.replaceOne({ _id: companies._id }, companies, { upsert: true }).exec(),
      this.rollups.replaceOne({ _id: leads._id }, leads, { upsert: true }).exec(),
    ]);
  }

  /** Every partition's lead-level rollup (one document per partition that ever scored a lead). */
  leadRollups(): Promise<LeadRollupDocument[]> {
    return this.rollups.find({ kind: 'leads' }).lean<LeadRollupDocument[]>().exec();
  }

  /** The activity days of some months (`YYYY-MM`), every partition: one equality query per month. */
  async activityOfMonths(months: string[]): Promise<ActivityRollupDocument[]> {
    const pages = await Promise.all(months.map((month) => this.rollups.find({ kind: 'activity', month }).lean<ActivityRollupDocument[]>().exec()));
    return pages.flat();
  }

  /** Every partition's companies. */
  companyRollups(): Promise<CompanyRollupDocument[]> {
    return this.rollups.find({ kind: 'companies' }).lean<CompanyRollupDocument[]>().exec();
  }

  /** The activity of some days (`YYYY-MM-DD`), every partition (the summary's last 24 hours). */
  async activityOfDays(days: string[]): Promise<ActivityRollupDocument[]> {
    const pages = await Promise.all(days.map((day) => this.rollups.find({ kind: 'activity', day }).lean<ActivityRollupDocument[]>().exec()));
    return pages.flat();
  }

  /**
   * Recomputes every rollup from the leads and the scored events (a scan of both: maintenance, not a read path).
   * It writes the partitions' documents, so it must run while no scoring job does (the caller checks the queues).
   */
  async rebuild(partitionOf: (leadKey: string) => number): Promise<RollupRebuildCounts> {
    const summaries = new Map<number, LeadRollupDocument>();
    const days = new Map<string, ActivityRollupDocument>();
    const summaryOf = (partition: number) => {
      let summary = summaries.get(partition);
      if (!summary) summaries.set(partition, (summary = emptyLeadRollup(partition)));
      return summary;
    };
    let leads = 0;
    let events = 0;
    for await (const lead of this.leads.find({}, { score: 1, stage: 1, company: 1, event_count: 1 }).lean<LeadDocument>().cursor()) {
      applyLead(summaryOf(partitionOf(lead._id)), lead, 1);
      leads += 1;
    }
    // Scored: every stored event but those still in the pending inbox (a small collection, read whole).
    const pendingEntries = await this.pending.find({ event: { $exists: true } }, { _id: 1 }).lean<Pick<PendingEntry, '_id'>[]>().exec();
    const pending = new Set(pendingEntries.map((entry) => entry._id));
    for await (const event of this.events.find({}, { event_id: 1, lead_key: 1, event_type: 1, timestamp: 1, _id: 0 }).lean<EventDocument>().cursor()) {
      if (pending.has(event.event_id)) continue;
      const partition = partitionOf(event.lead_key);
      applyEvent(summaryOf(partition), event);
      const day = dayOf(event.timestamp);
      const id = `p${partition}|day|${day}`;
      let rollup = days.get(id);
      if (!rollup) days.set(id, (rollup = emptyActivityRollup(partition, day)));
      applyActivity(rollup, event);
      events += 1;
    }
    const now = new Date();
    const documents: AnalyticsRollupDocument[] = [...[...summaries.values()].flatMap((summary) => splitLeadRollup({ ...summary, updated_at: now })), ...days.values()];
    // Replace in place, then drop what no longer exists: readers never see an empty collection half-way.
    for (let i = 0; i < documents.length; i += 500) {
      const chunk = documents.slice(i, i + 500);
      await this.rollups.bulkWrite(chunk.map((document) => ({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } })), { ordered: true });
    }
    const wanted = new Set(documents.map((document) => document._id));
    const existing = await this.rollups.find({}, { _id: 1 }).lean<{ _id: string }[]>().exec();
    const stale = existing.map(({ _id }) => _id).filter((id) => !wanted.has(id));
    for (let i = 0; i < stale.length; i += 500) await this.rollups.deleteMany({ _id: { $in: stale.slice(i, i + 500) } }).exec();
    return { leads, events, documents: documents.length };
  }
}
