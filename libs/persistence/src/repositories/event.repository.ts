import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { duplicateIndexesOf } from '../mongo-errors';
import { EVENTS_COLLECTION, EventDocument } from '../schemas/event.schema';
import { EventPosition, isAfter } from './score-history.repository';

export interface InsertOutcome {
  /** event_ids stored by this call. */
  inserted: string[];
  /** event_ids that were already stored (by this call's own copies or by earlier ones). */
  duplicates: string[];
}

@Injectable()
export class EventRepository {
  constructor(@InjectModel(EVENTS_COLLECTION) private readonly events: Model<EventDocument>) {}

  /**
   * Stores events, skipping those whose key is already stored. Unordered, so one duplicate does not stop the
   * rest; any other failure is thrown (the caller must then not promise durability).
   */
  async insertNew(documents: EventDocument[]): Promise<InsertOutcome> {
    if (documents.length === 0) return { inserted: [], duplicates: [] };
    try {
      await this.events.insertMany(documents, { ordered: false, lean: true });
      return { inserted: documents.map((doc) => doc.event_id), duplicates: [] };
    } catch (error) {
      const duplicateIndexes = duplicateIndexesOf(error);
      if (!duplicateIndexes) throw error;
      return {
        inserted: documents.filter((_, i) => !duplicateIndexes.has(i)).map((doc) => doc.event_id),
        duplicates: documents.filter((_, i) => duplicateIndexes.has(i)).map((doc) => doc.event_id),
      };
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
   * Marks these events of a lead as scored, in one statement: the reconciler then leaves them alone. Only the
   * events named: one stored after the caller read the log must stay pending for its own job.
   */
  async markScored(leadKey: string, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    // lead_key and state narrow the scan on FerretDB (pushed down); $in is then checked on those few documents.
    await this.events.updateMany({ lead_key: leadKey, state: 'pending', event_id: { $in: eventIds } }, { $set: { state: 'scored' } }).exec();
  }

  /** Events accepted before `olderThan` and still not scored: their queue job was lost or never written. */
  findStalePending(olderThan: Date, limit: number): Promise<Pick<EventDocument, 'event_id' | 'lead_key'>[]> {
    return this.events
      .find({ state: 'pending', received_at: { $lt: olderThan } }, { event_id: 1, lead_key: 1, _id: 0 })
      .limit(limit)
      .lean<Pick<EventDocument, 'event_id' | 'lead_key'>[]>()
      .exec();
  }

  /**
   * A page of the lead's stored events in (timestamp, event_id) order after `after`. One top-level equality
   * filter on lead_key (its index), ordered here: the page of one lead, never a scan of all events.
   */
  async pageForLead(leadKey: string, after: EventPosition | null, limit: number): Promise<{ items: EventDocument[]; more: boolean }> {
    const all = (await this.findAllForLead(leadKey))
      .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0))
      .filter((event) => !after || isAfter({ timestamp: event.timestamp.toISOString(), event_id: event.event_id }, after));
    return { items: all.slice(0, limit), more: all.length > limit };
  }
}
