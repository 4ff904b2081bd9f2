import { Controller, Get, Header, Inject, Logger, Res } from '@nestjs/common';
import { Response } from 'express';
import { Metrics } from './metrics';
import { READINESS_CHECKS, ReadinessCheck, checkReadiness } from './readiness';

@Controller()
export class HealthController {
  private readonly logger = new Logger('Readiness');

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
    // The detail goes to the log for the operator; the answer (public, no key) says only which dependency is down.
    for (const failure of report.failures) this.logger.warn(`${failure.name} is down: ${failure.detail}`);
    response.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ready' : 'unavailable', checks: report.checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
