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
}
