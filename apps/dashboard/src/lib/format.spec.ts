import { formatDateTime, formatRelativeTime, formatScore, leadLabel, MISSING } from './format';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatScore', () => {
  it('prints integers as they are and fractions with one decimal', () => {
    expect(formatScore(1000)).toBe('1000');
    expect(formatScore(-15)).toBe('-15');
    expect(formatScore(12.345)).toBe('12.3');
    expect(formatScore(Number.NaN)).toBe(MISSING);
  });
});

describe('formatRelativeTime', () => {
  it('says "just now" within a minute either way (clock skew)', () => {
    expect(formatRelativeTime(ago(30_000), NOW, 'en-US')).toBe('just now');
    expect(formatRelativeTime(ago(-20_000), NOW, 'en-US')).toBe('just now');
  });

  it('uses minutes, hours and days', () => {
    expect(formatRelativeTime(ago(5 * MINUTE), NOW, 'en-US')).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(3 * HOUR + 59 * MINUTE), NOW, 'en-US')).toBe('3 hours ago');
    expect(formatRelativeTime(ago(DAY + HOUR), NOW, 'en-US')).toBe('yesterday');
    expect(formatRelativeTime(ago(-2 * HOUR), NOW, 'en-US')).toBe('in 2 hours');
  });

  it('switches to a date after a month', () => {
    expect(formatRelativeTime(ago(90 * DAY), NOW, 'en-US')).toBe('Oct 12, 2025');
  });

  it('shows a dash for a missing or invalid time', () => {
    expect(formatRelativeTime(null, NOW)).toBe(MISSING);
    expect(formatRelativeTime('not a date', NOW)).toBe(MISSING);
    expect(formatDateTime(undefined)).toBe(MISSING);
  });
});

describe('leadLabel', () => {
  it('shows the name first, then the email', () => {
    expect(leadLabel({ lead_id: 'l1', name: 'Alice Johnson', email: 'alice@microsoft.com' })).toEqual({
      primary: 'Alice Johnson',
      secondary: 'alice@microsoft.com',
    });
  });

  it('falls back to the email, then the lead id', () => {
    expect(leadLabel({ lead_id: 'l1', name: '  ', email: 'alice@microsoft.com' })).toEqual({
      primary: 'alice@microsoft.com',
      secondary: null,
    });
    expect(leadLabel({ lead_id: 'crm-42', name: null, email: null })).toEqual({ primary: 'crm-42', secondary: null });
  });
});
