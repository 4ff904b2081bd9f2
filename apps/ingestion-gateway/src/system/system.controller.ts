import { Controller, HttpCode, Post } from '@nestjs/common';
import { QueueInspector } from '@lead-scoring/queue';
import { RequiresKey } from '@lead-scoring/runtime';

@Controller('api/system')
@RequiresKey('admin')
export class SystemController {
  constructor(private readonly inspector: QueueInspector) {}

  /**
   * Sends every failed job back to its queue, e.g. after fixing the rule that made scoring throw. Scoring jobs are
   * re-folds of their leads, so retrying one is always safe.
   */
  @Post('queues/retry-failed')
  @HttpCode(200)
  async retryFailed(): Promise<{ retried: number }> {
    return { retried: await this.inspector.retryFailed() };
  }
}
