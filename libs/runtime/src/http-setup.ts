import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ErrorBody } from '@lead-scoring/contracts';
import { ApiError } from './api-error';
import { Metrics } from './metrics';

const JSON_TYPES = ['application/json', 'application/*+json'];

export interface HttpSetupOptions {
  /** Largest JSON body accepted where no route-specific limit applies, e.g. '64kb'. Larger bodies get 413. */
  jsonLimit: string;
  /** Larger limits for some paths (prefix match), e.g. `{ '/api/events/batch': '5mb' }`. */
  jsonLimitsByPath?: Record<string, string>;
  /** Paths (prefix match) whose body is kept as raw bytes (`Buffer`), e.g. signed webhooks. */
  rawBodyPaths?: Record<string, string>;
  corsOrigins: string[];
}

/**
 * Body parsing, error shape, CORS and request metrics shared by the HTTP services. Nest's own body parser is
 * off (create the app with `bodyParser: false`) so that parse errors reach the error contract instead of
 * Express's HTML page.
 */
export function configureHttp(app: NestExpressApplication, options: HttpSetupOptions): void {
  const metrics = app.get(Metrics);
  app.disable('x-powered-by');
  app.use((request: Request, response: Response, next: NextFunction) => {
    const stop = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  });
  app.use(helmet());
  for (const [path, limit] of Object.entries(options.rawBodyPaths ?? {})) {
    app.use(path, express.raw({ limit, type: () => true }));
  }
  for (const [path, limit] of Object.entries(options.jsonLimitsByPath ?? {})) {
    app.use(path, express.json({ limit, type: JSON_TYPES }));
  }
  // Runs after the route-specific parsers: a body they parsed already is left as it is.
  app.use(express.json({ limit: options.jsonLimit, type: JSON_TYPES }));
  app.use(bodyErrorToContract);
  app.enableCors({ origin: options.corsOrigins, allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'Idempotency-Key'] });
  app.useGlobalFilters(new ErrorContractFilter());
  app.enableShutdownHooks();
}

/** Body-parser failures as 4xx in the error contract. */
function bodyErrorToContract(error: { type?: string; status?: number } | undefined, _request: Request, response: Response, next: NextFunction): void {
  if (!error) return next();
  const known: Record<string, [number, ErrorBody]> = {
    'entity.parse.failed': [400, { error: 'invalid_json', message: 'the body is not valid JSON', details: [{ field: 'body', message: 'must be valid JSON' }] }],
    'entity.too.large': [413, { error: 'payload_too_large', message: 'the body is larger than this endpoint accepts' }],
    'encoding.unsupported': [415, { error: 'unsupported_media_type', message: 'the content encoding is not supported' }],
    'charset.unsupported': [415, { error: 'unsupported_media_type', message: 'only UTF-8 JSON is accepted' }],
  };
  const mapped = error.type ? known[error.type] : undefined;
  if (!mapped) return next(error);
  response.status(mapped[0]).json(mapped[1]);
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
