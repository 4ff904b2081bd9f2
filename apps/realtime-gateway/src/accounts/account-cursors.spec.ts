import { ApiError } from '@lead-scoring/runtime';
import { encodeAccountCursor, parseAccountCursor } from './account-cursors';

const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectCursor400(parse: () => unknown): void {
  let thrown: unknown;
  try {
    parse();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ApiError);
  expect((thrown as ApiError).getStatus()).toBe(400);
  expect((thrown as ApiError).details?.map((detail) => detail.field)).toEqual(['cursor']);
}

describe('accounts-list cursors', () => {
  it('round-trips what the server writes, for numeric and lexical sorts', () => {
    const byScore = { sort: '-score' as const, value: 16.67, account: 'Acme' };
    expect(parseAccountCursor(encodeAccountCursor(byScore), '-score')).toEqual(byScore);
    const byLeads = { sort: '-leads' as const, value: 5, account: 'wingtip.com' };
    expect(parseAccountCursor(encodeAccountCursor(byLeads), '-leads')).toEqual(byLeads);
    const byName = { sort: 'account' as const, value: 'Ünïcode: Co', account: 'Ünïcode: Co' };
    expect(parseAccountCursor(encodeAccountCursor(byName), 'account')).toEqual(byName);
    expect(parseAccountCursor(undefined, '-score')).toBeUndefined();
    expect(parseAccountCursor('', '-score')).toBeUndefined();
  });

  it.each([
    ['not base64', 'not a cursor!'],
    ['JSON but not an object', json([1, 2])],
    ['null', json(null)],
    ['missing fields', json({ s: '-score', v: 1 })],
    ['extra fields', json({ s: '-score', v: 1, a: 'Acme', x: 1 })],
    ['a leads-list cursor', json({ s: '-score', v: 1, id: 'ld_1' })],
    ['an unknown sort', json({ s: 'secret', v: 1, a: 'Acme' })],
    ['another sort', json({ s: 'score', v: 1, a: 'Acme' })],
    ['a text score', json({ s: '-score', v: 'x', a: 'Acme' })],
    ['an object score', json({ s: '-score', v: { $gt: 1 }, a: 'Acme' })],
    ['a huge score', json({ s: '-score', v: 1e308, a: 'Acme' })],
    ['an empty account', json({ s: '-score', v: 1, a: '' })],
    ['a huge account', json({ s: '-score', v: 1, a: 'x'.repeat(3000) })],
    ['a repeated parameter', ['a', 'b']],
  ])('refuses %s with a 400 naming cursor', (_, cursor) => {
    expectCursor400(() => parseAccountCursor(cursor, '-score'));
  });

  it('refuses a lexical value that is not its own account', () => {
    expectCursor400(() => parseAccountCursor(json({ s: 'account', v: 'Other', a: 'Acme' }), 'account'));
    expectCursor400(() => parseAccountCursor(json({ s: 'account', v: 5, a: 'Acme' }), 'account'));
  });
});
