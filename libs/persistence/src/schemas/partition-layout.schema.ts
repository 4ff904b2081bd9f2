import { Schema } from 'mongoose';

/**
 * `scoring`: the partition count that what is filed by partition (inbox entries, analytics rollups and their
 * recount marks) was last laid out for, written by workers: a worker started with another count knows from it that
 * they must move. `gateway-<count>`: an ingestion gateway files inbox entries under that many partitions; one with
 * more partitions than the worker's files entries no job reads, and the worker moves them from there.
 *
 * One document per writer's value, never a shared one that writers change: FerretDB applies an update as a read
 * and a write, so two at once on one document can lose one (seen with `$max` and `$set` from four clients).
 */
export interface PartitionLayoutDocument {
  _id: string;
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
