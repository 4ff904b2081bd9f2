import { Readable } from 'node:stream';
import { CsvError, Info, parse } from 'csv-parse';
import { CsvHeaderError, CsvLayout, readCsvHeader } from './csv-header';
import { CsvRow, csvRowToEvent } from './csv-row';

export { CsvHeaderError } from './csv-header';
export type { CsvRow } from './csv-row';
export { rowErrorMessage } from './row-error-message';

/**
 * Largest CSV record accepted. An event is at most 32 KB (SPEC.md), so a bigger record is a mistake, most often an
 * unclosed quote that would otherwise swallow the rest of the file into one cell and hold it all in memory.
 */
export const MAX_CSV_RECORD_BYTES = 1024 * 1024;

export interface CsvEventsOptions {
  /** Hex digest (SHA-256) of the whole file: makes the generated event ids the same on every upload of it. */
  fileKey: string;
}

interface ParsedRecord {
  info: Info;
  record: string[];
}

const PARSE_OPTIONS = {
  bom: true,
  relax_column_count: true,
  // A stray quote inside an unquoted cell (`27" monitor`) is kept as text rather than failing the file.
  relax_quotes: true,
  skip_empty_lines: true,
  trim: true,
  info: true,
  max_record_size: MAX_CSV_RECORD_BYTES,
};
// By default a stream that fails is destroyed at once and the records it had already parsed are discarded, so
// the rows before a syntax error would vanish. Kept alive, it hands them over first, then the error. (A stream
// option that csv-parse passes through to Transform, but its Options type does not list.)
const DELIVER_PARSED_RECORDS_BEFORE_ERROR = { autoDestroy: false };

/**
 * Streams the events of an uploaded CSV (SPEC.md, `POST /api/events/upload`), one CsvRow per data row, in file
 * order. Records are pulled one at a time, so the file is never held in memory and a slow consumer slows the
 * reading of `input` (backpressure).
 *
 * - The header is read first; when it cannot be used, a CsvHeaderError is thrown before any row is yielded.
 * - Events are not validated here: the caller runs validateEvent and reports its details with rowErrorMessage.
 * - Malformed CSV (an unclosed quote, text after a closing quote, a record over MAX_CSV_RECORD_BYTES) does not
 *   throw: every row before it is yielded, then one last `{ row, error }` carrying the parser's message for the
 *   row where parsing failed, and the generator ends. The caller keeps the rows it got and reports the rest.
 * - Errors of `input` itself (a broken upload) are thrown as they are.
 * - When the generator stops early (the consumer breaks, a header or format error), `input` is unpiped and
 *   destroyed, as stream.pipeline would, so a half-read file never keeps its handle open.
 */
export async function* csvEvents(input: Readable, options: CsvEventsOptions): AsyncGenerator<CsvRow> {
  const idPrefix = generatedIdPrefix(options.fileKey);
  const parser = parse({ ...PARSE_OPTIONS, ...DELIVER_PARSED_RECORDS_BEFORE_ERROR });
  // Left attached afterwards: a late error of `input` must land somewhere rather than crash the process.
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let layout: CsvLayout | undefined;
  let lastRow = 0;
  try {
    for await (const { info, record } of parser as AsyncIterable<ParsedRecord>) {
      if (layout === undefined) {
        layout = readCsvHeader(record);
        continue;
      }
      // info.records counts the header too; blank lines are skipped and a multi-line cell is one record.
      lastRow = info.records - 1;
      yield csvRowToEvent(layout, record, lastRow, idPrefix);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (layout === undefined) throw new CsvHeaderError(`Invalid CSV header: ${error.message}`);
    yield { row: lastRow + 1, error: `${error.message}; the rest of the file was not read` };
    return;
  } finally {
    input.unpipe(parser);
    parser.destroy();
    input.destroy();
  }
  if (layout === undefined) throw new CsvHeaderError('The CSV file is empty: expected a header row such as event_type,email');
}

function generatedIdPrefix(fileKey: string): string {
  if (!/^[0-9a-f]{24,}$/i.test(fileKey)) {
    throw new TypeError('fileKey must be a hex digest of the file (SHA-256), at least 24 hex digits');
  }
  return fileKey.slice(0, 24).toLowerCase();
}
