import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DeliveryAttempt, DeliveryStatus } from '@lead-scoring/contracts';
import { duplicateIndexesOf } from '../mongo-errors';
import { DELIVERIES_COLLECTION, DeliveryDocument } from '../schemas/trigger.schema';

/** A page of deliveries, newest first; the cursor is the last item's (created_at, _id). */
export interface DeliveryPage {
  items: DeliveryDocument[];
  next: { created_at: Date; id: string } | null;
}

/** Deliveries read at most for one page or one lead: a person reads them, and FerretDB sorts in memory. */
const SCAN_LIMIT = 5000;

@Injectable()
export class DeliveryRepository {
  constructor(@InjectModel(DELIVERIES_COLLECTION) private readonly deliveries: Model<DeliveryDocument>) {}

  /**
   * Records firings. A firing recorded before keeps its record (duplicate key): it is never delivered twice, and
   * a suppressed one is never turned into a sent one by a later fold. Returns the ids this call inserted.
   */
  async record(documents: DeliveryDocument[]): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    try {
      await this.deliveries.insertMany(documents, { ordered: false, lean: true });
      return new Set(documents.map((document) => document._id));
    } catch (error) {
      const duplicates = duplicateIndexesOf(error);
      if (!duplicates) throw error;
      return new Set(documents.filter((_, i) => !duplicates.has(i)).map((document) => document._id));
    }
  }

  async find(id: string): Promise<DeliveryDocument | null> {
    return this.deliveries.findById(id).lean<DeliveryDocument>().exec();
  }

  async pageForTrigger(triggerId: string, status: DeliveryStatus | null, after: { created_at: Date; id: string } | null, limit: number): Promise<DeliveryPage> {
    const filter: Record<string, unknown> = { trigger_id: triggerId, ...(status ? { status } : {}) };
    if (after) filter.$or = [{ created_at: { $lt: after.created_at } }, { created_at: after.created_at, _id: { $lt: after.id } }];
    const items = await this.deliveries.find(filter).sort({ created_at: -1, _id: -1 }).limit(Math.min(limit + 1, SCAN_LIMIT)).lean<DeliveryDocument[]>().exec();
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, next: items.length > limit && last ? { created_at: last.created_at, id: last._id } : null };
  }

  async forLead(leadKey: string, limit: number): Promise<DeliveryDocument[]> {
    return this.deliveries.find({ lead_key: leadKey }).sort({ created_at: -1, _id: -1 }).limit(limit).lean<DeliveryDocument[]>().exec();
  }

  /** Records an attempt and the delivery's new state; only the delivery job of the current attempt writes here. */
  async recordAttempt(delivery: DeliveryDocument, attempt: DeliveryAttempt, status: DeliveryStatus, nextAttemptAt: Date | null): Promise<DeliveryDocument> {
    const recorded = { ...attempt, at: new Date(attempt.at) };
    const now = new Date();
    await this.deliveries.updateOne({ _id: delivery._id }, { $push: { attempts: recorded }, $set: { status, next_attempt_at: nextAttemptAt, updated_at: now } }).exec();
    // The writer is the only one: the delivery as written, without reading it back.
    return { ...delivery, attempts: [...delivery.attempts, recorded], status, next_attempt_at: nextAttemptAt, updated_at: now };
  }

  /**
   * A failed delivery made pending again by a person (POST /api/deliveries/:id/retry), with a new 24 h of automatic
   * retries from now; null if it was not failed.
   */
  async retry(id: string): Promise<DeliveryDocument | null> {
    const now = new Date();
    const result = await this.deliveries.updateOne({ _id: id, status: 'failed' }, { $set: { status: 'pending', next_attempt_at: now, retry_window_from: now, updated_at: now } }).exec();
    return result.modifiedCount === 1 ? this.find(id) : null;
  }

  /** Pending deliveries whose next attempt was due before `dueBefore`: their job may have been lost with Redis. */
  async overdue(dueBefore: Date, limit: number): Promise<DeliveryDocument[]> {
    const pending = await this.deliveries.find({ status: 'pending' }, { _id: 1, next_attempt_at: 1, attempts: 1 }).limit(SCAN_LIMIT).lean<DeliveryDocument[]>().exec();
    return pending.filter((delivery) => delivery.next_attempt_at !== null && new Date(delivery.next_attempt_at) < dueBefore).slice(0, limit);
  }
}
