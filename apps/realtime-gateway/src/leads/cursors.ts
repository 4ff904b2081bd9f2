import { LEAD_SORTS, LeadSort } from '@lead-scoring/contracts';
import { EventPosition, LeadListCursor } from '@lead-scoring/persistence';
import { decodeCursor, encodeCursor, invalidParameter } from './query-params';

// Cursors come back from clients, so every field is checked before it reaches Redis or MongoDB: a cursor of the
// right shape but the wrong types (a text score, an impossible date) once reached ZCOUNT as "(NaN" and answered 500.

/** Longest id a cursor may carry: event ids are at most 128 characters, webhook-derived ones a little more. */
const MAX_ID_LENGTH = 512;
/** Longest lexical sort value: an index member `<name or email>\0<lead_id>`. */
const MAX_LEXICAL_VALUE_LENGTH = 2048;

/** `GET /api/leads`: the sort it belongs to, the last item's sort value (score, epoch ms or index member) and id. */
type ListCursorJson = { s: LeadSort; v: number | string; id: string };
/** History and events: the last item's event time and event id. */
type TimelineCursorJson = { t: string; id: string };

const isRecordWithKeys = (value: unknown, keys: string[]): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).sort().join() === [...keys].sort().join();

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;

/** A sort value that the index of `sort` could have written. */
function isSortValue(sort: LeadSort, value: unknown, id: string): boolean {
  const field = sort.replace(/^-/, '');
  if (field === 'name' || field === 'email') {
    // Lexical members end with "\0<lead_id>": the cursor's value must be the member of its own lead.
    return typeof value === 'string' && value.length <= MAX_LEXICAL_VALUE_LENGTH && value.endsWith(`\0${id}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return false;
  // last_event_at is epoch milliseconds: within the range a Date can hold.
  return field !== 'last_event_at' || !Number.isNaN(new Date(value).getTime());
}

/** The leads-list cursor for `sort`, or undefined when absent; a cursor of another sort or shape is a 400. */
export function parseListCursor(raw: unknown, sort: LeadSort): LeadListCursor | undefined {
  const cursor = decodeCursor(raw, (value): value is ListCursorJson => isRecordWithKeys(value, ['s', 'v', 'id']) && (LEAD_SORTS as readonly unknown[]).includes(value['s']) && isId(value['id']));
  if (!cursor) return undefined;
  if (cursor.s !== sort) throw invalidParameter('cursor', `belongs to sort ${cursor.s}, not ${sort}`);
  if (!isSortValue(sort, cursor.v, cursor.id)) throw invalidParameter('cursor', 'must be the next_cursor of a previous page of this list');
  return { sort: cursor.s, value: cursor.v, lead_id: cursor.id };
}

export function encodeListCursor(cursor: LeadListCursor): string {
  return encodeCursor({ s: cursor.sort, v: cursor.value, id: cursor.lead_id } satisfies ListCursorJson);
}

/** A history or events cursor: an event time exactly as the server writes it (ISO-8601, UTC) and an event id. */
export function parseTimelineCursor(raw: unknown): EventPosition | undefined {
  const cursor = decodeCursor(
    raw,
    (value): value is TimelineCursorJson =>
      isRecordWithKeys(value, ['t', 'id']) && isId(value['id']) && typeof value['t'] === 'string' && isServerInstant(value['t']),
  );
  return cursor ? { timestamp: cursor.t, event_id: cursor.id } : undefined;
}

export function encodeTimelineCursor(position: EventPosition): string {
  return encodeCursor({ t: position.timestamp, id: position.event_id } satisfies TimelineCursorJson);
}

function isServerInstant(value: string): boolean {
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) ? new Date(value) : null;
  return time !== null && !Number.isNaN(time.getTime()) && time.toISOString() === value;
}
