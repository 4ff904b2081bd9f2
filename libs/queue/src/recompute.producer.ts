import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RECOMPUTE_QUEUE, RecomputeJob } from '@lead-scoring/contracts';

/** Asks the workers to re-score every lead with a new ruleset version. */
@Injectable()
export class RecomputeProducer {
  constructor(@InjectQueue(RECOMPUTE_QUEUE) private readonly queue: Queue<RecomputeJob>) {}

  async request(version: number): Promise<void> {
    // One job per version: asking twice for the same version is a no-op.
    await this.queue.add('recompute', { version }, { jobId: `v${version}`, attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
  }
}
