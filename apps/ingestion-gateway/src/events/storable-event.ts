import { EventValidation, MAX_METADATA_DEPTH, validateEvent } from '@lead-scoring/contracts';

/**
 * Nesting far beyond any valid event: validateEvent measures the size with JSON.stringify, which overflows the
 * stack on a body nested thousands of levels deep (a 500); such input is refused here first, without recursion.
 */
const HOPELESS_DEPTH = 64;

/**
 * validateEvent, plus two guards found by the fault suite's fuzzer (tools/faults): absurdly deep nesting, and NUL
 * characters in string values, which PostgreSQL (under FerretDB) cannot store in JSON (the insert failed with
 * SQLSTATE 22P05, a 500). Keys with NUL are already refused by validateEvent; values are refused here.
 */
export function validateStorableEvent(input: unknown): EventValidation {
  if (depthExceeds(input, HOPELESS_DEPTH)) {
    return { ok: false, details: [{ field: 'metadata', message: `must not be nested more than ${MAX_METADATA_DEPTH} levels deep` }] };
  }
  const validation = validateEvent(input);
  if (!validation.ok) return validation;
  // The body as sent, so that the details name the fields the client wrote (the normalized event copies some).
  const nul = stringsWithNul(input);
  if (nul.length > 0) return { ok: false, details: nul.map((field) => ({ field, message: 'must not contain NUL characters' })) };
  return validation;
}

function depthExceeds(input: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[input, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Paths (dotted, as in error details) of the string values that contain U+0000; at most 20. */
function stringsWithNul(input: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length > 0 && found.length < 20) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found.push(path);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) stack.push([child, path ? `${path}.${key}` : key]);
    }
  }
  return found.sort();
}
