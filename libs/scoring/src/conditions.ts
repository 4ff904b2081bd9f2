import { RE2JS } from 're2js';
import { RuleCondition, compileRuleRegex, regexFinds } from '@lead-scoring/contracts';

/** The parts of an event a condition may look at. */
export interface ConditionSubject {
  event_type: string;
  source?: string;
  metadata: Record<string, unknown>;
  /** A lead's traits, for fit rules (`traits.<key>`). */
  traits?: Record<string, unknown>;
}

/** Raised when a rule cannot be evaluated at all (e.g. its regex does not compile). */
export class RuleEvaluationError extends Error {}

/** Compiled patterns by source; rules are few and change rarely, so this stays small. */
const regexCache = new Map<string, RE2JS>();

export function conditionHolds(condition: RuleCondition, subject: ConditionSubject): boolean {
  const actual = readPath(subject, condition.field);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected !== false);
    case 'eq':
      return looselyEqual(actual, expected);
    case 'neq':
      return !looselyEqual(actual, expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => looselyEqual(item, expected));
      return typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase());
    case 'starts_with':
      return typeof actual === 'string' && actual.toLowerCase().startsWith(String(expected).toLowerCase());
    case 'regex':
      return (typeof actual === 'string' || typeof actual === 'number') && regexFinds(compile(String(expected)), String(actual));
    case 'gt':
      return compareNumbers(actual, expected, (a, b) => a > b);
    case 'gte':
      return compareNumbers(actual, expected, (a, b) => a >= b);
    case 'lt':
      return compareNumbers(actual, expected, (a, b) => a < b);
    case 'lte':
      return compareNumbers(actual, expected, (a, b) => a <= b);
    case 'in':
      return Array.isArray(expected) && expected.some((candidate) => looselyEqual(actual, candidate));
    default:
      throw new RuleEvaluationError(`unknown operator ${String((condition as RuleCondition).op)}`);
  }
}

/**
 * Reads `metadata.page.url`-style paths (`metadata.items.0` indexes an array); `event_type` and `source` are
 * readable too. Only the event's own data is visible: a plain lookup would find `constructor`, `toString` or
 * `__proto__` on every object through its prototype (and `length` on arrays), so `exists` would hold for all
 * events. A key the event itself carries, even one named `constructor`, is found as usual.
 */
function readPath(subject: ConditionSubject, path: string): unknown {
  let current: unknown = subject;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    const ownData = Array.isArray(current) ? /^(0|[1-9]\d*)$/.test(key) && Number(key) < current.length : Object.hasOwn(current, key);
    if (!ownData) return undefined;
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    // Accessors are code, not data (events parsed from JSON never have them).
    if (descriptor === undefined || !('value' in descriptor)) return undefined;
    current = descriptor.value;
  }
  return current;
}

// CSV and form posts carry numbers as strings: "99" must equal 99.
function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === undefined || actual === null || expected === undefined || expected === null) return false;
  const isPrimitive = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
  return isPrimitive(actual) && isPrimitive(expected) && String(actual) === String(expected);
}

function compareNumbers(actual: unknown, expected: unknown, test: (a: number, b: number) => boolean): boolean {
  if (actual === null || actual === undefined || actual === '' || typeof actual === 'boolean') return false;
  const a = Number(actual);
  const b = Number(expected);
  return Number.isFinite(a) && Number.isFinite(b) && test(a, b);
}

/**
 * The RE2 program of a pattern, under the same limits as the rule API (a rule stored before them, or written to
 * the database by hand, is reported rather than run with a backtracking engine).
 */
function compile(pattern: string): RE2JS {
  let regex = regexCache.get(pattern);
  if (!regex) {
    const compiled = compileRuleRegex(pattern);
    if (!compiled.ok) throw new RuleEvaluationError(`invalid regex ${JSON.stringify(pattern)}: ${compiled.message}`);
    regex = compiled.regex;
    regexCache.set(pattern, regex);
  }
  return regex;
}
