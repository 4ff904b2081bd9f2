import { ApiError } from '@lead-scoring/runtime';
import { encodeListCursor, encodeTimelineCursor, parseListCursor, parseTimelineCursor } from './cursors';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const json = (value: unknown) => b64(JSON.stringify(value));

/** The 400 a bad cursor must give: status, and a detail naming `cursor`. */
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

describe('leads-list cursors', () => {
  it('round-trips what the server writes, for numeric and lexical sorts', () => {
    const byScore = { sort: '-score' as const, value: 120, lead_id: 'ld_1' };
    expect(parseListCursor(encodeListCursor(byScore), '-score')).toEqual(byScore);
    const byName = { sort: 'name' as const, value: 'alice\0ld_2', lead_id: 'ld_2' };
    expect(parseListCursor(encodeListCursor(byName), 'name')).toEqual(byName);
    expect(parseListCursor(undefined, '-score')).toBeUndefined();
    expect(parseListCursor('', '-score')).toBeUndefined();
  });

  it.each([
    ['the reported one: a text score', 'eyJzIjoiLXNjb3JlIiwidiI6IngiLCJpZCI6IngifQ'],
    ['not base64', 'not a cursor!'],
    ['base64 of no JSON', b64('{{{')],
    ['JSON but not an object', json([1, 2])],
    ['null', json(null)],
    ['missing fields', json({ s: '-score', v: 1 })],
    ['extra fields', json({ s: '-score', v: 1, id: 'ld_1', x: 1 })],
    ['an unknown sort', json({ s: 'secret', v: 1, id: 'ld_1' })],
    ['another sort', json({ s: 'score', v: 1, id: 'ld_1' })],
    ['a non-string id', json({ s: '-score', v: 1, id: 5 })],
    ['an empty id', json({ s: '-score', v: 1, id: '' })],
    ['a huge id', json({ s: '-score', v: 1, id: 'x'.repeat(1000) })],
    ['a huge score', json({ s: '-score', v: 1e308, id: 'ld_1' })],
    ['an object score', json({ s: '-score', v: { $gt: 1 }, id: 'ld_1' })],
    ['a huge cursor', 'A'.repeat(100_000)],
    ['a repeated parameter', ['a', 'b']],
  ])('refuses %s with a 400 naming cursor', (_, cursor) => {
    expectCursor400(() => parseListCursor(cursor, '-score'));
  });

  it('refuses a lexical value that is not its own lead member, and a date beyond what a Date holds', () => {
    expectCursor400(() => parseListCursor(json({ s: 'name', v: 5, id: 'ld_1' }), 'name'));
    expectCursor400(() => parseListCursor(json({ s: 'name', v: 'alice\0ld_9', id: 'ld_1' }), 'name'));
    expectCursor400(() => parseListCursor(json({ s: '-last_event_at', v: 9e15, id: 'ld_1' }), '-last_event_at'));
  });
});

describe('history and events cursors', () => {
  it('round-trips what the server writes', () => {
    const position = { timestamp: '2026-01-10T11:33:22.553Z', event_id: 'evt_1' };
    expect(parseTimelineCursor(encodeTimelineCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64', '***'],
    ['not JSON', b64('nope')],
    ['a number time', json({ t: 5, id: 'evt_1' })],
    ['an impossible date', json({ t: '2026-02-30T00:00:00.000Z', id: 'evt_1' })],
    ['a date of another form', json({ t: 'Tue, 10 Feb 2026', id: 'evt_1' })],
    ['a non-string id', json({ t: '2026-01-10T11:33:22.553Z', id: ['evt_1'] })],
    ['a huge id', json({ t: '2026-01-10T11:33:22.553Z', id: 'e'.repeat(10_000) })],
    ['extra fields', json({ t: '2026-01-10T11:33:22.553Z', id: 'evt_1', s: '-score' })],
  ])('refuses %s with a 400 naming cursor', (_, cursor) => {
    expectCursor400(() => parseTimelineCursor(cursor));
  });
});
