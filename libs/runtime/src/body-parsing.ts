import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import express, { Request, RequestHandler, Response } from 'express';
import { Observable, from, switchMap } from 'rxjs';
import { ApiError } from './api-error';

export const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Deepest nesting of arrays and objects a JSON body may have. Events allow depth 5 in their metadata; a batch
 * wraps them in three more levels. A body past this is refused before JSON.parse ever sees it, so a few MB of
 * `[[[[...` cost one linear byte scan instead of a parse.
 */
export const MAX_JSON_DEPTH = 64;

export interface BodyParsingOptions {
  /** Largest JSON body accepted where no route-specific limit applies, e.g. '64kb'. Larger bodies get 413. */
  jsonLimit: string;
  /** Larger limits for some paths (prefix match), e.g. `{ '/api/events/batch': '5mb' }`. */
  jsonLimitsByPath?: Record<string, string>;
  /** Paths (prefix match) whose body is kept as raw bytes (`Buffer`), e.g. signed webhooks. */
  rawBodyPaths?: Record<string, string>;
}

/**
 * Reads the body of a request once its route's guards (API key, rate limit) have let it through: body parsing
 * is an interceptor, not a middleware, so an unauthenticated or rate-limited caller gets its 401 or 429 without
 * the gateway reading, inflating or parsing a byte of what it sent.
 */
@Injectable()
export class BodyParsingInterceptor implements NestInterceptor {
  private readonly parsers: { prefix: string; parse: RequestHandler }[];
  private readonly defaultParser: RequestHandler;

  constructor(options: BodyParsingOptions) {
    this.parsers = [
      ...Object.entries(options.rawBodyPaths ?? {}).map(([prefix, limit]) => ({ prefix, parse: express.raw({ limit, type: () => true }) })),
      ...Object.entries(options.jsonLimitsByPath ?? {}).map(([prefix, limit]) => ({ prefix, parse: jsonParser(limit) })),
    ];
    this.defaultParser = jsonParser(options.jsonLimit);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    return from(this.parse(http.getRequest<Request>(), http.getResponse<Response>())).pipe(switchMap(() => next.handle()));
  }

  private parse(request: Request, response: Response): Promise<void> {
    const parser = this.parsers.find(({ prefix }) => underPrefix(request.path, prefix))?.parse ?? this.defaultParser;
    return new Promise<void>((resolve, reject) => {
      parser(request, response, (error?: unknown) => (error ? reject(bodyErrorToApiError(error)) : resolve()));
    });
  }
}

function jsonParser(limit: string): RequestHandler {
  return express.json({ limit, type: JSON_TYPES, verify: (_request, _response, bytes) => assertJsonDepth(bytes) });
}

/** `/api/webhooks` covers `/api/webhooks` and `/api/webhooks/x`, not `/api/webhooksx` (like `app.use(path)`). */
function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/**
 * Throws a 400 when the JSON text in `bytes` nests arrays/objects deeper than `maxDepth`. One pass over the
 * bytes, brackets inside strings ignored; it does not validate the JSON (JSON.parse does that afterwards).
 */
export function assertJsonDepth(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): void {
  if (jsonDepthExceeds(bytes, maxDepth)) {
    throw Object.assign(new Error(`the body nests arrays or objects deeper than ${maxDepth} levels`), { status: 400, type: 'entity.too.deep' });
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

export function jsonDepthExceeds(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}

// zlib's codes for a body that does not decode with the Content-Encoding it claims (e.g. `gzip` on plain text).
const DECODING_ERROR_CODES = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT', 'ERR_BROTLI_DECOMPRESSION_FAILED', 'ERR_PADDING_1', 'ERR_PADDING_2']);

/**
 * A body-parser failure as an answer in the error contract. Everything the client caused is a 4xx naming what
 * was wrong; only a failure that is not about the request (none is known) stays an internal error.
 */
export function bodyErrorToApiError(error: unknown): unknown {
  const { type, status, code } = (error ?? {}) as { type?: string; status?: number; code?: string };
  const bodyField = (message: string) => [{ field: 'body', message }];
  switch (type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', 'the body is not valid JSON', bodyField('must be valid JSON'));
    case 'entity.too.deep':
      return new ApiError(400, 'invalid_json', (error as Error).message, bodyField(`must not nest deeper than ${MAX_JSON_DEPTH} levels`));
    case 'entity.too.large':
      return new ApiError(413, 'payload_too_large', 'the body is larger than this endpoint accepts');
    case 'encoding.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'the content encoding is not supported (use identity, gzip, deflate or br)', [
        { field: 'content-encoding', message: 'must be identity, gzip, deflate or br' },
      ]);
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'only UTF-8 JSON is accepted', [{ field: 'content-type', message: 'charset must be utf-8' }]);
    case 'request.size.invalid':
    case 'request.aborted':
      return new ApiError(400, 'invalid_body', 'the body was not received completely', bodyField('is shorter or longer than its Content-Length'));
  }
  if (code && DECODING_ERROR_CODES.has(code)) {
    return new ApiError(400, 'invalid_encoding', 'the body does not decode with its Content-Encoding', [
      { field: 'content-encoding', message: 'does not match the body (send it encoded that way, or without the header)' },
    ]);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'invalid_body', 'the body cannot be read', bodyField((error as Error).message ?? 'cannot be read'));
  }
  return error;
}
