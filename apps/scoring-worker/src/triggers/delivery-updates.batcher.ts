import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Delivery, TRIGGER_DELIVERIES_QUEUE } from '@lead-scoring/contracts';
import { LiveUpdatesProducer, QueueThroughput } from '@lead-scoring/queue';

/** How long attempts' updates gather before one live-update job carries them all. */
const FLUSH_MS = 200;

/**
 * The live side of delivery attempts: `delivery.updated` messages and the attempts-per-minute figure, sent once per
 * FLUSH_MS for all the attempts made meanwhile instead of one queue job per attempt (browsers get at most 10
 * messages a second anyway). Nothing here is durable: a delivery's state is in MongoDB before it is added.
 */
@Injectable()
export class DeliveryUpdatesBatcher implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryUpdatesBatcher.name);
  private pending: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly liveUpdates: LiveUpdatesProducer,
    private readonly throughput: QueueThroughput,
  ) {}

  add(delivery: Delivery): void {
    this.pending.push(delivery);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await Promise.all([this.throughput.record(TRIGGER_DELIVERIES_QUEUE, batch.length), this.liveUpdates.publish('delivery.updated', batch)]);
    } catch (error) {
      this.logger.warn(`could not publish ${batch.length} delivery updates: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
