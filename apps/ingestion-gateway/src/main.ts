import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { configureHttp, loadConfig } from '@lead-scoring/runtime';
import { AppModule } from './app.module';
import { ingestionConfigSchema } from './config';
import { serveApiDocs } from './openapi/api-docs';

async function bootstrap(): Promise<void> {
  const config = loadConfig(ingestionConfigSchema);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Bodies past these sizes are refused with 413 before they are parsed. A single event may be 32 KB (larger is
  // a 400 naming the limit); batches and webhook deliveries up to 5 MB (SPEC.md).
  configureHttp(app, {
    jsonLimit: '64kb',
    jsonLimitsByPath: { '/api/events/batch': '5mb' },
    // Webhook signatures cover the exact bytes sent, so those bodies stay raw until verified.
    rawBodyPaths: { '/api/webhook': '5mb', '/api/webhooks': '5mb' },
    corsOrigins: config.CORS_ORIGINS,
  });
  serveApiDocs(app);
  await app.listen(config.INGESTION_PORT, config.HOST);
  app.get(Logger).log(`ingestion-gateway listening on http://${config.HOST}:${config.INGESTION_PORT}`);
}

void bootstrap();
