import { encodeDeliveriesCursor, parseDeliveriesQuery } from './deliveries-query';

describe('parseDeliveriesQuery', () => {
  it('takes defaults, a status, a limit and a cursor it gave', () => {
    expect(parseDeliveriesQuery({})).toEqual({ ok: true, value: { status: null, after: null, limit: 50 } });
    const position = { created_at: new Date('2026-03-01T10:00:00.000Z'), id: 'dlv_abc-_1' };
    expect(parseDeliveriesQuery({ status: 'failed', limit: '100', cursor: encodeDeliveriesCursor(position) })).toEqual({ ok: true, value: { status: 'failed', after: position, limit: 100 } });
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    [{ status: 'sent' }, 'status'],
    [{ status: ['failed'] }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: '1e2' }, 'limit'],
    [{ cursor: 'not base64!' }, 'cursor'],
    [{ cursor: cursorOf({ t: 5, id: 'dlv_a' }) }, 'cursor'],
    [{ cursor: cursorOf({ t: '2026-03-01T10:00:00Z', id: 'dlv_a' }) }, 'cursor'],
    [{ cursor: cursorOf({ t: '2026-03-01T10:00:00.000Z', id: { $gt: '' } }) }, 'cursor'],
    [{ cursor: cursorOf({ t: '2026-03-01T10:00:00.000Z', id: 'dlv_a', extra: 1 }) }, 'cursor'],
    [{ cursor: 'A'.repeat(300) }, 'cursor'],
  ])('refuses %j naming %s', (query, field) => {
    const parsed = parseDeliveriesQuery(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.details.map((detail) => detail.field)).toEqual([field]);
  });
});
