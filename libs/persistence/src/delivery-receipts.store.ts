import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DeliveryAttempt } from '@lead-scoring/contracts';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from './persistence.options';

/** Long enough for any retry of the delivery job to find it (jobs are retried for minutes, the reconciler within one). */
const RECEIPT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The destination's 2xx for a delivery, noted in Redis the moment it arrives, before the delivery is updated in
 * MongoDB (an update that takes hundreds of milliseconds under load). A worker killed in between leaves the receipt:
 * the job's next run records it instead of sending again. What remains is the window between the answer and this one
 * Redis write.
 */
@Injectable()
export class DeliveryReceiptsStore {
  private readonly prefix: string;

  constructor(
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceOptions,
  ) {
    this.prefix = `${options.keyPrefix}:delivery-receipt:`;
  }

  async note(deliveryId: string, attempt: DeliveryAttempt): Promise<void> {
    await this.redis.set(this.prefix + deliveryId, JSON.stringify(attempt), 'EX', RECEIPT_TTL_SECONDS);
  }

  async find(deliveryId: string): Promise<DeliveryAttempt | null> {
    const receipt = await this.redis.get(this.prefix + deliveryId);
    return receipt ? (JSON.parse(receipt) as DeliveryAttempt) : null;
  }
}
