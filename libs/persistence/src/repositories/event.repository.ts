import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { duplicateIndexesOf } from '../mongo-errors';
import { EVENTS_COLLECTION, EventDocument } from '../schemas/event.schema';

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

  /**
   * Marks a lead's pending events received up to `receivedUpTo` as scored, in one statement: the reconciler then
   * leaves them alone. Events received later keep their mark (their own job scores them).
   */
  async markScored(leadKey: string, receivedUpTo: Date): Promise<void> {
    await this.events.updateMany({ lead_key: leadKey, state: 'pending', received_at: { $lte: receivedUpTo } }, { $set: { state: 'scored' } }).exec();
  }

  /** Events accepted before `olderThan` and still not scored: their queue job was lost or never written. */
  findStalePending(olderThan: Date, limit: number): Promise<Pick<EventDocument, 'event_id' | 'lead_key'>[]> {
    return this.events
      .find({ state: 'pending', received_at: { $lt: olderThan } }, { event_id: 1, lead_key: 1, _id: 0 })
      .limit(limit)
      .lean<Pick<EventDocument, 'event_id' | 'lead_key'>[]>()
      .exec();
  }
}
