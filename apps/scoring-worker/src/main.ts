import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { configureHttp, loadConfig } from '@lead-scoring/runtime';
import { AppModule } from './app.module';
import { workerConfigSchema } from './config';
import { PartitionCountClaim } from './scoring/partition-count-claim';

async function bootstrap(): Promise<void> {
  const config = loadConfig(workerConfigSchema);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Nest would hold log lines until listen; the claim below may wait long and says why meanwhile.
  app.flushLogs();
  // Before any job, reconciler or count change runs (they start with listen): not beside workers on another count.
  await app.get(PartitionCountClaim).acquire();
  // HTTP here is only health and metrics; SIGTERM closes the BullMQ workers, which finish their active jobs.
  configureHttp(app, { jsonLimit: '16kb', corsOrigins: [] });
  await app.listen(config.WORKER_PORT, config.HOST);
  app.get(Logger).log(`scoring-worker consuming ${config.SCORING_PARTITIONS} partitions; health on http://${config.HOST}:${config.WORKER_PORT}`);
}

void bootstrap();
