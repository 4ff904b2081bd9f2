import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from './api-key.guard';
import { API_KEYS, ApiKeys } from './api-keys';
import { HealthController } from './health.controller';
import { redactLoggedRequest } from './log-redaction';
import { requestLogLevel } from './request-log-level';
import { HttpDrain } from './http-drain';
import { Metrics } from './metrics';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

export interface RuntimeOptions {
  service: string;
  logLevel: string;
  /** The dependencies GET /health/ready asks (providers registered elsewhere, e.g. MongoHealthIndicator). */
  readinessChecks: Type<ReadinessCheck>[];
  /** Keys for routes marked with @RequiresKey; omit for a service without protected routes. */
  apiKeys?: ApiKeys;
}

/** What every service process has: JSON logs, health and readiness, Prometheus metrics, API-key auth. */
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.logLevel,
            base: { service: options.service },
            // Keys, signatures and cookies never reach the logs: not in headers, not in a URL's query string.
            serializers: { req: redactLoggedRequest },
            autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true || request.url === '/metrics' },
            customLogLevel: (_request, response, error) => requestLogLevel(response.statusCode, error),
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        Metrics,
        HttpDrain,
        { provide: READINESS_CHECKS, useFactory: (...checks: ReadinessCheck[]) => checks, inject: options.readinessChecks },
        { provide: API_KEYS, useValue: options.apiKeys ?? new ApiKeys({ admin: [] }) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [Metrics, HttpDrain, API_KEYS],
    };
  }
}
