import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { LEAD_UPDATED_JOB_NAME, LEAD_UPDATES_QUEUE, LeadUpdatedMessage } from '@lead-scoring/contracts';

/** Hands score changes to the realtime gateways (one of them consumes, the Socket.io adapter fans out). */
@Injectable()
export class LeadUpdatesProducer {
  constructor(@InjectQueue(LEAD_UPDATES_QUEUE) private readonly queue: Queue<LeadUpdatedMessage>) {}

  async publish(messages: LeadUpdatedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.queue.addBulk(
      messages.map((data) => ({
        name: LEAD_UPDATED_JOB_NAME,
        data,
        // Live updates are only worth their freshness: keep few, never retry for long.
        opts: { attempts: 3, removeOnComplete: true, removeOnFail: { count: 100 } },
      })),
    );
  }
}
