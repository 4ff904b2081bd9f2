import { identifyEvent } from './identify-request';

describe('identifyEvent', () => {
  it('makes an IDENTIFY event whose metadata holds the traits and the identity', () => {
    const parsed = identifyEvent({ email: 'Ann@Acme.io', traits: { title: 'VP Sales', company_size: 500 }, timestamp: '2026-01-01T00:00:00Z' });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.event.event_type).toBe('IDENTIFY');
      expect(parsed.event.metadata).toEqual(expect.objectContaining({ title: 'VP Sales', company_size: 500 }));
      expect(parsed.event.timestamp).toBe('2026-01-01T00:00:00.000Z');
    }
  });

  it.each([
    [[], 'body'],
    [{ email: 'a@b.io' }, 'traits'],
    [{ email: 'a@b.io', traits: [1] }, 'traits'],
    [{ email: 'a@b.io', traits: { email: 'c@d.io' } }, 'traits.email'],
    [{ email: 'a@b.io', traits: {}, event_type: 'PURCHASE' }, 'event_type'],
    [{ email: 'not an email', traits: {} }, 'email'],
    [{ traits: { title: 'x' } }, 'email'],
    [{ email: 'a@b.io', traits: { 'a.b': 1 } }, 'traits'],
    [{ email: 'a@b.io', traits: { size: 1e309 } }, 'traits.size'],
  ])('refuses %j naming %s', (body, field) => {
    const parsed = identifyEvent(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.details.map((detail) => detail.field).join(' ')).toContain(field);
  });
});
