import { ACCOUNT_SORTS, AccountListCursor, AccountSort } from '@lead-scoring/persistence';
import { decodeCursor, encodeCursor, invalidParameter } from '../leads/query-params';

// Cursors come back from clients: every field is checked before it reaches Redis (see ../leads/cursors.ts).

/** Longest account a cursor may carry: a company name from an event or a lead's email domain. */
const MAX_ACCOUNT_LENGTH = 2048;

/** `GET /api/accounts`: the sort, the last account's sort value (score or leads; its name for `account`) and name. */
type AccountCursorJson = { s: AccountSort; v: number | string; a: string };

function isAccountCursorJson(value: unknown): value is AccountCursorJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    Object.keys(record).sort().join() === 'a,s,v' &&
    (ACCOUNT_SORTS as readonly unknown[]).includes(record['s']) &&
    typeof record['a'] === 'string' &&
    record['a'].length > 0 &&
    record['a'].length <= MAX_ACCOUNT_LENGTH
  );
}

/** A sort value that the order of `sort` could have written for `account`. */
function isSortValue(sort: AccountSort, value: unknown, account: string): boolean {
  if (sort === 'account') return value === account;
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}

/** The accounts-list cursor for `sort`, or undefined when absent; a cursor of another sort or shape is a 400. */
export function parseAccountCursor(raw: unknown, sort: AccountSort): AccountListCursor | undefined {
  const cursor = decodeCursor(raw, isAccountCursorJson);
  if (!cursor) return undefined;
  if (cursor.s !== sort) throw invalidParameter('cursor', `belongs to sort ${cursor.s}, not ${sort}`);
  if (!isSortValue(sort, cursor.v, cursor.a)) throw invalidParameter('cursor', 'must be the next_cursor of a previous page of this list');
  return { sort: cursor.s, value: cursor.v, account: cursor.a };
}

export function encodeAccountCursor(cursor: AccountListCursor): string {
  return encodeCursor({ s: cursor.sort, v: cursor.value, a: cursor.account } satisfies AccountCursorJson);
}
