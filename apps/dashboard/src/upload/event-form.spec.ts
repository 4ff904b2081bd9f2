import { EMPTY_EVENT_FORM, fieldOfDetail, validateEventForm } from './event-form';

describe('validateEventForm', () => {
  it('builds the event, upper-casing the type and keeping extra metadata', () => {
    const result = validateEventForm({ ...EMPTY_EVENT_FORM, event_type: 'purchase', email: 'a@b.co', name: ' Ann ', extra: '{"amount": 99}' });
    expect(result).toEqual({ ok: true, event: { event_type: 'PURCHASE', source: 'dashboard', metadata: { amount: 99, email: 'a@b.co', name: 'Ann' } } });
  });

  it('names each bad field', () => {
    const result = validateEventForm({ ...EMPTY_EVENT_FORM, event_type: '9bad', email: 'nope', extra: '[1]' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['email', 'event_type', 'extra']);
  });

  it('needs an email or a lead id, and accepts a lead id alone', () => {
    expect(validateEventForm({ ...EMPTY_EVENT_FORM })).toMatchObject({ ok: false, errors: { email: expect.any(String) } });
    expect(validateEventForm({ ...EMPTY_EVENT_FORM, lead_id: 'L-1' })).toMatchObject({ ok: true, event: { metadata: { lead_id: 'L-1' } } });
  });

  it('rejects timestamps far in the future and converts valid ones to ISO', () => {
    expect(validateEventForm({ ...EMPTY_EVENT_FORM, email: 'a@b.co', timestamp: '2999-01-01T00:00' })).toMatchObject({ ok: false, errors: { timestamp: expect.any(String) } });
    const ok = validateEventForm({ ...EMPTY_EVENT_FORM, email: 'a@b.co', timestamp: '2026-01-10T11:33' });
    expect(ok.ok && ok.event.timestamp).toBe(new Date('2026-01-10T11:33').toISOString());
  });
});

describe('fieldOfDetail', () => {
  it('maps server fields to form fields', () => {
    expect(fieldOfDetail('metadata.email')).toBe('email');
    expect(fieldOfDetail('event_type')).toBe('event_type');
    expect(fieldOfDetail('metadata.url')).toBe('extra');
  });
});
