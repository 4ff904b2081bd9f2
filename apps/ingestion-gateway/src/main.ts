import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { configureHttp, loadConfig } from '@lead-scoring/runtime';
import { AppModule } from './app.module';
import { ingestionConfigSchema } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConfig(ingestionConfigSchema);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // A batch of 1,000 events of up to 32 KB each is refused by size before it is parsed (SPEC.md: 5 MB).
  configureHttp(app, { jsonLimit: '5mb', corsOrigins: config.CORS_ORIGINS });
  await app.listen(config.INGESTION_PORT, config.HOST);
  app.get(Logger).log(`ingestion-gateway listening on http://${config.HOST}:${config.INGESTION_PORT}`);
}

void bootstrap();
