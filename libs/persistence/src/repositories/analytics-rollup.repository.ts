import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import { Model } from 'mongoose';
import { ChangeFacts, LeadFacts, RollupTally, rollupIdsOf, rollupsAfter } from '../analytics-rollup.math';
import { mapConcurrently, writeInChunks } from '../bulk-writes';
import { closing } from '../query-cursor';
import { duplicateIndexesOf } from '../mongo-errors';
import { PERSISTENCE_OPTIONS, PersistenceOptions } from '../persistence.options';
import { RecentDocuments } from '../recent-documents';
import {
  ANALYTICS_ROLLUPS_COLLECTION,
  ActivityRollupDocument,
  AnalyticsRollupDocument,
  CompanyRollupDocument,
  LeadRollupDocument,
  ROLLUP_RECOUNTS_COLLECTION,
  RollupRecountDocument,
} from '../schemas/analytics-rollup.schema';
import { EVENTS_COLLECTION, EventDocument, PENDING_EVENTS_COLLECTION, PendingEntry } from '../schemas/event.schema';
import { LEADS_COLLECTION, LeadDocument } from '../schemas/lead.schema';

/**
 * What one scoring job did to one lead, as the analytics rollups count it: the lead's facts as saved before this
 * job (null: a new lead) and after it, and the events counted for the first time (they were still pending).
 */
export type LeadChange = ChangeFacts;

/**
 * The part of a lead's change that the rollups count, without the rest of the documents: a backlog job keeps it
 * until its last group of leads is written (see ScoreLeadsUseCase).
 */
export function leadChangeOf(before: LeadDocument | null, after: LeadDocument, newlyScored: Pick<EventDocument, 'event_type' | 'timestamp'>[]): LeadChange {
  const facts = ({ score, stage, company, event_count }: LeadDocument): LeadFacts => ({ score, stage, company, event_count });
  return { before: before && facts(before), after: facts(after), newly_scored: newlyScored.map(({ event_type, timestamp }) => ({ event_type, timestamp })) };
}

/** Rollup documents a worker keeps as it last wrote them: a partition's summary and companies, and its recent days. */
const ROLLUPS_REMEMBERED = 2000;
/** Writes of one job's rollups refused because another process wrote them meanwhile, before the job fails (to be retried). */
const CONFLICTING_WRITES_TOLERATED = 5;
/** How long a recount waits for the gateway's inbox writes in flight before it reads the inbox again. */
const IN_FLIGHT_WAIT_MS = 1000;
/** Leads' logs a recount reads at once. */
const LOG_READS_IN_FLIGHT = 4;

/** What the rollups count of a lead, and of an event. */
const LEAD_FACTS = { score: 1, stage: 1, company: 1, event_count: 1 };
const EVENT_FACTS = { event_id: 1, lead_key: 1, event_type: 1, timestamp: 1, _id: 0 };

/** A stored rollup document a job builds on, with its revision (null: stored without one, as a rebuild writes it). */
type StoredRollup = { document: AnalyticsRollupDocument; revision: string | null };

/** What a recount did: why it wrote nothing (deferred), or null when it was done. */
export type RecountResult = { deferred: string | null };

export interface RollupRebuildCounts {
  leads: number;
  events: number;
  documents: number;
}

/**
 * Precomputed analytics (per time bucket and event type, per company, per stage, per score band). Each scoring
 * partition owns its own rollup documents, so every document has a single writer even on FerretDB; readers sum
 * the partitions. Lead-level numbers move by `after - before` of each changed lead, event numbers count each
 * newly scored event once. A job that finds events it cannot tell were counted (an attempt died after saving
 * their leads, or an event reached the log without its inbox copy) marks its partition, which is then counted
 * again from its leads and events (`recount`); `rebuild` recomputes every partition.
 */
