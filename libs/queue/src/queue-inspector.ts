import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import { FailedJob, LEAD_UPDATES_QUEUE, QueueStatus, QueuesStatus, RECOMPUTE_QUEUE, SCORING_QUEUES, TRIGGER_DELIVERIES_QUEUE } from '@lead-scoring/contracts';
import { QueueThroughput } from './queue-throughput';
import { ScoringProducer } from './scoring.producer';

const MAX_FAILED_LISTED = 50;

/** What each queue's throughput counts (QueueThroughput.record is called with these queue names). */
export const THROUGHPUT_UNITS: Record<string, string> = { [SCORING_QUEUES]: 'events', [LEAD_UPDATES_QUEUE]: 'updates', [RECOMPUTE_QUEUE]: 'leads', [TRIGGER_DELIVERIES_QUEUE]: 'attempts' };

/** What the queues hold, for operators: depths, throughput, failures with their reasons, and retrying failed jobs. */
@Injectable()
export class QueueInspector implements OnModuleInit {
  private others: Queue[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly scoring: ScoringProducer,
    private readonly throughput: QueueThroughput,
  ) {}

  onModuleInit(): void {
    this.others = [LEAD_UPDATES_QUEUE, RECOMPUTE_QUEUE, TRIGGER_DELIVERIES_QUEUE].map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  private groups(): { name: string; queues: readonly Queue[] }[] {
    return [{ name: SCORING_QUEUES, queues: this.scoring.partitionQueues }, ...this.others.map((queue) => ({ name: queue.name, queues: [queue] }))];
  }

  async status(): Promise<QueuesStatus> {
    const queues: QueueStatus[] = [];
    const failed: FailedJob[] = [];
    for (const group of this.groups()) {
      const counts = await Promise.all(group.queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized')));
      const sum = (key: string) => counts.reduce((total, count) => total + (count[key] ?? 0), 0);
      const throughput = await this.throughput.figures(group.name, THROUGHPUT_UNITS[group.name] ?? 'jobs');
      queues.push({ name: group.name, waiting: sum('waiting') + sum('prioritized'), active: sum('active'), delayed: sum('delayed'), failed: sum('failed'), completed: sum('completed'), throughput });
      for (const [i, queue] of group.queues.entries()) {
        if ((counts[i]['failed'] ?? 0) === 0) continue;
        const jobs = await queue.getFailed(0, MAX_FAILED_LISTED - 1);
        failed.push(...jobs.filter((job): job is Job => Boolean(job)).map((job) => toFailedJob(queue.name, job)));
      }
    }
    failed.sort((a, b) => (b.failed_at ?? '').localeCompare(a.failed_at ?? ''));
    return { queues, failed_jobs: failed.slice(0, MAX_FAILED_LISTED) };
  }

  /** Moves every failed job back to waiting; returns how many were failed. */
  async retryFailed(): Promise<number> {
    let retried = 0;
    for (const group of this.groups()) {
      for (const queue of group.queues) {
        const failed = await queue.getFailedCount();
        if (failed === 0) continue;
        await queue.retryJobs({ state: 'failed', count: 1000 });
        retried += failed;
      }
    }
    return retried;
  }
}

function toFailedJob(queue: string, job: Job): FailedJob {
  return {
    queue,
    id: String(job.id),
    name: job.name,
    failed_reason: job.failedReason ?? 'unknown',
    attempts: job.attemptsMade,
    failed_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    data: job.data,
  };
}
