import { Controller, Get } from '@nestjs/common';
import { QueuesStatus } from '@lead-scoring/contracts';
import { QueueInspector } from '@lead-scoring/queue';
import { RequiresKey } from '@lead-scoring/runtime';

@Controller('api/system')
@RequiresKey('admin')
export class SystemController {
  constructor(private readonly inspector: QueueInspector) {}

  /** Depth of every queue and the failed jobs with their reasons (retry them with POST on the ingestion gateway). */
  @Get('queues')
  queues(): Promise<QueuesStatus> {
    return this.inspector.status();
  }
}
