import { isUnavailableError } from '@lead-scoring/persistence';

/**
 * Node's messages for a connection the server closed under a write. The driver's bulk insert copies only the
 * message of the network error into the MongoBulkWriteError it throws (no name, no cause), so isUnavailableError
 * does not see it: the fault suite's `mongo-outage` scenario got a 500 instead of a 503 when FerretDB stopped mid-insert.
 */
const LOST_CONNECTION = /This socket has been ended by the other party|socket hang up|connection .* (closed|reset)/i;

/** True when an insert failed because MongoDB went away (answer 503), rather than because of a bug (500). */
export function isStoreUnavailable(error: unknown): boolean {
  if (isUnavailableError(error)) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}
