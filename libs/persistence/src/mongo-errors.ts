/** MongoDB and FerretDB report a unique index violation with this code (FerretDB omits the index name). */
export const DUPLICATE_KEY_CODE = 11000;

interface WriteErrorLike {
  index?: number;
  code?: number;
  err?: { index?: number; code?: number };
}

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY_CODE;
}

/**
 * For an unordered bulk insert that failed only on duplicate keys: the indexes of the duplicates.
 * Null when anything else went wrong, so the caller rethrows.
 */
export function duplicateIndexesOf(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: WriteErrorLike[] } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return null;
  const indexes = new Set<number>();
  for (const writeError of writeErrors) {
    const code = writeError.code ?? writeError.err?.code;
    const index = writeError.index ?? writeError.err?.index;
    if (code !== DUPLICATE_KEY_CODE || index === undefined) return null;
    indexes.add(index);
  }
  return indexes;
}

const UNAVAILABLE_NAMES = /ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared|Interrupted|ShutdownInProgress/;
// Node's messages for a connection the server closed under a write are among them: a bulk insert copies only the
// message of the network error into the MongoBulkWriteError it throws (no name, no cause). The fault suite's
// mongo-outage scenario got a 500 instead of a 503 when FerretDB stopped mid-insert.
const UNAVAILABLE_MESSAGES =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|connection .*(closed|reset)|This socket has been ended by the other party|socket hang up|before initial connection is complete|Client must be connected|Server selection timed out/i;

/**
 * True when a MongoDB operation failed because the server could not be reached or stopped answering:
 * a 503 for callers, as opposed to a bug. Bulk writes wrap the network error, so causes are followed.
 */
export function isUnavailableError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
  return (
    (typeof name === 'string' && UNAVAILABLE_NAMES.test(name)) ||
    (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) ||
    isUnavailableError(cause, depth + 1)
  );
}
