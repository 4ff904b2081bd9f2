import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { FAIL_FAST_REDIS, QUEUE_OPTIONS, QueueOptions } from '@lead-scoring/queue';

/** How long a partition's last job is kept: a partition idle longer is taken over as if from another process. */
const KEPT_SECONDS = 24 * 3600;

/**
 * Tells a scoring job whether the job before it in its partition was this process's own last one there: then no
 * other process has written the partition's leads since, and what this process remembers of them still holds
 * (RememberedLeads). Every job records its token in Redis before it reads or writes anything of its partition and
 * gets back the token it replaced, in one command (SET ... GET): a job of another process, one that died, or one of
 * this process that this process no longer knows of, left another token there. Anything that may have lost or rolled
 * back those tokens answers "no": Redis unreachable, the key gone (a flushed or restarted Redis), or a reconnection
 * (a Redis restored from an older snapshot may hold this process's token again). A worker of an earlier version
 * records nothing: stop those before starting this one (docs/deployment.md).
 */
@Injectable()
export class PartitionHandover {
  /** The token of this process's last job in each partition, for as long as it can be trusted to be the latest. */
  private readonly lastJob = new Map<number, string>();

  constructor(
    @Inject(FAIL_FAST_REDIS) private readonly redis: Redis,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {
    redis.on('ready', () => this.lastJob.clear());
  }

  /**
   * Records `token` as the partition's latest job; returns whether the one it follows was this process's last job
   * there. Never throws: what cannot be told is "no".
   */
  async takeOver(partition: number, token: string): Promise<boolean> {
    const mine = this.lastJob.get(partition);
    this.lastJob.delete(partition);
    const previous = await this.redis.set(this.keyOf(partition), token, 'EX', KEPT_SECONDS, 'GET').catch(() => undefined);
    // A command that failed may still have run: the token is not known to be the latest, so it is not kept.
    if (previous === undefined) return false;
    this.lastJob.set(partition, token);
    return previous !== null && previous === mine;
  }

  private keyOf(partition: number): string {
    return `${this.options.prefix}:scoring-partition-job:${partition}`;
  }
}
