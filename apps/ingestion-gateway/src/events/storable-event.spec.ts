import { validateStorableEvent } from './storable-event';

const VALID = { event_type: 'PAGE_VIEW', timestamp: '2025-05-05T10:00:00.000Z', metadata: { email: 'a@example.com', url: '/x' } };

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

describe('validateStorableEvent', () => {
  it('accepts a valid event as validateEvent does', () => {
    expect(validateStorableEvent(VALID)).toMatchObject({ ok: true, event: { event_type: 'PAGE_VIEW' } });
  });

  it('refuses nesting thousands of levels deep with a 4xx detail instead of overflowing the stack', () => {
    expect(validateStorableEvent({ ...VALID, metadata: { ...VALID.metadata, deep: nested(20_000) } })).toEqual({
      ok: false, details: [{ field: 'metadata', message: 'must not be nested more than 5 levels deep' }],
    });
  });

  it('still reports ordinary excess nesting through validateEvent', () => {
    const result = validateStorableEvent({ ...VALID, metadata: { ...VALID.metadata, deep: nested(8) } });
    expect(result.ok).toBe(false);
  });

  it('refuses NUL characters in string values, naming each field', () => {
    const result = validateStorableEvent({ ...VALID, source: 'a\u0000b', metadata: { email: 'a\u0000b@example.com', note: 'x\u0000' } });
    expect(result).toEqual({
      ok: false,
      details: [
        { field: 'metadata.email', message: 'must not contain NUL characters' },
        { field: 'metadata.note', message: 'must not contain NUL characters' },
        { field: 'source', message: 'must not contain NUL characters' },
      ],
    });
  });
});
