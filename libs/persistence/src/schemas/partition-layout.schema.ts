import { Schema } from 'mongoose';

/**
 * The scoring partition count that what is filed by partition (inbox entries, analytics rollups and their recount
 * marks) was last laid out for: a worker started with another count knows from it that they must move.
 */
export interface PartitionLayoutDocument {
  _id: 'scoring';
  partitions: number;
  recorded_at: Date;
}

export const PARTITION_LAYOUT_COLLECTION = 'partition_layout';

export const PartitionLayoutSchema = new Schema<PartitionLayoutDocument>(
  {
    _id: { type: String, required: true },
    partitions: { type: Number, required: true },
    recorded_at: { type: Date, required: true },
  },
  { collection: PARTITION_LAYOUT_COLLECTION, versionKey: false },
);
