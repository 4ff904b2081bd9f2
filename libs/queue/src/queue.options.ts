export interface QueueOptions {
  redisUrl: string;
  /** BullMQ key prefix: lets several deployments or test runs share one Redis. */
  prefix: string;
  /** Number of scoring partitions. Changing it while jobs wait re-routes leads: drain the queues first. */
  partitions: number;
}

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');
