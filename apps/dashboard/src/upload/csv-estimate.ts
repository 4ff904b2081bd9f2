/** Files up to this size are read once in the browser to estimate their row count (for the processing bar). */
export const ESTIMATE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Data rows of a CSV text: its lines minus the header and a trailing empty line. Quoted fields may hold line
 * breaks, so this is an estimate (an upper bound), shown as such.
 */
export function estimateCsvRows(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  if (text.endsWith('\n')) lines--;
  return Math.max(0, lines - 1);
}

/** A row count never goes past 100 % of an estimate that turned out low. */
export function processedShare(rows: number, estimate: number | null): number | null {
  if (estimate === null || estimate <= 0) return null;
  return Math.min(1, rows / estimate);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
