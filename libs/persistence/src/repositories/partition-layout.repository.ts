import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PARTITION_LAYOUT_COLLECTION, PartitionLayoutDocument } from '../schemas/partition-layout.schema';

const LAYOUT_ID = 'scoring';

@Injectable()
export class PartitionLayoutRepository {
  constructor(@InjectModel(PARTITION_LAYOUT_COLLECTION) private readonly layout: Model<PartitionLayoutDocument>) {}

  /** The partition count recorded last; null on a database that never had one recorded. */
  async recorded(): Promise<number | null> {
    return (await this.read())?.partitions ?? null;
  }

  async record(partitions: number): Promise<void> {
    await this.layout.updateOne({ _id: LAYOUT_ID }, { $set: { partitions, recorded_at: new Date() } }, { upsert: true }).exec();
  }

  /**
   * Notes that a gateway files inbox entries under `partitions` partitions (the highest such count is kept), and
   * returns the count the worker recorded last (null if none).
   */
  async noteFiling(partitions: number): Promise<number | null> {
    const layout = await this.layout
      .findOneAndUpdate({ _id: LAYOUT_ID }, { $max: { filed_up_to: partitions } }, { upsert: true, new: true })
      .lean<PartitionLayoutDocument>()
      .exec();
    return layout?.partitions ?? null;
  }

  /** Inbox entries may be filed under any partition below this: the recorded count, or a gateway's if higher. */
  async filedUpTo(): Promise<number> {
    const layout = await this.read();
    return Math.max(layout?.partitions ?? 0, layout?.filed_up_to ?? 0);
  }

  private read(): Promise<PartitionLayoutDocument | null> {
    return this.layout.findById(LAYOUT_ID).lean<PartitionLayoutDocument>().exec();
  }
}
