/**
 * Reads the header row of an event CSV (SPEC.md, `POST /api/events/upload`) into a layout: where each column's
 * cells go in the produced event. Pure: no I/O, no framework.
 */

/** The header cannot be used: the whole file is refused before any row is read. */
export class CsvHeaderError extends Error {
  override readonly name = 'CsvHeaderError';
}

export type TopLevelField = 'event_id' | 'event_type' | 'source' | 'timestamp';

export type ColumnTarget =
  | { kind: 'top_level'; field: TopLevelField }
  | { kind: 'metadata'; key: string }
  /** The seed layout's `metadata` column: a JSON object that the other metadata columns are merged into. */
  | { kind: 'metadata_json' }
  /** A column whose header cell is blank (spreadsheets often export trailing empty columns). */
  | { kind: 'unnamed' };

export interface CsvLayout {
  /** `seed`: the header has a `metadata` JSON column; `flat`: every extra column is a metadata key. */
  kind: 'seed' | 'flat';
  /** One target per header cell, by position. */
  columns: ColumnTarget[];
}

const TOP_LEVEL_FIELDS: readonly string[] = ['event_id', 'event_type', 'source', 'timestamp'];
// The JSON API accepts these aliases (SPEC.md "The event"), so a CSV exported from such events must too.
// A Map, not an object literal: a column named __proto__ or constructor must not find Object.prototype's members.
const HEADER_ALIASES: ReadonlyMap<string, string> = new Map([
  ['eventid', 'event_id'],
  ['occurred_at', 'timestamp'],
]);
const REQUIRED_COLUMNS: Readonly<Record<CsvLayout['kind'], readonly string[]>> = {
  seed: ['event_type'],
  flat: ['event_type', 'email'],
};
const LAYOUT_HINT =
  'expected either the flat layout (event_type,email plus any of event_id,lead_id,name,company,source,timestamp ' +
  'and your own columns) or the seed layout (event_id,event_type,lead_id,email,timestamp,metadata)';

/**
 * Maps header cells to column targets. Names are trimmed and case-insensitive. Throws a CsvHeaderError that
 * names every problem at once (missing required columns, duplicates, names that cannot be metadata keys).
 */
export function readCsvHeader(cells: readonly string[]): CsvLayout {
  const names = cells.map(normalizeHeaderName);
  const kind: CsvLayout['kind'] = names.includes('metadata') ? 'seed' : 'flat';

  const problems = [
    ...missingColumnProblems(names, kind),
    ...duplicateColumnProblems(cells, names),
    ...unstorableNameProblems(cells, names),
  ];
  if (problems.length > 0) throw new CsvHeaderError(`Invalid CSV header: ${problems.join('; ')}`);

  return { kind, columns: names.map(columnTarget) };
}

function normalizeHeaderName(cell: string): string {
  const name = cell.trim().toLowerCase();
  return HEADER_ALIASES.get(name) ?? name;
}

function columnTarget(name: string): ColumnTarget {
  if (name === '') return { kind: 'unnamed' };
  if (name === 'metadata') return { kind: 'metadata_json' };
  if (TOP_LEVEL_FIELDS.includes(name)) return { kind: 'top_level', field: name as TopLevelField };
  // email, lead_id, name, company and every other column describe the lead or the event: metadata.
  return { kind: 'metadata', key: name };
}

function missingColumnProblems(names: readonly string[], kind: CsvLayout['kind']): string[] {
  const missing = REQUIRED_COLUMNS[kind].filter((required) => !names.includes(required));
  if (missing.length === 0) return [];
  const label = missing.length === 1 ? 'column' : 'columns';
  return [`missing required ${label} ${missing.join(', ')} (${LAYOUT_HINT})`];
}

function duplicateColumnProblems(cells: readonly string[], names: readonly string[]): string[] {
  const seen = new Map<string, string[]>();
  names.forEach((name, index) => {
    if (name !== '') seen.set(name, [...(seen.get(name) ?? []), cells[index].trim()]);
  });
  return [...seen.entries()]
    .filter(([, originals]) => originals.length > 1)
    .map(([name, originals]) => `${originals.map((o) => `"${o}"`).join(', ')} all name the column ${name}`);
}

// Metadata keys are stored as MongoDB field names, where `.` is a path and a leading `$` an operator.
function unstorableNameProblems(cells: readonly string[], names: readonly string[]): string[] {
  return names
    .map((name, index) => ({ name, original: cells[index].trim() }))
    .filter(({ name }) => name.startsWith('$') || name.includes('.') || name.includes('\u0000'))
    .map(({ original }) => `column "${original}" cannot be a metadata key (no leading $, no . or NUL)`);
}
