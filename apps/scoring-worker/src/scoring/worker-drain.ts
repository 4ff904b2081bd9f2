import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';

/**
 * Closes every BullMQ worker of this process, waiting for their active jobs, BEFORE the MongoDB and Redis
 * connections close. @nestjs/bullmq closes workers in onApplicationShutdown, the same phase in which Mongoose
 * closes its connection: an active job would then fail half-way and wait for a retry instead of finishing.
 */
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(private readonly hosts: WorkerHost[]) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const started = Date.now();
    await Promise.all(this.hosts.map((host) => host.worker?.close()));
    this.logger.log(`drained ${this.hosts.length} workers in ${Date.now() - started} ms${signal ? ` after ${signal}` : ''}`);
  }
}
