import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { LEAD_UPDATES_QUEUE, LeadUpdatedMessage } from '@lead-scoring/contracts';
import { LiveGateway } from './live.gateway';

/** Consumes score changes from the worker; any one gateway instance takes each, the adapter fans it out. */
@Processor(LEAD_UPDATES_QUEUE, { concurrency: 20 })
export class LeadUpdatesProcessor extends WorkerHost {
  constructor(private readonly live: LiveGateway) {
    super();
  }

  async process(job: Job<LeadUpdatedMessage>): Promise<void> {
    this.live.publishLeadUpdated(job.data);
  }
}
