import { Readable } from 'node:stream';
import { CsvRow, csvEvents } from './csv-events';

/** SHA-256-shaped file keys whose first 24 hex digits are easy to read in expected ids. */
export const FILE_KEY = '0123456789abcdef01234567' + 'f'.repeat(40);
export const OTHER_FILE_KEY = 'fedcba9876543210fedcba98' + '0'.repeat(40);

/** Runs csvEvents over `chunks`, each one a separate chunk of the stream, and collects every row. */
export async function collectRows(chunks: string | string[], fileKey = FILE_KEY): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of csvEvents(Readable.from(typeof chunks === 'string' ? [chunks] : chunks), { fileKey })) {
    rows.push(row);
  }
  return rows;
}
