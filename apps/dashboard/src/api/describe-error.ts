import { ApiError } from './client';

/** The sentence to show a user for any error a request can end with. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return `Unexpected error: ${error.message}`;
  return 'Something went wrong.';
}
