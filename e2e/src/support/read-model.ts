import { createHash } from 'node:crypto';

// An independent model of what SPEC.md "Reads" should answer for a set of events, under the default rules and
// settings, written from the spec (not from the services' code). Every lead here stays below the 1000 cap.

export const DEFAULT_POINTS: Record<string, number> = { EMAIL_OPEN: 10, PAGE_VIEW: 5, FORM_SUBMISSION: 20, DEMO_REQUEST: 50, PURCHASE: 100 };
export const STAGES_ASCENDING = [{ name: 'cold', min: 0 }, { name: 'warm', min: 50 }, { name: 'hot', min: 100 }, { name: 'qualified', min: 200 }];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ModelEvent {
  event_id: string;
  event_type: string;
  timestamp: string;
  email: string;
  name?: string;
  company?: string;
}

export interface ModelLead {
  key: string;
  lead_id: string;
  email: string;
  name: string | null;
  company: string | null;
  score: number;
  stage: string;
  events: ModelEvent[];
  last_event_at: string;
}

export const publicLeadId = (key: string) => `ld_${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
export const stageOf = (score: number) => [...STAGES_ASCENDING].reverse().find((stage) => score >= stage.min)?.name ?? 'cold';
export const byEventTime = (a: { timestamp: string; event_id: string }, b: { timestamp: string; event_id: string }) =>
  Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function leadsOf(events: ModelEvent[]): ModelLead[] {
  const groups = new Map<string, ModelEvent[]>();
  for (const event of events) groups.set(event.email.toLowerCase(), [...(groups.get(event.email.toLowerCase()) ?? []), event]);
  return [...groups].map(([key, list]) => {
    const ordered = [...list].sort(byEventTime);
    const score = Math.min(1000, ordered.reduce((sum, event) => sum + (DEFAULT_POINTS[event.event_type] ?? 0), 0));
    const latest = ordered[ordered.length - 1];
    return {
      key, lead_id: publicLeadId(key), email: latest.email, score, stage: stageOf(score), events: ordered,
      name: [...ordered].reverse().find((event) => event.name)?.name ?? null,
      company: [...ordered].reverse().find((event) => event.company)?.company ?? null,
      last_event_at: new Date(latest.timestamp).toISOString(),
    };
  });
}

/** Redis orders ties of a sorted set by member: descending sorts put the larger lead id first. */
export function sortLeads(leads: ModelLead[], sort: string): ModelLead[] {
  const field = sort.replace(/^-/, '');
  const sign = sort.startsWith('-') ? -1 : 1;
  const value = (lead: ModelLead): number | string =>
    field === 'score' ? lead.score : field === 'last_event_at' ? Date.parse(lead.last_event_at) : `${(field === 'name' ? lead.name : lead.email)?.toLowerCase() ?? ''}\0${lead.lead_id}`;
  return [...leads].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const primary = typeof x === 'number' ? x - (y as number) : byString(x, y as string);
    return sign * (primary || byString(a.lead_id, b.lead_id));
  });
}

export function summaryOf(leads: ModelLead[], now: Date) {
  const events = leads.flatMap((lead) => lead.events);
  const windowStart = Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR;
  const types = new Map<string, number>();
  for (const event of events) types.set(event.event_type, (types.get(event.event_type) ?? 0) + 1);
  const totalScore = leads.reduce((sum, lead) => sum + lead.score, 0);
  return {
    total_leads: leads.length,
    total_events: events.length,
    events_last_24h: events.filter((event) => Date.parse(event.timestamp) >= windowStart).length,
    average_score: leads.length === 0 ? 0 : Math.round((totalScore / leads.length) * 100) / 100,
    leads_by_stage: STAGES_ASCENDING.map((stage) => ({ stage: stage.name, count: leads.filter((lead) => lead.stage === stage.name).length })),
    events_by_type: [...types].map(([event_type, count]) => ({ event_type, count })).sort((a, b) => b.count - a.count || byString(a.event_type, b.event_type)),
  };
}

export function activityOf(leads: ModelLead[], from: number, to: number, bucket: 'hour' | 'day') {
  const size = bucket === 'hour' ? HOUR : DAY;
  const events = leads.flatMap((lead) => lead.events).filter((event) => Date.parse(event.timestamp) >= from && Date.parse(event.timestamp) < to);
  const eventTypes = [...new Set(events.map((event) => event.event_type))].sort();
  const points = [];
  for (let start = from; start < to; start += size) {
    const inBucket = events.filter((event) => Math.floor(Date.parse(event.timestamp) / size) * size === start);
    const counts = Object.fromEntries(eventTypes.map((type) => [type, inBucket.filter((event) => event.event_type === type).length]));
    points.push({ bucket_start: new Date(start).toISOString(), total: inBucket.length, counts });
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket, event_types: eventTypes, points };
}

/** SPEC default: the 30 days ending with the bucket of the newest event. */
export function defaultActivityRange(leads: ModelLead[], bucket: 'hour' | 'day'): { from: number; to: number } {
  const size = bucket === 'hour' ? HOUR : DAY;
  const newest = Math.max(...leads.flatMap((lead) => lead.events.map((event) => Date.parse(event.timestamp))));
  const to = Math.floor(newest / size) * size + size;
  return { from: to - 30 * DAY, to };
}

export function companiesOf(leads: ModelLead[], limit: number) {
  const companies = new Map<string, { company: string; leads: number; events: number; total_score: number }>();
  for (const lead of leads) {
    if (!lead.company) continue;
    const entry = companies.get(lead.company) ?? { company: lead.company, leads: 0, events: 0, total_score: 0 };
    companies.set(lead.company, { ...entry, leads: entry.leads + 1, events: entry.events + lead.events.length, total_score: entry.total_score + lead.score });
  }
  return { items: [...companies.values()].sort((a, b) => b.leads - a.leads || b.events - a.events || byString(a.company, b.company)).slice(0, limit) };
}

export function scoreDistributionOf(leads: ModelLead[]) {
  const bands = [];
  for (let min = 0; min <= 1000; min += 100) {
    const max = min === 1000 ? null : min + 100;
    bands.push({ min, max, count: leads.filter((lead) => lead.score >= min && (max === null || lead.score < max)).length });
  }
  return { bands, by_stage: STAGES_ASCENDING.map((stage) => ({ stage: stage.name, count: leads.filter((lead) => lead.stage === stage.name).length })) };
}

/** Walks a paginated list to its end with `limit` items per page. */
export async function allPages<T>(fetchPage: (cursor: string | null) => Promise<{ items: T[]; next_cursor: string | null }>, maxPages = 1000): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next_cursor) return { items, pages };
    cursor = page.next_cursor;
  }
  throw new Error(`more than ${maxPages} pages`);
}
