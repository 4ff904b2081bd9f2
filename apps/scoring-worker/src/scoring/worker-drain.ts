import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { ScoringSlots } from './scoring-slots';

/**
 * Closes every BullMQ worker of this process, waiting for their active jobs, BEFORE the MongoDB and Redis
 * connections close. @nestjs/bullmq closes workers in onApplicationShutdown, the same phase in which Mongoose
 * closes its connection: an active job would then fail half-way and wait for a retry instead of finishing.
 * The scoring jobs still waiting for a slot have not started: they go back to their queues rather than run here.
 */
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(
    private readonly hosts: WorkerHost[],
    private readonly slots: ScoringSlots,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const started = Date.now();
    // The workers first, so that they fetch no more jobs; one whose fetch was already under way finds the slots
    // closed, and goes back to its queue as well (if every slot is busy) or runs.
    const closed = Promise.all(this.hosts.map((host) => host.worker?.close()));
    const handedBack = this.slots.close();
    await closed;
    this.logger.log(`drained ${this.hosts.length} workers in ${Date.now() - started} ms, ${handedBack} waiting scoring job(s) handed back${signal ? `, after ${signal}` : ''}`);
  }
}
