import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { QueuesStatus, RollupRebuildResult, SCORING_QUEUES } from '@lead-scoring/contracts';
import { AnalyticsRollupRepository } from '@lead-scoring/persistence';
import { QUEUE_OPTIONS, QueueInspector, QueueOptions, partitionFor } from '@lead-scoring/queue';
import { ApiError, RequiresKey } from '@lead-scoring/runtime';

@Controller('api/system')
@RequiresKey('admin')
export class SystemController {
  private rebuilding = false;

  constructor(
    private readonly inspector: QueueInspector,
    private readonly rollups: AnalyticsRollupRepository,
    @Inject(QUEUE_OPTIONS) private readonly queueOptions: QueueOptions,
  ) {}

  /** Depth of every queue and the failed jobs with their reasons (retry them with POST on the ingestion gateway). */
  @Get('queues')
  queues(): Promise<QueuesStatus> {
    return this.inspector.status();
  }

  /**
   * Recomputes the analytics rollups from the leads and the scored events (after a crash that may have counted a
   * job twice, or an upgrade). The rollups belong to the scoring partitions, so this refuses (409) while any
   * scoring job waits or runs: it is maintenance for a quiet system, not something to run under load.
   */
  @Post('rollups/rebuild')
  @HttpCode(200)
  async rebuildRollups(): Promise<RollupRebuildResult> {
    if (this.rebuilding) throw new ApiError(409, 'busy', 'a rollup rebuild is already running on this gateway');
    const scoring = (await this.inspector.status()).queues.find((queue) => queue.name === SCORING_QUEUES);
    if (scoring && scoring.waiting + scoring.active + scoring.delayed > 0) {
      throw new ApiError(409, 'busy', `scoring jobs are queued or running (${scoring.waiting} waiting, ${scoring.active} active, ${scoring.delayed} delayed): rebuild when the queues are empty`);
    }
    this.rebuilding = true;
    const started = Date.now();
    try {
      const counts = await this.rollups.rebuild((leadKey) => partitionFor(leadKey, this.queueOptions.partitions));
      return { ...counts, took_ms: Date.now() - started };
    } finally {
      this.rebuilding = false;
    }
  }
}
