import { LoggerService } from '@nestjs/common';
import { ApiError } from '@lead-scoring/runtime';

export const UNEXPECTED_UPLOAD_FAILURE = 'the upload failed on the server; the detail is in the service log';

/**
 * The sentence an upload's `failure` shows (GET /api/uploads/:id, Socket.io). An ApiError's message is written
 * for the client; anything else is a raw error (a driver's or the file system's, naming hosts or paths): it is
 * logged, and the client reads a fixed sentence.
 */
export function uploadFailureMessage(error: unknown, logger: Pick<LoggerService, 'error'>): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause !== undefined) logger.error(`upload failed: ${describe(cause)}`);
  if (error instanceof ApiError) return error.message;
  logger.error(`upload failed: ${describe(error)}`);
  return UNEXPECTED_UPLOAD_FAILURE;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
