import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { HistoryEntry } from '@lead-scoring/contracts';
import { duplicateIndexesOf } from '../mongo-errors';
import { mapConcurrently } from '../bulk-writes';
import { SCORE_HISTORY_COLLECTION, ScoreHistoryDocument } from '../schemas/score-history.schema';
import { EventPosition, TIMELINE_ORDER, timelinePageFilter, toPage } from './timeline-page';

export type { EventPosition } from './timeline-page';

/** A re-fold deletes each lead's old entries by its lead_key (one indexed equality); a few such deletes at once. */
const DELETES_IN_FLIGHT = 4;

@Injectable()
export class ScoreHistoryRepository {
  constructor(@InjectModel(SCORE_HISTORY_COLLECTION) private readonly history: Model<ScoreHistoryDocument>) {}

  /**
   * Writes the history of some leads in one insert: new entries for the leads folded incrementally, the whole
   * history for those re-folded (their old entries are deleted first). A crash half-way is repaired by the job's
   * retry; an entry already written by an interrupted attempt is kept.
   */
  async write(changes: { leadKey: string; entries: HistoryEntry[]; replace: boolean }[]): Promise<void> {
    const replaced = changes.filter((change) => change.replace).map((change) => change.leadKey);
    await mapConcurrently(replaced, DELETES_IN_FLIGHT, (leadKey) => this.history.deleteMany({ lead_key: leadKey }).exec());
    const documents: ScoreHistoryDocument[] = changes.flatMap(({ leadKey, entries }) =>
      entries.map((entry) => ({ _id: `${leadKey}|${entry.event_id}`, lead_key: leadKey, ...entry, timestamp: new Date(entry.timestamp) })),
    );
    if (documents.length === 0) return;
    try {
      await this.history.insertMany(documents, { ordered: false, lean: true });
    } catch (error) {
      if (!duplicateIndexesOf(error)) throw error;
    }
  }

  /** A page of the lead's history in event-time order after `after` (the last entry of the previous page): limit + 1 rows read. */
  async pageForLead(leadKey: string, after: EventPosition | null, limit: number): Promise<{ items: HistoryEntry[]; more: boolean }> {
    const rows = await this.history.find(timelinePageFilter(leadKey, after)).sort(TIMELINE_ORDER).limit(limit + 1).lean<ScoreHistoryDocument[]>().exec();
    const page = toPage(rows, limit);
    return {
      items: page.items.map(({ event_id, event_type, timestamp, delta, score_after, stage_after, rule_ids, fit_delta, fit_after, fit_rule_ids, grade_after }) => ({
        event_id, event_type, timestamp: timestamp.toISOString(), delta, score_after, stage_after, rule_ids,
        fit_delta: fit_delta ?? 0, fit_after: fit_after ?? 0, fit_rule_ids: fit_rule_ids ?? [], grade_after: grade_after ?? '',
      })),
      more: page.more,
    };
  }
}
