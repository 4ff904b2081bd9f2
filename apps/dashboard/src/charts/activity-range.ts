import type { ActivityParams } from '../api/query-keys';

export interface ActivityRange {
  id: string;
  label: string;
  /** The request for this range at `now` (rounded to the minute so the query key is stable between renders). */
  params(now: number): ActivityParams;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const minute = (now: number) => Math.floor(now / 60_000) * 60_000;
const since = (ms: number, bucket: 'hour' | 'day') => (now: number) => ({
  from: new Date(minute(now) - ms).toISOString(),
  to: new Date(minute(now)).toISOString(),
  bucket,
});

export const ACTIVITY_RANGES: readonly ActivityRange[] = [
  // The server's default: the 30 days ending at the newest event, so imported history shows even when it is old.
  { id: 'latest', label: 'Latest 30 days', params: () => ({}) },
  { id: '24h', label: '24 h', params: since(DAY, 'hour') },
  { id: '7d', label: '7 days', params: since(7 * DAY, 'day') },
  { id: '30d', label: '30 days', params: since(30 * DAY, 'day') },
  { id: '90d', label: '90 days', params: since(90 * DAY, 'day') },
];

/** Axis label of a bucket: hours for hourly buckets, dates for daily ones. */
export function bucketLabel(iso: string, bucket: 'hour' | 'day', locale?: string): string {
  const date = new Date(iso);
  return bucket === 'hour'
    ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date)
    : new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(date);
}
