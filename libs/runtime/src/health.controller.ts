import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { Response } from 'express';
import { Metrics } from './metrics';
import { READINESS_CHECKS, ReadinessCheck, checkReadiness } from './readiness';

@Controller()
export class HealthController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    private readonly metrics: Metrics,
  ) {}

  /** Liveness: the process answers. Says nothing of its dependencies (restarting would not fix those). */
  @Get('health')
  alive() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const report = await checkReadiness(this.checks);
    response.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ready' : 'unavailable', checks: report.checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
