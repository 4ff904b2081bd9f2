import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { configureHttp, loadConfig, redisUrlOf } from '@lead-scoring/runtime';
import { AppModule } from './app.module';
import { realtimeConfigSchema } from './config';
import { RedisIoAdapter } from './live/redis-io.adapter';

async function bootstrap(): Promise<void> {
  const config = loadConfig(realtimeConfigSchema);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app, { jsonLimit: '64kb', corsOrigins: config.CORS_ORIGINS });
  const ioAdapter = new RedisIoAdapter(app, redisUrlOf(config), `${config.QUEUE_PREFIX}:socket.io`, config.CORS_ORIGINS);
  app.useWebSocketAdapter(ioAdapter);
  await app.listen(config.REALTIME_PORT, config.HOST);
  app.get(Logger).log(`realtime-gateway listening on http://${config.HOST}:${config.REALTIME_PORT}`);
}

void bootstrap();
