import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { LEAD_UPDATES_QUEUE, LiveUpdateName, LiveUpdatePayloads } from '@lead-scoring/contracts';
import { LiveGateway } from './live.gateway';

/** Consumes live updates (score changes, upload progress): exactly one gateway instance takes each job and LiveGateway hands it to every instance. */
@Processor(LEAD_UPDATES_QUEUE, { concurrency: 20 })
export class LeadUpdatesProcessor extends WorkerHost {
  constructor(private readonly live: LiveGateway) {
    super();
  }

  async process(job: Job<LiveUpdatePayloads[LiveUpdateName], void, LiveUpdateName>): Promise<void> {
    this.live.broadcast(job.name, job.data);
  }
}
