import { canonicalEmail } from '@lead-scoring/contracts';
import { CsvLayout } from './csv-header';

/**
 * One data row of an uploaded CSV: the event it describes (not yet validated) or why it describes none.
 * `row` is the data row index: the Nth CSV record after the header, counting from 1. A quoted cell that spans
 * several lines still counts as one row, and blank lines are not rows.
 */
export type CsvRow = { row: number; event: Record<string, unknown> } | { row: number; error: string };

/** Turns the cells of data row `row` into an event, following the header's layout. */
export function csvRowToEvent(layout: CsvLayout, cells: readonly string[], row: number, idPrefix: string): CsvRow {
  const event: Record<string, unknown> = {};
  const metadataColumns: Array<[key: string, value: string]> = [];
  let metadataJson: string | undefined;
  const problems: string[] = [];

  cells.forEach((value, index) => {
    // Empty cells mean "not given": an empty string would fail validation or shadow a default.
    if (value === '') return;
    const target = layout.columns[index] ?? { kind: 'unnamed' };
    if (target.kind === 'top_level') event[target.field] = value;
    else if (target.kind === 'metadata') metadataColumns.push([target.key, value]);
    else if (target.kind === 'metadata_json') metadataJson = value;
    // Refused rather than dropped: a stray value usually means an unquoted comma shifted the row.
    else problems.push(`column ${index + 1}: has a value but no name in the header`);
  });

  const metadata = metadataJson === undefined ? {} : parseMetadataJson(metadataJson);
  if (metadata === undefined) return { row, error: 'metadata: must be a JSON object' };
  for (const [key, value] of metadataColumns) {
    const conflict = mergeIntoMetadata(metadata, key, value);
    if (conflict !== undefined) problems.push(conflict);
  }
  if (problems.length > 0) return { row, error: problems.join('; ') };

  // Without an id or a timestamp the gateway could only mint a random key, and a re-upload would duplicate the
  // row; the file's hash and the row number give the same key every time. With a timestamp (and no id) the
  // gateway's content hash is the key, so none is invented here.
  if (event['event_id'] === undefined && event['timestamp'] === undefined) {
    event['event_id'] = `csv_${idPrefix}_${row}`;
  }
  event['metadata'] = metadata;
  return { row, event };
}

function parseMetadataJson(cell: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(cell);
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    return isObject ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Adds a column's value to metadata; returns a problem when the metadata JSON already says otherwise. */
function mergeIntoMetadata(metadata: Record<string, unknown>, key: string, value: string): string | undefined {
  if (!Object.hasOwn(metadata, key)) {
    // defineProperty, not assignment: a column named __proto__ must become a key, not a prototype.
    Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
    return undefined;
  }
  const existing = metadata[key];
  if (sameValue(key, existing, value)) return undefined;
  return `metadata.${key}: the ${key} column says ${quote(value)} but the metadata JSON says ${quote(existing)}`;
}

// Cells are text, so `99` in a column agrees with 99 in the JSON; emails are compared in the canonical form
// validation gives them (case, Unicode normalisation, IDN domain), so two spellings of one address agree.
function sameValue(key: string, existing: unknown, cell: string): boolean {
  if (!['string', 'number', 'boolean'].includes(typeof existing)) return false;
  const text = String(existing).trim();
  return key === 'email' ? canonicalEmail(text) === canonicalEmail(cell) : text === cell;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
