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

  // A job carries the payloads of one publish; one queued by an earlier version carries a single payload.
  async process(job: Job<LiveUpdatePayloads[LiveUpdateName][] | LiveUpdatePayloads[LiveUpdateName], void, LiveUpdateName>): Promise<void> {
    const payloads = Array.isArray(job.data) ? job.data : [job.data];
    for (const payload of payloads) this.live.broadcast(job.name, payload);
    await this.throughput.record(LEAD_UPDATES_QUEUE, payloads.length);
  }
}
