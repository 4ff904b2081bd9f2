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

const UNAVAILABLE_ERRORS = /ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared|Timeout|Interrupted|ShutdownInProgress/;

/**
 * True when a MongoDB operation failed because the server could not be reached or stopped answering:
 * a 503 for callers, as opposed to a bug.
 */
export function isUnavailableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: string; message?: string };
  return (
    (typeof name === 'string' && UNAVAILABLE_ERRORS.test(name)) ||
    (typeof message === 'string' && /before initial connection is complete|Client must be connected|connection .* closed/i.test(message))
  );
}
