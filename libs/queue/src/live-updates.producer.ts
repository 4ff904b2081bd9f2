import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { LEAD_UPDATES_QUEUE, LiveUpdateName, LiveUpdatePayloads } from '@lead-scoring/contracts';

/**
 * Hands live updates to the realtime gateways: one of them consumes each job, and the Socket.io Redis adapter
 * fans it out to the clients of every instance. One job per call, carrying all its payloads: a scoring job's
 * updates cost one queue write, not one per lead.
 */
@Injectable()
export class LiveUpdatesProducer {
  constructor(@InjectQueue(LEAD_UPDATES_QUEUE) private readonly queue: Queue) {}

  async publish<E extends LiveUpdateName>(event: E, payloads: LiveUpdatePayloads[E][]): Promise<void> {
    if (payloads.length === 0) return;
    // Live updates are only worth their freshness: keep none, never retry for long.
    await this.queue.add(event, payloads, { attempts: 3, removeOnComplete: true, removeOnFail: { count: 100 } });
  }
}
