import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DeliveryJob, TRIGGER_DELIVERIES_QUEUE } from '@lead-scoring/contracts';

/**
 * Queues attempts of trigger deliveries. One job per attempt, its id `<delivery id>.a<attempt>`: asking twice for
 * the same attempt (the scoring job that found the firing, run again; the reconciler) queues it once while the job
 * exists, and a job run for an attempt already made finds the delivery moved on and does nothing.
 */
@Injectable()
export class DeliveryProducer {
  constructor(@InjectQueue(TRIGGER_DELIVERIES_QUEUE) private readonly queue: Queue<DeliveryJob>) {}

  async enqueue(attempts: { deliveryId: string; attempt: number; delayMs?: number }[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.queue.addBulk(
      attempts.map(({ deliveryId, attempt, delayMs }) => ({
        name: 'deliver',
        data: { delivery_id: deliveryId },
        opts: {
          jobId: `${deliveryId}.a${attempt}`,
          delay: delayMs ?? 0,
          // Retries of the job itself are for storage or Redis errors around the attempt; the destination's own
          // failures are retried as new attempts, on the delivery's schedule.
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { count: 1000 },
        },
      })),
    );
  }
}
