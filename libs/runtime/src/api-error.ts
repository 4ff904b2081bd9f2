import { HttpException } from '@nestjs/common';
import { ErrorDetail } from '@lead-scoring/contracts';

/** An error answer in the shape of SPEC.md: `{error, message, details}`. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super({ error: code, message, ...(details ? { details } : {}) }, status);
  }
}

export const RETRY_AFTER_SECONDS = 5;

/** 503: a dependency is down; nothing was promised, the caller should retry. */
export function dependencyUnavailable(what: string): ApiError {
  return new ApiError(503, 'service_unavailable', `${what} is unavailable; nothing was accepted, retry later`, undefined, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
}

export function validationFailed(details: ErrorDetail[], message = 'the request is invalid'): ApiError {
  return new ApiError(400, 'validation_failed', message, details);
}
