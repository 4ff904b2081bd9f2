import { RE2JS } from 're2js';
import { MAX_REGEX_PATTERN_LENGTH, MAX_REGEX_PROGRAM_SIZE, capDfaMemory, compileRuleRegex } from './rule-regex';
import { parseWith, ruleCreateSchema } from './rule-validation';

const regexRule = (value: unknown) => ({ name: 'r', event_type: 'PAGE_VIEW', points: 1, conditions: [{ field: 'metadata.url', op: 'regex', value }] });
const refusal = (value: unknown) => {
  const result = parseWith(ruleCreateSchema, regexRule(value));
  return result.ok ? undefined : result.details;
};

describe('regex conditions (RE2)', () => {
  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'foo(?=bar)'],
    ['a negative lookahead', '^(?!admin)'],
    ['a lookbehind', '(?<=@)example'],
    ['a possessive quantifier', 'a++'],
    ['a syntax error', '('],
    ['a repetition count over 1000', 'a{1001}'],
    ['a pattern that is too long', 'a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1)],
    ['a pattern whose program is too large', '(?:[a-z]+\\s?){20}!'],
    ['a non-string pattern', 42],
  ])('refuses %s with a detail naming the condition value', (_name, pattern) => {
    expect(refusal(pattern)).toEqual([{ field: 'conditions.0.value', message: expect.any(String) }]);
  });

  it('accepts the patterns rules are written with', () => {
    for (const pattern of ['^/(pricing|plans)$', '(?i)(cto|cfo|ceo|vp|director)', '\\.pdf$', '^[A-Z]{2}$', '(?i)^[a-z0-9._%+-]+@gmail\\.com$']) {
      expect(refusal(pattern)).toBeUndefined();
    }
  });

  it('bounds every accepted program by MAX_REGEX_PROGRAM_SIZE', () => {
    const compiled = compileRuleRegex('(a+)+$');
    expect(compiled.ok && compiled.regex.programSize()).toBeLessThanOrEqual(MAX_REGEX_PROGRAM_SIZE);
  });

  it('can cap the lazy DFA memory of this re2js version (an upgrade that renames its internals fails here)', () => {
    expect(capDfaMemory(RE2JS.compile('a+b'))).toBe(true);
  });
});
