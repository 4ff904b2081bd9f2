import { DEFAULT_SETTINGS } from './rules';
import { parseWith, ruleCreateSchema, settingsSchema } from './rule-validation';
import { unstorableFields } from './storable';
import { validateEvent } from './event-validation';

/** What a client can send that MongoDB or FerretDB would refuse or change, as JSON text (the way it arrives). */
const UNSTORABLE: Array<[name: string, metadataJson: string, field: string]> = [
  ['1e309 (overflows to Infinity)', '{"amount": 1e309}', 'metadata.amount'],
  ['-1e309 (-Infinity)', '{"amount": -1e309}', 'metadata.amount'],
  ['an infinite number inside an array', '{"items": [1, 2, 1e400]}', 'metadata.items.2'],
  ['an infinite number nested in an object', '{"order": {"total": 1e309}}', 'metadata.order.total'],
  ['a lone high surrogate in a value', '{"note": "a\\ud800b"}', 'metadata.note'],
  ['a lone low surrogate in a value', '{"note": "\\udc00"}', 'metadata.note'],
  ['a lone surrogate in a key', '{"k\\ud800": 1}', 'metadata.k\\ud800'],
  ['NUL in a value', '{"note": "x\\u0000"}', 'metadata.note'],
  ['NUL in a key (the path escapes it)', '{"a\\u0000b": 1}', 'metadata.a\\u0000b'],
  ['a key starting with $', '{"$where": 1}', 'metadata.$where'],
  ['a key holding a dot', '{"nested": {"a.b": 1}}', 'metadata.nested.a.b'],
  ['an empty key', '{"": 1}', 'metadata.'],
];

describe('valid for the contract implies storable', () => {
  it.each(UNSTORABLE)('an event with %s is refused, naming the field', (_name, metadataJson, field) => {
    const metadata = { email: 'alice@example.com', ...JSON.parse(metadataJson) };
    const result = validateEvent({ event_type: 'PURCHASE', metadata });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.details.map((detail) => detail.field)).toEqual([field]);
  });

  it('keeps what storage keeps exactly: large finite numbers, surrogate pairs, unicode keys', () => {
    const metadata = { email: 'alice@example.com', big: 1.7976931348623157e308, tiny: -5e-324, emoji: '😀', 'clé': 'é' };
    expect(unstorableFields(metadata)).toEqual([]);
    expect(validateEvent({ event_type: 'PURCHASE', metadata }).ok).toBe(true);
  });

  it.each([
    ['a rule condition value', { conditions: [{ field: 'metadata.amount', op: 'eq', value: 1e309 }] }, 'conditions.0.value'],
    ['an item of an in list', { conditions: [{ field: 'metadata.amount', op: 'in', value: [1, -1e309] }] }, 'conditions.0.value.1'],
    ['a numeric comparison', { conditions: [{ field: 'metadata.amount', op: 'gt', value: 1e309 }] }, 'conditions.0.value'],
    ['a rule name', { name: 'bad \ud800' }, 'name'],
  ])('a rule with an unstorable value in %s is refused, naming the field', (_name, overrides, field) => {
    const result = parseWith(ruleCreateSchema, { name: 'rule', event_type: 'PURCHASE', points: 1, ...overrides });
    expect(!result.ok && result.details.map((detail) => detail.field)).toEqual([field]);
  });

  it('refuses an object in an in list and a non-finite settings number, naming the field', () => {
    const inList = parseWith(ruleCreateSchema, { name: 'r', event_type: 'X', points: 1, conditions: [{ field: 'source', op: 'in', value: ['a', { b: 1 }] }] });
    expect(!inList.ok && inList.details.map((detail) => detail.field)).toEqual(['conditions.0.value.1']);
    for (const field of ['min_score', 'max_score'] as const) {
      const settings = parseWith(settingsSchema, { ...DEFAULT_SETTINGS, [field]: field === 'min_score' ? -1e309 : 1e309 });
      expect(!settings.ok && settings.details.map((detail) => detail.field)).toEqual([field]);
    }
    const decay = parseWith(settingsSchema, { ...DEFAULT_SETTINGS, decay: { ...DEFAULT_SETTINGS.decay, percent: Number.NaN } });
    expect(!decay.ok && decay.details.map((detail) => detail.field)).toEqual(['decay.percent']);
  });
});
