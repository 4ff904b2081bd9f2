import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { SCORING_JOB_NAME, ScoringJob, ScoringJobReason, scoringQueueName } from '@lead-scoring/contracts';
import { groupByPartition, partitionFor } from './partition';
import { QUEUE_OPTIONS, QueueOptions } from './queue.options';
import { SCORING_JOB_OPTIONS } from './scoring-job.options';

/** Jobs per partition are capped so that one huge batch does not hold a partition for long. */
const MAX_LEADS_PER_JOB = 200;

/** The deduplication id of a partition's backlog job: at most one waits per partition. */
const BACKLOG_JOB_ID = 'backlog';

/**
 * A re-score's jobs wait behind live ones: BullMQ runs jobs without a priority before prioritized ones, so a backlog
 * job queued while a re-score's slice waits goes first, and the re-score takes what live scoring leaves.
 */
const RECOMPUTE_PRIORITY = 10;

/** States of a job that has yet to run or is running (a failed one waiting for its retry is delayed). */
const LIVE_JOB_STATES: ReadonlySet<string> = new Set(['waiting', 'prioritized', 'delayed', 'active']);

/** Routes "these leads have new events" to the leads' scoring partitions. */
@Injectable()
export class ScoringProducer implements OnModuleInit {
  private queues: Queue<ScoringJob>[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  onModuleInit(): void {
    this.queues = Array.from({ length: this.options.partitions }, (_, partition) =>
      this.moduleRef.get<Queue<ScoringJob>>(getQueueToken(scoringQueueName(partition)), { strict: false }),
    );
  }

  get partitionQueues(): readonly Queue<ScoringJob>[] {
    return this.queues;
  }

  /**
   * The partitions with no backlog job waiting or running. One that has such a job reads its whole inbox before it
   * goes idle (it wakes itself again while more is left), so none of its entries is lost, however late.
   */
  async partitionsWithoutBacklogJob(): Promise<number[]> {
    const awake = await Promise.all(
      this.queues.map(async (queue) => {
        // The deduplication key names the backlog job until that job ends (or the one queued after it, if any).
        const jobId = await queue.getDeduplicationJobId(BACKLOG_JOB_ID);
        return jobId !== null && LIVE_JOB_STATES.has(await queue.getJobState(jobId));
      }),
    );
    return awake.flatMap((isAwake, partition) => (isAwake ? [] : [partition]));
  }

  /**
   * "These partitions have new pending events": at most one such job waits per partition, however many commits
   * call (BullMQ deduplication; one added while the last one runs is kept and queued when it ends). The job reads
   * the partition's whole backlog, so one waiting job covers every event stored before it starts.
   */
  async wake(partitions: Iterable<number>): Promise<void> {
    await Promise.all(
      [...new Set(partitions)].map((partition) =>
        this.queues[partition].add(SCORING_JOB_NAME, { lead_keys: [], reason: 'ingest' }, { ...SCORING_JOB_OPTIONS, deduplication: { id: BACKLOG_JOB_ID, keepLastIfActive: true } }),
      ),
    );
  }

  /**
   * A lead whose fold threw in a backlog job gets one job of its own, tried once: it fails with its reason among
   * the failed jobs, to be retried from there. While that job exists, asking again adds nothing (same job id). The
   * lead's events stay pending, so later backlog jobs still try them.
   */
  async isolate(leadKeys: string[]): Promise<void> {
    await Promise.all(
      leadKeys.map((leadKey) =>
        this.queues[this.partitionOf(leadKey)].add(SCORING_JOB_NAME, { lead_keys: [leadKey], reason: 'reconcile' }, {
          ...SCORING_JOB_OPTIONS,
          attempts: 1,
          jobId: `unfoldable-${createHash('sha256').update(leadKey).digest('hex').slice(0, 32)}`,
        }),
      ),
    );
  }

  partitionOf(leadKey: string): number {
    return partitionFor(leadKey, this.options.partitions);
  }

  /** Re-scores these leads (events the reconciler found unscored, a recompute's slice), each in its partition. */
  async enqueue(leadKeys: Iterable<string>, reason: ScoringJobReason): Promise<Job<ScoringJob>[]> {
    const groups = groupByPartition(leadKeys, this.options.partitions);
    const added = await Promise.all(
      [...groups].map(([partition, keys]) => {
        const jobs = [];
        for (let i = 0; i < keys.length; i += MAX_LEADS_PER_JOB) {
          const opts = reason === 'recompute' ? { ...SCORING_JOB_OPTIONS, priority: RECOMPUTE_PRIORITY } : SCORING_JOB_OPTIONS;
          jobs.push({ name: SCORING_JOB_NAME, data: { lead_keys: keys.slice(i, i + MAX_LEADS_PER_JOB), reason }, opts });
        }
        return this.queues[partition].addBulk(jobs);
      }),
    );
    return added.flat();
  }
}
