import { validateEvent } from './event-validation';

const seedExample = {
  event_type: 'PURCHASE',
  source: 'manual',
  metadata: { email: 'Alice@Microsoft.com', name: 'Alice Johnson' },
};

function fieldsOf(input: unknown): string[] {
  const result = validateEvent(input);
  if (result.ok) throw new Error('expected a validation failure');
  return result.details.map((detail) => detail.field);
}

describe('validateEvent', () => {
  it('normalizes the seed example: email lower-cased, company from the domain, default source kept', () => {
    const result = validateEvent(seedExample);
    expect(result).toEqual({
      ok: true,
      event: {
        event_type: 'PURCHASE',
        source: 'manual',
        metadata: { email: 'alice@microsoft.com', name: 'Alice Johnson', company: 'microsoft.com' },
        email: 'alice@microsoft.com',
        name: 'Alice Johnson',
        company: 'microsoft.com',
      },
    });
  });

  it('accepts the aliases eventId and occurred_at and upper-cases the type', () => {
    const result = validateEvent({ eventId: 'evt_1', event_type: 'page_view', occurred_at: '2026-01-10T12:33:22+01:00', metadata: { email: 'bob@gmail.com' } });
    expect(result.ok && result.event).toMatchObject({ event_id: 'evt_1', event_type: 'PAGE_VIEW', timestamp: '2026-01-10T11:33:22.000Z', source: 'api' });
    expect(result.ok && result.event.company).toBeUndefined();
  });

  it('names every bad field', () => {
    expect(fieldsOf({ event_type: '1bad', metadata: { email: 'not-an-email' } })).toEqual(['event_type', 'metadata.email']);
    expect(fieldsOf({ event_type: 'X', metadata: {} })).toEqual(['metadata.email']);
    expect(fieldsOf({ event_type: 'X' })).toEqual(['metadata']);
    expect(fieldsOf({ event_type: 'X', metadata: { email: 'a@b.co' }, evnt_id: '1' })).toEqual(['evnt_id']);
    expect(fieldsOf([])).toEqual(['body']);
  });

  it('rejects timestamps without an offset, before 2000 or more than a day ahead', () => {
    const at = (timestamp: string) => fieldsOf({ ...seedExample, timestamp });
    expect(at('2026-01-10T11:33:22')).toEqual(['timestamp']);
    expect(at('1999-12-31T23:59:59Z')).toEqual(['timestamp']);
    expect(at(new Date(Date.now() + 25 * 3600_000).toISOString())).toEqual(['timestamp']);
  });

  it('rejects keys MongoDB would read as operators or paths, deep nesting and oversized events', () => {
    expect(fieldsOf({ ...seedExample, metadata: { ...seedExample.metadata, $where: 1 } })).toEqual(['metadata.$where']);
    expect(fieldsOf({ ...seedExample, metadata: { ...seedExample.metadata, nested: { 'a.b': 1 } } })).toEqual(['metadata.nested.a.b']);
    expect(fieldsOf({ ...seedExample, metadata: { ...seedExample.metadata, a: { b: { c: { d: { e: 1 } } } } } })).toEqual(['metadata.a.b.c.d']);
    expect(fieldsOf({ ...seedExample, metadata: { ...seedExample.metadata, blob: 'x'.repeat(33 * 1024) } })).toEqual(['body']);
  });

  it('refuses nesting thousands of levels deep with a detail instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20_000; i++) deep = { n: deep };
    expect(validateEvent({ ...seedExample, metadata: { ...seedExample.metadata, deep } })).toEqual({
      ok: false, details: [{ field: 'metadata', message: 'must not be nested more than 5 levels deep' }],
    });
    expect(fieldsOf({ ...seedExample, source: deep })).toEqual(['source']);
  });

  it('refuses NUL characters in string values (PostgreSQL cannot store them under FerretDB), naming each field', () => {
    expect(fieldsOf({ ...seedExample, source: 'a\u0000b', metadata: { email: 'a\u0000b@example.com', note: 'x\u0000' } }))
      .toEqual(['metadata.email', 'metadata.note', 'source']);
  });
});
