import { RE2JS } from 're2js';

/** Longest `regex` condition pattern accepted, in characters. */
export const MAX_REGEX_PATTERN_LENGTH = 256;
/**
 * Largest compiled RE2 program accepted (RE2's own "cost" measure: roughly one instruction per character,
 * class or repetition copy; the rules people write, `^/(pricing|plans)$` or
 * `(?i)(cto|cfo|ceo|vp|director)`, are 10-30). Matching takes time proportional to text length x program size
 * in the worst case, and this bound keeps a 100 KB text under 50 ms for any accepted pattern (tools/bench/regex.ts).
 */
export const MAX_REGEX_PROGRAM_SIZE = 32;

export type RuleRegexCompilation = { ok: true; regex: RE2JS } | { ok: false; message: string };

/**
 * Compiles the pattern of a `regex` condition with RE2 (re2js): linear-time matching, whatever the pattern and
 * the text, so a rule cannot stall scoring with catastrophic backtracking (`(a+)+$`). RE2 syntax has no
 * backreferences and no lookaround; patterns using them are refused here, when the rule is written.
 */
export function compileRuleRegex(pattern: string): RuleRegexCompilation {
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) return { ok: false, message: `must be at most ${MAX_REGEX_PATTERN_LENGTH} characters` };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    return { ok: false, message: `is not a valid RE2 regular expression (${(error as Error).message}); backreferences and lookaround are not supported` };
  }
  if (regex.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    return { ok: false, message: `is too complex (compiles to ${regex.programSize()} RE2 instructions, at most ${MAX_REGEX_PROGRAM_SIZE}); shorten it or lower its repetition counts` };
  }
  capDfaMemory(regex);
  return { ok: true, regex };
}

/**
 * Memory for the lazy DFA of one compiled rule pattern. re2js defaults to 8 MB, and a pattern whose DFA explodes
 * (`[ab]*a[ab]{30}$` against random a/b text) then builds a new state for almost every character until that is
 * spent: 10x slower than its NFA. With a small budget the DFA gives up after a few thousand characters and re2js
 * finishes with the NFA (bounded by text length x program size); other patterns need a few dozen states at most.
 */
const DFA_MEMORY_BYTES = 64 * 1024;

interface Re2jsDfaInternals {
  re2Input?: { dfa?: { memBudget?: unknown; stateBudget?: unknown; maxMem?: unknown } };
}

/**
 * Caps the lazy DFA's memory (see DFA_MEMORY_BYTES). re2js has no option for it, so this sets its internal
 * budget; returns false when this re2js version has no such fields (a unit test pins that it has).
 */
export function capDfaMemory(regex: RE2JS): boolean {
  const dfa = (regex as unknown as Re2jsDfaInternals).re2Input?.dfa;
  if (dfa === undefined || typeof dfa.memBudget !== 'number' || typeof dfa.stateBudget !== 'number') return false;
  dfa.memBudget = DFA_MEMORY_BYTES;
  dfa.stateBudget = DFA_MEMORY_BYTES;
  dfa.maxMem = DFA_MEMORY_BYTES;
  return true;
}

/** Whether `regex` matches anywhere in `text`: what RegExp#test answers, in linear time. */
export function regexFinds(regex: RE2JS, text: string): boolean {
  return regex.test(text);
}