@Injectable()
export class AnalyticsRollupRepository {
  constructor(
    @InjectModel(ANALYTICS_ROLLUPS_COLLECTION) private readonly rollups: Model<AnalyticsRollupDocument>,
    @InjectModel(ROLLUP_RECOUNTS_COLLECTION) private readonly recounts: Model<RollupRecountDocument>,
    @InjectModel(LEADS_COLLECTION) private readonly leads: Model<LeadDocument>,
    @InjectModel(EVENTS_COLLECTION) private readonly events: Model<EventDocument>,
    @InjectModel(PENDING_EVENTS_COLLECTION) private readonly pending: Model<PendingEntry>,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  private readonly written = new RecentDocuments<AnalyticsRollupDocument>(ROLLUPS_REMEMBERED);

  private get rollupCollection(): Collection<AnalyticsRollupDocument & { revision?: string }> {
    return this.rollups.collection as unknown as Collection<AnalyticsRollupDocument & { revision?: string }>;
  }

  /**
   * Called by the partition's scoring job, its only writer, after the leads are saved: one bulk write of the
   * documents the changes move, built on this process's own last write of each (RecentDocuments), so a partition
   * that stays on one worker reads none of them back. Each write is conditional on the revision this process last
   * saw: a document another process wrote meanwhile (the partition moved to another worker, an older worker of a
   * rolling update, a rebuild) refuses it, and only that document is read again and rewritten.
   */
  async apply(partition: number, changes: LeadChange[]): Promise<void> {
    if (changes.length === 0) return;
    const ids = rollupIdsOf(partition, changes);
    let unwritten = new Set(ids);
    for (let attempt = 1; unwritten.size > 0; attempt++) {
      if (attempt > CONFLICTING_WRITES_TOLERATED) throw new Error(`the rollups of partition ${partition} were written by another process ${attempt - 1} times in a row`);
      const stored = await this.storedRollups(ids);
      const next = rollupsAfter(partition, changes, (id) => stored.get(id)?.document ?? null);
      unwritten = await this.replaceIfUnchanged(next.filter((document) => unwritten.has(document._id)), stored);
    }
  }

  /** The documents as this process last wrote them, or else as stored (one at a time: a backfill may name many days). */
  private async storedRollups(ids: string[]): Promise<Map<string, StoredRollup>> {
    const stored = new Map<string, StoredRollup>();
    for (const id of ids) {
      const known = this.written.get(id);
      if (known) {
        stored.set(id, known);
        continue;
      }
      const found = await this.rollups.findById(id).lean<AnalyticsRollupDocument & { revision?: string }>().exec();
      if (found) {
        const { revision, ...document } = found;
        stored.set(id, { document, revision: revision ?? null });
      }
    }
    return stored;
  }

  /**
   * Replaces each document if it still has the revision it had when read (or is still missing): returns the ids of
   * those another process wrote (or deleted) meanwhile. A missing document is inserted, and one written meanwhile
   * then refuses the insert as a duplicate key; a known one is replaced only at its revision, and when fewer matched
   * than were sent, their revisions tell which were written.
   */
  private async replaceIfUnchanged(
    documents: AnalyticsRollupDocument[],
    stored: Map<string, StoredRollup>,
  ): Promise<Set<string>> {
    const revision = randomUUID();
    const conflicts = new Set<string>();
    try {
      await writeInChunks(documents, this.options.updatesPerCommand, async (chunk) => {
        const writes = chunk.map((document) => {
          const seen = stored.get(document._id)?.revision ?? null;
          const filter = { _id: document._id, revision: seen ?? { $exists: false } };
          return { replaceOne: { filter, replacement: { ...document, revision }, upsert: seen === null } };
        });
        // As built (rollupsAfter), without Mongoose's casting, as a job's leads are written (LeadRepository.saveAll);
        // a unit test checks that a cast gives them back unchanged.
        const refused = await this.rollupCollection.bulkWrite(writes, { ordered: false }).then(
          (result) => result.matchedCount + result.upsertedCount < chunk.length,
          (error: unknown) => {
            const duplicates = duplicateIndexesOf(error);
            if (!duplicates) throw error;
            for (const index of duplicates) conflicts.add(chunk[index]._id);
            return true; // and maybe a known one too
          },
        );
        if (refused) for (const id of await this.notAtRevision(chunk.map((document) => document._id), revision)) conflicts.add(id);
      });
    } catch (error) {
      // Written or not: the next job reads them.
      for (const document of documents) this.written.forget(document._id);
      throw error;
    }
    for (const document of documents) {
      if (conflicts.has(document._id)) this.written.forget(document._id);
      else this.written.set(document._id, { document, revision });
    }
    return conflicts;
  }

  /** Of these documents, those not stored at `revision`. */
  private async notAtRevision(ids: string[], revision: string): Promise<string[]> {
    const found = await Promise.all(ids.map((id) => this.rollups.findById(id, { revision: 1 }).lean<{ revision?: string }>().exec()));
    return ids.filter((_, i) => found[i]?.revision !== revision);
  }

  /**
   * Marks the partition's rollups for a recount. A scoring job does so when it folds events it cannot tell were
   * counted or not (an attempt died after saving their leads, or an event reached the log without its inbox copy),
   * before it saves those leads: a crash after that still leaves the mark.
   */
  async markForRecount(partition: number): Promise<void> {
    await this.recounts.updateOne({ _id: partition }, { $set: { marked_at: new Date() } }, { upsert: true }).exec();
  }

  /**
   * After a change of the partition count: each partition's rollups hold the leads it had under the old count, so
   * every partition is marked for a recount (jobs then count each lead in its new partition), and the documents and
   * marks of partitions that no longer exist are dropped (no job would ever write or recount them). Until the
   * recounts are done, the sums are off by the leads that moved. Safe to run again.
   */
  async repartition(partitions: number): Promise<void> {
    const now = new Date();
    const all = Array.from({ length: partitions }, (_, partition) => partition);
    await writeInChunks(all, this.options.updatesPerCommand, (chunk) =>
      this.recounts.bulkWrite(chunk.map((partition) => ({ updateOne: { filter: { _id: partition }, update: { $set: { marked_at: now } }, upsert: true } })), { ordered: false }),
    );
    await this.rollups.deleteMany({ partition: { $gte: partitions } }).exec();
    await this.recounts.deleteMany({ _id: { $gte: partitions } }).exec();
  }

  /** The partitions marked for a recount. */
  async partitionsToRecount(): Promise<number[]> {
    const marks = await this.recounts.find({ marked_at: { $exists: true } }, { _id: 1 }).lean<Pick<RollupRecountDocument, '_id'>[]>().exec();
    return marks.map((mark) => mark._id);
  }

  /**
   * When the partition's rollups were last counted again (by `recount` or `rebuild`), if ever: more exactly, when that
   * count's read of the log ended, so that it counted no event received after this.
   */
  async recountedAt(partition: number): Promise<Date | null> {
    const found = await this.recounts.findById(partition, { recounted_at: 1 }).lean<Pick<RollupRecountDocument, 'recounted_at'>>().exec();
    return found?.recounted_at ?? null;
  }

  /**
   * Counts one partition's rollups again from its leads and their scored events (a scan of the leads, and a read
   * of each of the partition's leads' logs), writes them and clears the mark. Run by the partition's scoring job
   * after its own writes, so that the documents keep their single writer and the partition's inbox holds exactly
   * its unscored events.
   *
   * Returns why it was deferred, having written nothing, when some lead has more scored events (in the log, not in
   * the inbox) than its fold holds: events are on their way between the log and the inbox (a gateway's write in
   * flight, a re-send's marker not yet settled, a copy a fold held back), and which of them are counted cannot be
   * told yet. The mark stays, and a later job tries again.
   *
   * What it cannot see: an event a re-fold took from the log while its copy was on its way, and whose copy is still
   * on its way, is held by its lead and counted here as scored; its copy then has it counted again. So the time of
   * the recount is kept (`recountedAt`), and the job that folds such a copy has the partition counted again.
   */
  async recount(partition: number, partitionOf: (leadKey: string) => number): Promise<RecountResult> {
    const tally = new RollupTally();
    tally.addPartition(partition);
    const folded = new Map<string, number>();
    for await (const lead of closing(this.leads.find({}, LEAD_FACTS).lean<LeadDocument>().cursor())) {
      if (partitionOf(lead._id) !== partition) continue;
      tally.addLead(partition, lead);
      folded.set(lead._id, lead.event_count);
    }
    // Only the logs of the partition's leads: an event of a lead never saved has not been scored (its copy is on
    // its way, or a re-send's marker waits), so it is not counted yet. One equality query per lead (the log's
    // lead_key index), a few in flight, instead of a scan of every partition's events.
    const logs = await mapConcurrently([...folded.keys()], LOG_READS_IN_FLIGHT, (leadKey) =>
      this.events.find({ lead_key: leadKey }, EVENT_FACTS).lean<Pick<EventDocument, 'event_id' | 'lead_key' | 'event_type' | 'timestamp'>[]>().exec(),
    );
    const logged = logs.flat();
    // Every event it can count was received before this.
    const logRead = new Date();
    // Read after the log: an event found there whose copy reached the inbox meanwhile is pending. One whose copy
    // was still on its way makes its lead look as if it held an event it does not: the inbox is read once more after
    // a moment, in which the gateway's write in flight is done.
    let found = await this.scoredIfConsistent(logged, folded);
    if ('deferred' in found) {
      await sleep(IN_FLIGHT_WAIT_MS);
      found = await this.scoredIfConsistent(logged, folded);
    }
    if ('deferred' in found) return found;
    for (const event of found.scored) tally.addEvent(partition, event);
    const documents = tally.documents(new Date());
    const revision = randomUUID();
    await writeInChunks(documents, this.options.updatesPerCommand, (chunk) =>
      this.rollups.bulkWrite(chunk.map((document) => ({ replaceOne: { filter: { _id: document._id }, replacement: { ...document, revision }, upsert: true } })), { ordered: false }),
    );
    for (const document of documents) this.written.set(document._id, { document, revision });
    // Days that only double counting had filled, and the one company document of an earlier version.
    const wanted = new Set(documents.map((document) => document._id));
    const stored = await this.rollups.find({ partition }, { _id: 1 }).lean<{ _id: string }[]>().exec();
    const obsolete = stored.map(({ _id }) => _id).filter((id) => !wanted.has(id));
    if (obsolete.length > 0) {
      await this.rollups.deleteMany({ _id: { $in: obsolete } }).exec();
      for (const id of obsolete) this.written.forget(id);
    }
    await this.recounts.updateOne({ _id: partition }, { $set: { recounted_at: logRead }, $unset: { marked_at: '' } }, { upsert: true }).exec();
    return { deferred: null };
  }

  /**
   * Of these logged events, the scored ones (not in the inbox), provided that no lead has more of them than its fold
   * holds (`folded`); why not otherwise. A lead may hold more: a re-fold read an event from the log before its copy
   * reached the inbox, and the copy's job counts it; the scored events are what the rollups count until then.
   */
  private async scoredIfConsistent<E extends Pick<EventDocument, 'event_id' | 'lead_key'>>(logged: E[], folded: Map<string, number>): Promise<{ scored: E[] } | { deferred: string }> {
    const pending = await this.pendingEventIds();
    const scored = logged.filter((event) => !pending.has(event.event_id));
    const scoredOf = new Map<string, number>();
    for (const event of scored) scoredOf.set(event.lead_key, (scoredOf.get(event.lead_key) ?? 0) + 1);
    for (const leadKey of new Set([...folded.keys(), ...scoredOf.keys()])) {
      const [inLog, inFold] = [scoredOf.get(leadKey) ?? 0, folded.get(leadKey) ?? 0];
      if (inLog > inFold) return { deferred: `lead ${leadKey} has ${inLog} scored events in the log and ${inFold} in its fold` };
    }
    return { scored };
  }

  /** The ids of the events in the pending inbox (recheck markers apart: their events are in the log). */
  private async pendingEventIds(): Promise<Set<string>> {
    const entries = await this.pending.find({ event: { $exists: true } }, { _id: 1 }).lean<Pick<PendingEntry, '_id'>[]>().exec();
    return new Set(entries.map((entry) => entry._id));
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
    const tally = new RollupTally();
    let leads = 0;
    let events = 0;
    for await (const lead of closing(this.leads.find({}, LEAD_FACTS).lean<LeadDocument>().cursor())) {
      tally.addLead(partitionOf(lead._id), lead);
      leads += 1;
    }
    // Scored: every stored event but those still in the pending inbox (a small collection, read whole).
    const pending = await this.pendingEventIds();
    for await (const event of closing(this.events.find({}, EVENT_FACTS).lean<EventDocument>().cursor())) {
      if (pending.has(event.event_id)) continue;
      tally.addEvent(partitionOf(event.lead_key), event);
      events += 1;
    }
    const recountedAt = new Date();
    const documents = tally.documents(new Date());
    // Replace in place, then drop what no longer exists: readers never see an empty collection half-way.
    for (let i = 0; i < documents.length; i += 500) {
      const chunk = documents.slice(i, i + 500);
      await this.rollups.bulkWrite(chunk.map((document) => ({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } })), { ordered: true });
    }
    const wanted = new Set(documents.map((document) => document._id));
    const existing = await this.rollups.find({}, { _id: 1 }).lean<{ _id: string }[]>().exec();
    const stale = existing.map(({ _id }) => _id).filter((id) => !wanted.has(id));
    for (let i = 0; i < stale.length; i += 500) await this.rollups.deleteMany({ _id: { $in: stale.slice(i, i + 500) } }).exec();
    // Every partition was counted again, with the events received before its read of the log ended.
    const partitions = [...new Set(documents.map((document) => document.partition))];
    await writeInChunks(partitions, this.options.updatesPerCommand, (chunk) =>
      this.recounts.bulkWrite(chunk.map((partition) => ({ updateOne: { filter: { _id: partition }, update: { $set: { recounted_at: recountedAt } }, upsert: true } })), { ordered: false }),
    );
    await this.recounts.updateMany({}, { $unset: { marked_at: '' } }).exec();
    return { leads, events, documents: documents.length };
  }
}
