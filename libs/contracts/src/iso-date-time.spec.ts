import { parseIsoDateTime } from './iso-date-time';
import { validateEvent } from './event-validation';

describe('parseIsoDateTime', () => {
  it.each([
    ['2026-01-10T11:33:22.553Z', '2026-01-10T11:33:22.553Z'],
    ['2026-01-10T12:33:22+01:00', '2026-01-10T11:33:22.000Z'],
    ['2026-01-10T06:03:22-0530', '2026-01-10T11:33:22.000Z'],
    ['2026-01-10T11:33Z', '2026-01-10T11:33:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2026-01-10T11:33:22.123456789Z', '2026-01-10T11:33:22.123Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(parseIsoDateTime(text) as number).toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-30T00:00:00Z', '2026-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z', '2026-01-00T00:00:00Z', '2026-01-10T25:00:00Z', '2026-01-10T24:00:00Z', '2026-01-10T11:60:00Z',
    '2026-01-10T11:33:60Z', '2026-01-10T11:33:22+24:00', '2026-01-10T11:33:22+01:60', '2026-01-10T11:33:22', '2026-13-01',
    '2026-01-10 11:33:22Z', 'tomorrow',
  ])('refuses %s', (text) => {
    expect(parseIsoDateTime(text)).toBeUndefined();
  });

  it('makes validateEvent refuse an impossible date, naming the field, in both spellings', () => {
    for (const field of ['timestamp', 'occurred_at']) {
      const result = validateEvent({ event_type: 'X', [field]: '2026-02-30T00:00:00Z', metadata: { email: 'a@example.com' } });
      expect(!result.ok && result.details.map((detail) => detail.field)).toEqual([field]);
    }
  });
});
