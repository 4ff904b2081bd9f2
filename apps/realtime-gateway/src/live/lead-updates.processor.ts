import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { LEAD_UPDATES_QUEUE, LiveUpdateName, LiveUpdatePayloads } from '@lead-scoring/contracts';
import { QueueThroughput } from '@lead-scoring/queue';
import { LiveGateway } from './live.gateway';

/** Consumes live updates (score changes, upload progress): exactly one gateway instance takes each job and LiveGateway hands it to every instance. */
@Processor(LEAD_UPDATES_QUEUE, { concurrency: 20 })
export class LeadUpdatesProcessor extends WorkerHost {
  constructor(
    private readonly live: LiveGateway,
    private readonly throughput: QueueThroughput,
  ) {
    super();
  }

  async process(job: Job<LiveUpdatePayloads[LiveUpdateName], void, LiveUpdateName>): Promise<void> {
    this.live.broadcast(job.name, job.data);
    await this.throughput.record(LEAD_UPDATES_QUEUE, Array.isArray(job.data) ? job.data.length : 1);
  }
}
