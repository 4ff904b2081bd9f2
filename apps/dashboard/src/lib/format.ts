import type { LeaderboardItem } from '@lead-scoring/contracts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const MISSING = '—';

/** Scores are integers with the default rules; decay may make them fractional, and one decimal is plenty then. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return MISSING;
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/**
 * "5 minutes ago" / "in 2 hours" up to a month away, then a date. Within a minute either way it says "just now":
 * event times may be slightly ahead of the browser's clock.
 */
export function formatRelativeTime(iso: string | null | undefined, now: number, locale?: string): string {
  const time = parseTime(iso);
  if (time === null) return MISSING;
  const diff = time - now;
  const distance = Math.abs(diff);
  if (distance < MINUTE) return 'just now';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (distance < HOUR) return relative.format(Math.trunc(diff / MINUTE), 'minute');
  if (distance < DAY) return relative.format(Math.trunc(diff / HOUR), 'hour');
  if (distance < 30 * DAY) return relative.format(Math.trunc(diff / DAY), 'day');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(time);
}

/** Full date and time, for tooltips next to a relative time. */
export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  const time = parseTime(iso);
  if (time === null) return MISSING;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(time);
}

function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

export interface LeadLabel {
  primary: string;
  secondary: string | null;
}

/** Leads created from a bare `lead_id` have neither name nor email yet: fall back to the id. */
export function leadLabel(lead: Pick<LeaderboardItem, 'lead_id' | 'name' | 'email'>): LeadLabel {
  const name = lead.name?.trim();
  if (name) return { primary: name, secondary: lead.email };
  if (lead.email) return { primary: lead.email, secondary: null };
  return { primary: lead.lead_id, secondary: null };
}
