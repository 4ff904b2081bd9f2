import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors';
import { PARTITION_LAYOUT_COLLECTION, PartitionLayoutDocument } from '../schemas/partition-layout.schema';

const WORKER_LAYOUT_ID = 'scoring';

@Injectable()
export class PartitionLayoutRepository {
  constructor(@InjectModel(PARTITION_LAYOUT_COLLECTION) private readonly layout: Model<PartitionLayoutDocument>) {}

  /** The partition count a worker recorded last; null on a database that never had one recorded. */
  async recorded(): Promise<number | null> {
    const found = await this.layout.findById(WORKER_LAYOUT_ID).lean<PartitionLayoutDocument>().exec();
    return found?.partitions ?? null;
  }

  /** Records the count a worker laid things out for. */
  async record(partitions: number): Promise<void> {
    await this.write(WORKER_LAYOUT_ID, partitions);
  }

  /** Notes that a gateway files inbox entries under `partitions` partitions, and returns the count recorded last. */
  async noteFiling(partitions: number): Promise<number | null> {
    await this.write(`gateway-${partitions}`, partitions);
    return this.recorded();
  }

  /** Inbox entries may be filed under any partition below this: the recorded count, or a gateway's if higher. */
  async filedUpTo(): Promise<number> {
    const counts = await this.layout.find({}, { partitions: 1 }).lean<Pick<PartitionLayoutDocument, 'partitions'>[]>().exec();
    return Math.max(0, ...counts.map((layout) => layout.partitions));
  }

  /** Drops the gateways' notes not written since `before` (a gateway writes its own every 30 s while it runs). */
  async forgetGatewaysSilentSince(before: Date): Promise<void> {
    await this.layout.deleteMany({ _id: { $ne: WORKER_LAYOUT_ID }, recorded_at: { $lt: before } }).exec();
  }

  /**
   * Two services that write one document first at once (gateways starting together on a new database) both insert
   * it: the second fails on the duplicate `_id` and is sent again, an update now. MongoDB retries such an upsert
   * itself; FerretDB does not. Both write the same count.
   */
  private async write(id: string, partitions: number): Promise<void> {
    const upsert = () => this.layout.updateOne({ _id: id }, { $set: { partitions, recorded_at: new Date() } }, { upsert: true }).exec();
    try {
      await upsert();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await upsert();
    }
  }
}
