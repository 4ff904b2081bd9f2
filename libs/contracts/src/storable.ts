import { ErrorDetail } from './api-schemas';

/** At most this many problems are reported: enough to fix a body, bounded for a hostile one. */
const MAX_DETAILS = 20;

/**
 * The values in a parsed JSON body that MongoDB or FerretDB would refuse or silently change, each with the
 * dotted path of its field (`metadata.amount`, `conditions.0.value.2`). "Valid for the contract" must imply
 * "storable": a value refused by storage after validation turned into a 500 after part of a batch was written.
 *
 * - numbers that are not finite: JSON.parse turns `1e309` into Infinity, which PostgreSQL (under FerretDB)
 *   refuses and JSON cannot carry back out;
 * - strings (values and keys) holding U+0000, which PostgreSQL cannot store in JSON (SQLSTATE 22P05);
 * - strings (values and keys) holding a lone UTF-16 surrogate (`"\ud800"`): BSON is UTF-8, so the driver
 *   would store U+FFFD instead and the event read back would differ from the one accepted;
 * - object keys that are empty, start with `$` or contain `.`: operators and paths to MongoDB and FerretDB.
 *
 * Depth is the caller's rule (events allow less than storage does); the walk is iterative so any depth is safe.
 */
export function unstorableFields(input: unknown): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const stack: [value: unknown, path: string][] = [[input, '']];
  while (stack.length > 0 && details.length < MAX_DETAILS) {
    const [value, path] = stack.pop() as [unknown, string];
    const problem = valueProblem(value);
    if (problem !== undefined) {
      details.push({ field: path || 'body', message: problem });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${pathKey(key)}` : pathKey(key);
        const keyTrouble = Array.isArray(value) ? undefined : keyProblem(key);
        if (keyTrouble !== undefined) details.push({ field: childPath, message: keyTrouble });
        else stack.push([child, childPath]);
      }
    }
  }
  return details.slice(0, MAX_DETAILS).sort((a, b) => a.field.localeCompare(b.field));
}

function valueProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'must be a finite number (this one overflows to infinity)';
  if (typeof value === 'string') return textProblem(value);
  return undefined;
}

function keyProblem(key: string): string | undefined {
  if (key === '' || key.startsWith('$') || key.includes('.')) return 'keys must not be empty, start with $ or contain .';
  const trouble = textProblem(key);
  return trouble === undefined ? undefined : `key ${trouble}`;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed
// is ES2024, newer than the library target).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate escape such as \\ud800)';
  return undefined;
}

// Control characters and lone surrogates, which a field path must not carry as they are.
const UNPRINTABLE_IN_PATH = /[\u0000-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A key as it appears in an error detail's dotted `field`: control characters and lone surrogates written as
 * `\uXXXX`. Details are answered, logged and stored (an upload keeps its row errors), so a key holding NUL must
 * not make its own error message unstorable.
 */
export function pathKey(key: string | number | symbol): string {
  return String(key).replace(UNPRINTABLE_IN_PATH, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
