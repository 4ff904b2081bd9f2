import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { HistoryEntry } from '@lead-scoring/contracts';
import { duplicateIndexesOf } from '../mongo-errors';
import { SCORE_HISTORY_COLLECTION, ScoreHistoryDocument } from '../schemas/score-history.schema';

@Injectable()
export class ScoreHistoryRepository {
  constructor(@InjectModel(SCORE_HISTORY_COLLECTION) private readonly history: Model<ScoreHistoryDocument>) {}

  /** Replaces the whole history of a lead (after a re-fold). A crash half-way is repaired by the job's retry. */
  async replaceForLead(leadKey: string, entries: HistoryEntry[]): Promise<void> {
    await this.history.deleteMany({ lead_key: leadKey }).exec();
    await this.append(leadKey, entries);
  }

  /** Adds the entries of newly folded events; an entry already written by an interrupted attempt is kept. */
  async append(leadKey: string, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const documents: ScoreHistoryDocument[] = entries.map((entry) => ({
      _id: `${leadKey}|${entry.event_id}`,
      lead_key: leadKey,
      ...entry,
      timestamp: new Date(entry.timestamp),
    }));
    try {
      await this.history.insertMany(documents, { ordered: false, lean: true });
    } catch (error) {
      if (!duplicateIndexesOf(error)) throw error;
    }
  }

  async listForLead(leadKey: string): Promise<HistoryEntry[]> {
    const documents = await this.history.find({ lead_key: leadKey }).lean<ScoreHistoryDocument[]>().exec();
    return documents
      .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.event_id < b.event_id ? -1 : 1))
      .map(({ event_id, event_type, timestamp, delta, score_after, stage_after, rule_ids }) => ({
        event_id, event_type, timestamp: timestamp.toISOString(), delta, score_after, stage_after, rule_ids,
      }));
  }

  /**
   * A page of the lead's history in event-time order after `after` (the last entry of the previous page). Reads
   * the lead's entries with one top-level equality filter (its index); the order is applied here because FerretDB
   * would sort in memory anyway.
   */
  async pageForLead(leadKey: string, after: EventPosition | null, limit: number): Promise<{ items: HistoryEntry[]; more: boolean }> {
    const all = (await this.listForLead(leadKey)).filter((entry) => !after || isAfter(entry, after));
    return { items: all.slice(0, limit), more: all.length > limit };
  }
}

/** A place in a lead's event-time order. */
export interface EventPosition {
  timestamp: string;
  event_id: string;
}

/** True when `entry` comes after `position` in (timestamp, event_id) order. */
export function isAfter(entry: EventPosition, position: EventPosition): boolean {
  const delta = Date.parse(entry.timestamp) - Date.parse(position.timestamp);
  return delta > 0 || (delta === 0 && entry.event_id > position.event_id);
}
