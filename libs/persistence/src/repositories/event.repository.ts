import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { mapConcurrently, writeInChunks } from '../bulk-writes';
import { duplicateIndexesOf } from '../mongo-errors';
import { PERSISTENCE_OPTIONS, PersistenceOptions } from '../persistence.options';
import { EVENTS_COLLECTION, EventDocument } from '../schemas/event.schema';
import { EventPosition, TIMELINE_ORDER, timelinePageFilter, toPage } from './timeline-page';

/** Lookups of named leads' pending events in flight at once. */
const PENDING_READS_IN_FLIGHT = 8;

/** What became of each document of an insert, in the order given. */
export type InsertStatus = 'inserted' | 'duplicate';

@Injectable()
export class EventRepository {
  constructor(
    @InjectModel(EVENTS_COLLECTION) private readonly events: Model<EventDocument>,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
  ) {}

  /**
   * Stores events in one unordered insert, skipping those whose key is already stored (by an earlier call, or
   * by an earlier copy in this one). Any other failure is thrown: the caller must then not promise durability.
   */
  async insertNew(documents: EventDocument[]): Promise<InsertStatus[]> {
    if (documents.length === 0) return [];
    try {
      await this.events.insertMany(documents, { ordered: false, lean: true });
      return documents.map(() => 'inserted');
    } catch (error) {
      const duplicateIndexes = duplicateIndexesOf(error);
      if (!duplicateIndexes) throw error;
      return documents.map((_, i) => (duplicateIndexes.has(i) ? 'duplicate' : 'inserted'));
    }
  }

  // Top-level equality filters only: FerretDB pushes those down to its backend, anything else scans.
  findAllForLead(leadKey: string): Promise<EventDocument[]> {
    return this.events.find({ lead_key: leadKey }).lean<EventDocument[]>().exec();
  }

  /** The lead's events not yet folded into it: usually a handful, whatever the length of its log. */
  findPendingForLead(leadKey: string): Promise<EventDocument[]> {
    return this.events.find({ lead_key: leadKey, state: 'pending' }).lean<EventDocument[]>().exec();
  }

  /**
   * The pending events of these leads: one indexed equality lookup each (by lead_key and state), a few at a time.
   * Used for named leads (a recompute, the reconciler), which are few per job; a partition's backlog is one query.
   */
  async findPendingForLeads(leadKeys: string[]): Promise<EventDocument[]> {
    return (await mapConcurrently(leadKeys, PENDING_READS_IN_FLIGHT, (leadKey) => this.findPendingForLead(leadKey))).flat();
  }

  /** Up to `limit` pending events of a scoring partition: its backlog, in one query. */
  findPendingInPartition(partition: number, limit: number): Promise<EventDocument[]> {
    return this.events.find({ partition, state: 'pending' }).limit(limit).lean<EventDocument[]>().exec();
  }

  /**
   * Marks these events as scored: the reconciler then leaves them alone. Only the events named: one stored after
   * the caller read the log must stay pending for its own job. One statement per lead, narrowed by its lead_key
   * (an indexed equality on every server, so each checks the $in on that lead's pending events only, whatever
   * the backlog), sent as bulk commands of MONGO_UPDATES_PER_COMMAND statements (see bulk-writes.ts).
   */
  async markScored(eventIdsByLead: Map<string, string[]>): Promise<void> {
    const statements = [...eventIdsByLead].filter(([, ids]) => ids.length > 0);
    await writeInChunks(statements, this.options.updatesPerCommand, (chunk) =>
      this.events.bulkWrite(
        chunk.map(([leadKey, ids]) => ({ updateMany: { filter: { lead_key: leadKey, state: 'pending', event_id: { $in: ids } }, update: { $set: { state: 'scored' } } } })),
        { ordered: false },
      ),
    );
  }

  /** Events accepted before `olderThan` and still not scored: their queue job was lost or never written. */
  findStalePending(olderThan: Date, limit: number): Promise<Pick<EventDocument, 'event_id' | 'lead_key'>[]> {
    return this.events
      .find({ state: 'pending', received_at: { $lt: olderThan } }, { event_id: 1, lead_key: 1, _id: 0 })
      .limit(limit)
      .lean<Pick<EventDocument, 'event_id' | 'lead_key'>[]>()
      .exec();
  }

  /** A page of the lead's stored events in (timestamp, event_id) order after `after`: limit + 1 rows read, no more. */
  async pageForLead(leadKey: string, after: EventPosition | null, limit: number): Promise<{ items: EventDocument[]; more: boolean }> {
    const rows = await this.events.find(timelinePageFilter(leadKey, after)).sort(TIMELINE_ORDER).limit(limit + 1).lean<EventDocument[]>().exec();
    return toPage(rows, limit);
  }
}
