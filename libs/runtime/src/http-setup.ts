import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ErrorBody } from '@lead-scoring/contracts';
import { ApiError } from './api-error';
import { BodyParsingInterceptor, BodyParsingOptions, JSON_TYPES } from './body-parsing';
import { answerClientError } from './client-error';
import { Metrics } from './metrics';

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
  app.getHttpServer().on('clientError', answerClientError);
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
