import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';
import { Server } from 'node:http';
import helmet from 'helmet';
import { ErrorBody } from '@lead-scoring/contracts';
import { ApiError } from './api-error';
import { BodyParsingInterceptor, BodyParsingOptions, JSON_TYPES } from './body-parsing';
import { answerClientError } from './client-error';
import { HttpDrain } from './http-drain';
import { Metrics } from './metrics';

const KEEP_ALIVE_MS = 65_000;

export interface HttpSetupOptions extends BodyParsingOptions {
  corsOrigins: string[];
}

/**
 * Body parsing, error shape (also for requests Node cannot parse), CORS and request metrics shared by the HTTP
 * services. Nest's own body parser is
 * off (create the app with `bodyParser: false`): bodies are read by BodyParsingInterceptor, after the guards,
 * and its failures are answers in the error contract.
 */
export function configureHttp(app: NestExpressApplication, options: HttpSetupOptions): void {
  const metrics = app.get(Metrics);
  app.disable('x-powered-by');
  app.use(app.get(HttpDrain).middleware);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const stop = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  });
  app.use(helmet());
  app.enableCors({ origin: options.corsOrigins, allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'Idempotency-Key'] });
  app.useGlobalInterceptors(new BodyParsingInterceptor(options));
  app.useGlobalFilters(new ErrorContractFilter());
  const server = app.getHttpServer() as Server;
  server.on('clientError', answerClientError);
  // Clients and load balancers close idle keep-alive connections themselves (fetch after 4 s, most proxies after
  // 60 s). Node closes them after 5 s by default, and a close that crosses a client's next request on the same
  // connection looks to that client like a request dropped without an answer (seen in the fuzzer, 1 in 5,000).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must be longer than keepAliveTimeout, else Node cuts idle connections with it.
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  app.enableShutdownHooks();
}

/** Throws 415 unless the request declares a JSON body. */
export function assertJsonRequest(request: Request): void {
  if (!request.is(JSON_TYPES)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  }
}

@Catch()
export class ErrorContractFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      response.set(exception.headers).status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      response.status(status).json({ error: status === 404 ? 'not_found' : `http_${status}`, message } satisfies ErrorBody);
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(500).json({ error: 'internal_error', message: 'an unexpected error occurred; it has been logged' } satisfies ErrorBody);
  }
}
