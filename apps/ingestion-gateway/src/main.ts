import 'reflect-metadata';
import { Server } from 'node:http';
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
  // Bodies are read after the guards (API key, rate limit), and past these sizes are refused with 413 before they
  // are parsed. A single event may be 32 KB (larger is a 400 naming the limit); batches and webhook deliveries
  // up to 5 MB.
  configureHttp(app, {
    jsonLimit: '64kb',
    jsonLimitsByPath: { '/api/events/batch': '5mb' },
    // Webhook signatures cover the exact bytes sent, so those bodies stay raw until verified.
    rawBodyPaths: { '/api/webhook': '5mb', '/api/webhooks': '5mb' },
    corsOrigins: config.CORS_ORIGINS,
  });
  app.set('trust proxy', config.TRUST_PROXY);
  serveApiDocs(app);
  const server = await app.listen(config.INGESTION_PORT, config.HOST);
  // Node cuts every request at 300 s by default (requestTimeout), which would end a large CSV upload on a slow
  // link half-way. Uploads have an idle timeout of their own (UPLOAD_IDLE_TIMEOUT_SECONDS) instead; other bodies
  // are at most 5 MB and are read only after the caller's key (or a webhook's rate limit) has been checked.
  // Headers still have to arrive within headersTimeout (66 s, see configureHttp).
  (server as Server).requestTimeout = 0;
  app.get(Logger).log(`ingestion-gateway listening on http://${config.HOST}:${config.INGESTION_PORT}`);
}

void bootstrap();
