import { Schema } from 'mongoose';

/**
 * The scoring partition count that what is filed by partition (inbox entries, analytics rollups and their recount
 * marks) was last laid out for: a worker started with another count knows from it that they must move. Also the
 * highest count any ingestion gateway has filed inbox entries under: one started with more partitions than the
 * worker has files entries no job reads, and the worker moves them from there.
 */
export interface PartitionLayoutDocument {
  _id: 'scoring';
  /** Recorded by the worker; absent until a worker has recorded one. */
  partitions?: number;
  recorded_at?: Date;
  /** Raised (never lowered) by each ingestion gateway to its own count. */
  filed_up_to?: number;
}

export const PARTITION_LAYOUT_COLLECTION = 'partition_layout';

export const PartitionLayoutSchema = new Schema<PartitionLayoutDocument>(
  {
    _id: { type: String, required: true },
    partitions: { type: Number },
    recorded_at: { type: Date },
    filed_up_to: { type: Number },
  },
  { collection: PARTITION_LAYOUT_COLLECTION, versionKey: false },
);
