import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PARTITION_LAYOUT_COLLECTION, PartitionLayoutDocument } from '../schemas/partition-layout.schema';

@Injectable()
export class PartitionLayoutRepository {
  constructor(@InjectModel(PARTITION_LAYOUT_COLLECTION) private readonly layout: Model<PartitionLayoutDocument>) {}

  /** The partition count recorded last; null on a database that never had one recorded. */
  async recorded(): Promise<number | null> {
    const found = await this.layout.findById('scoring').lean<PartitionLayoutDocument>().exec();
    return found?.partitions ?? null;
  }

  async record(partitions: number): Promise<void> {
    await this.layout.replaceOne({ _id: 'scoring' }, { _id: 'scoring', partitions, recorded_at: new Date() }, { upsert: true }).exec();
  }
}
