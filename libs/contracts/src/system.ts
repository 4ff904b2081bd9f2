/** Depth and failures of one queue (scoring partitions are summed into one entry, `scoring`). */
export interface QueueStatus {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Completed jobs still kept for inspection (the most recent ones). */
  completed: number;
  throughput: QueueThroughput;
}

export interface QueueThroughput {
  /** What is counted: `events` folded into leads (scoring), `updates` delivered (lead-updates), `leads` re-scored (recompute). */
  unit: string;
  /** Per minute over the last 15 minutes, oldest first; the last entry is the minute in progress. */
  per_minute: number[];
}

export interface FailedJob {
  queue: string;
  id: string;
  name: string;
  failed_reason: string;
  attempts: number;
  failed_at: string | null;
  data: unknown;
}

export interface QueuesStatus {
  queues: QueueStatus[];
  /** The most recent failed jobs (at most 50), newest first. */
  failed_jobs: FailedJob[];
}
