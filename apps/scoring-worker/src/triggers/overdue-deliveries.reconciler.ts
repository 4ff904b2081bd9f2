import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DeliveryRepository } from '@lead-scoring/persistence';
import { DeliveryProducer } from '@lead-scoring/queue';

const SWEEP_INTERVAL_MS = 60_000;
/** A pending delivery this late has lost its job (Redis lost it, or a worker died between recording and queueing). */
const OVERDUE_MS = 60_000;
const SWEEP_LIMIT = 1000;

/** Queues again the attempts of pending deliveries whose job went missing. The job id makes a live job win. */
@Injectable()
export class OverdueDeliveriesReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueDeliveriesReconciler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const overdue = await this.deliveries.overdue(new Date(Date.now() - OVERDUE_MS), SWEEP_LIMIT);
      await this.queue.enqueue(overdue.map((delivery) => ({ deliveryId: delivery._id, attempt: delivery.attempts.length })));
      if (overdue.length > 0) this.logger.warn(`queued ${overdue.length} overdue trigger deliveries again`);
      return overdue.length;
    } catch (error) {
      this.logger.warn(`delivery reconciliation skipped: ${(error as Error).message}`);
      return 0;
    }
  }
}
