import { SCORE_BAND_OPEN_FROM, SCORE_BAND_WIDTH } from '@lead-scoring/contracts';
import { ActivityRollupDocument, AnalyticsRollupDocument, CompanyRollupDocument, LeadRollupDocument } from './schemas/analytics-rollup.schema';

/** What a lead contributes to its partition's lead-level rollup, or what an event contributes to the event rollups. */
export type LeadFacts = { score: number; stage: string; company: string | null; event_count: number };
export type EventFacts = { event_type: string; timestamp: Date };
/** What a scoring job did to one lead, as the rollups see it (see LeadChange). */
export type ChangeFacts = { before: LeadFacts | null; after: LeadFacts; newly_scored: EventFacts[] };

/**
 * The ids of the partition's rollup documents that these changes move: its lead summary, the company documents of
 * the leads' companies before and after, each day of a new event.
 */
export function rollupIdsOf(partition: number, changes: ChangeFacts[]): string[] {
  const companies = new Set(changes.flatMap(({ before, after }) => companiesOf(before, after)).map((company) => companyRollupId(partition, companyBucketOf(company))));
  const days = new Set(changes.flatMap((change) => change.newly_scored.map((event) => activityRollupId(partition, dayOf(event.timestamp)))));
  return [leadRollupId(partition), ...companies, ...days];
}

function companiesOf(before: LeadFacts | null, after: LeadFacts): string[] {
  return [before?.company, after.company].filter((company): company is string => !!company);
}

/**
 * The partition's rollup documents (those of rollupIdsOf) after these changes, built on `stored` (null: none yet),
 * which is left as it was.
 */
export function rollupsAfter(partition: number, changes: ChangeFacts[], stored: (id: string) => AnalyticsRollupDocument | null): AnalyticsRollupDocument[] {
  const summary = structuredClone((stored(leadRollupId(partition)) as LeadRollupDocument | null) ?? emptyLeadRollup(partition));
  const companies = new Map<string, CompanyRollupDocument>();
  const companyRollupOf = (company: string) => {
    const bucket = companyBucketOf(company);
    const id = companyRollupId(partition, bucket);
    let rollup = companies.get(id);
    if (!rollup) companies.set(id, (rollup = structuredClone(stored(id) as CompanyRollupDocument | null) ?? emptyCompanyRollup(partition, bucket)));
    return rollup;
  };
  const days = new Map<string, ActivityRollupDocument>();
  for (const { before, after, newly_scored } of changes) {
    if (before) applyLead(summary, before, -1);
    if (before?.company) applyCompanyLead(companyRollupOf(before.company), before.company, before, -1);
    applyLead(summary, after, 1);
    if (after.company) applyCompanyLead(companyRollupOf(after.company), after.company, after, 1);
    for (const event of newly_scored) {
      applyEvent(summary, event);
      const day = dayOf(event.timestamp);
      const id = activityRollupId(partition, day);
      let activity = days.get(id);
      if (!activity) days.set(id, (activity = structuredClone(stored(id) as ActivityRollupDocument | null) ?? emptyActivityRollup(partition, day)));
      applyActivity(activity, event);
    }
  }
  summary.updated_at = new Date();
  return [compactLeadRollup(summary), ...[...companies.values()].map(compactCompanyRollup), ...days.values()];
}

export function leadRollupId(partition: number): string {
  return `p${partition}|leads`;
}

/**
 * A partition's companies are spread over this many documents by a hash of the name, so that a job rewrites the
 * few its leads' companies fall in, not one list of every company of the partition: thousands in a B2B database
 * (one per email domain), which every job rewrote whole, and which grew toward the 16 MB limit of a document.
 * Readers add up every `companies` document, so where a company's counts are kept does not change the totals:
 * the one document per partition of earlier versions (`p<k>|companies`, no bucket) is read beside the buckets,
 * which then hold what changed since, until a recount or rebuild counts the partition into buckets and deletes it.
 */
export const COMPANY_BUCKETS = 32;

/** FNV-1a of the name's UTF-16 code units: the same in every process and release. */
export function companyBucketOf(company: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < company.length; i++) hash = Math.imul(hash ^ company.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % COMPANY_BUCKETS;
}

export function companyRollupId(partition: number, bucket: number): string {
  return `p${partition}|companies|${bucket}`;
}

export function emptyCompanyRollup(partition: number, bucket: number): CompanyRollupDocument {
  return { _id: companyRollupId(partition, bucket), kind: 'companies', partition, bucket, companies: [] };
}

export function activityRollupId(partition: number, day: string): string {
  return `p${partition}|day|${day}`;
}

export function emptyLeadRollup(partition: number): LeadRollupDocument {
  return {
    _id: leadRollupId(partition), kind: 'leads', partition, lead_count: 0, total_score: 0, stages: [], bands: [], companies: [],
    events_total: 0, events_by_type: [], newest_event_at: null, updated_at: new Date(0),
  };
}

/** The lower edge of a score's band: bands are SCORE_BAND_WIDTH wide, and every score from 1000 up shares one. */
export function bandOf(score: number): number {
  return Math.min(Math.floor(score / SCORE_BAND_WIDTH) * SCORE_BAND_WIDTH, SCORE_BAND_OPEN_FROM);
}

function bump<T extends object, K extends keyof T>(list: T[], key: K, value: T[K], make: () => T, add: (entry: T) => void): void {
  let entry = list.find((item) => item[key] === value);
  if (!entry) {
    entry = make();
    list.push(entry);
  }
  add(entry);
}

/**
 * Adds (sign 1) or removes (sign -1) one lead's contribution to its partition's summary. A job applies `after`
 * minus `before` for each lead; the lead's company document takes the same (applyCompanyLead).
 */
export function applyLead(rollup: LeadRollupDocument, lead: LeadFacts, sign: 1 | -1): void {
  rollup.lead_count += sign;
  rollup.total_score += sign * lead.score;
  bump(rollup.stages, 'stage', lead.stage, () => ({ stage: lead.stage, count: 0 }), (entry) => (entry.count += sign));
  const band = bandOf(lead.score);
  bump(rollup.bands, 'min', band, () => ({ min: band, count: 0 }), (entry) => (entry.count += sign));
}

/** Adds (sign 1) or removes (sign -1) one lead's contribution to `company`, its company, in that company's document. */
export function applyCompanyLead(rollup: CompanyRollupDocument, company: string, lead: LeadFacts, sign: 1 | -1): void {
  bump(rollup.companies, 'company', company, () => ({ company, leads: 0, events: 0, total_score: 0 }), (entry) => {
    entry.leads += sign;
    entry.events += sign * lead.event_count;
    entry.total_score += sign * lead.score;
  });
}

/**
 * Event types a rollup document counts by name; events of any further type count as OTHER_EVENT_TYPES. Senders
 * choose their types (any `^[A-Z][A-Z0-9_]*$`), and one that puts ids in them (FORM_SUBMIT_4711, ...) would grow its
 * partition's summary and day documents with every new one: every job rewrites those whole, and a day document of
 * some 48,000 types passes the 16 MB limit of a document, after which every job of its partition fails. A document
 * names the first types it counts; totals stay exact whatever the types.
 */
export const MAX_EVENT_TYPES_PER_ROLLUP = 200;
/** Where events of types past MAX_EVENT_TYPES_PER_ROLLUP are counted: not a valid event type, so no sender's. */
export const OTHER_EVENT_TYPES = '(other)';

/** The name `eventType` is counted under in `entries` (a document's list of types). */
function countedType(entries: { event_type: string }[], eventType: string): string {
  const named = entries.length < MAX_EVENT_TYPES_PER_ROLLUP || entries.some((entry) => entry.event_type === eventType);
  return named ? eventType : OTHER_EVENT_TYPES;
}

/** Counts newly scored events into the partition's totals. */
export function applyEvent(rollup: LeadRollupDocument, event: EventFacts): void {
  rollup.events_total += 1;
  const type = countedType(rollup.events_by_type, event.event_type);
  bump(rollup.events_by_type, 'event_type', type, () => ({ event_type: type, count: 0 }), (entry) => (entry.count += 1));
  if (!rollup.newest_event_at || event.timestamp > rollup.newest_event_at) rollup.newest_event_at = event.timestamp;
}

/** Drops entries that fell to zero, so that a rollup does not grow with every stage, band or type it ever had. */
export function compactLeadRollup(rollup: LeadRollupDocument): LeadRollupDocument {
  rollup.stages = rollup.stages.filter((entry) => entry.count !== 0);
  rollup.bands = rollup.bands.filter((entry) => entry.count !== 0);
  rollup.events_by_type = rollup.events_by_type.filter((entry) => entry.count !== 0);
  return rollup;
}

/** Drops companies whose counts fell to zero, so that a document does not grow with every company a lead ever had. */
export function compactCompanyRollup(rollup: CompanyRollupDocument): CompanyRollupDocument {
  rollup.companies = rollup.companies.filter((entry) => entry.leads !== 0 || entry.events !== 0 || entry.total_score !== 0);
  return rollup;
}

export function dayOf(timestamp: Date): string {
  return timestamp.toISOString().slice(0, 10);
}

export function emptyActivityRollup(partition: number, day: string): ActivityRollupDocument {
  return { _id: activityRollupId(partition, day), kind: 'activity', partition, month: day.slice(0, 7), day, types: [] };
}

export function applyActivity(rollup: ActivityRollupDocument, event: EventFacts): void {
  const type = countedType(rollup.types, event.event_type);
  let entry = rollup.types.find((item) => item.event_type === type);
  if (!entry) {
    entry = { event_type: type, hours: new Array<number>(24).fill(0) };
    rollup.types.push(entry);
  }
  entry.hours[event.timestamp.getUTCHours()] += 1;
}

/**
 * Rollup documents counted from nothing: leads and scored events added one at a time, each to its partition's
 * documents (a rebuild of every partition, or a recount of one).
 */
export class RollupTally {
  private readonly summaries = new Map<number, LeadRollupDocument>();
  private readonly companies = new Map<string, CompanyRollupDocument>();
  private readonly days = new Map<string, ActivityRollupDocument>();

  /**
   * A partition counted even if it turns out to have no lead (its documents then say so), with every one of its
   * company documents, so that writing them leaves none holding counts from before.
   */
  addPartition(partition: number): LeadRollupDocument {
    let summary = this.summaries.get(partition);
    if (!summary) {
      this.summaries.set(partition, (summary = emptyLeadRollup(partition)));
      for (let bucket = 0; bucket < COMPANY_BUCKETS; bucket++) this.companies.set(companyRollupId(partition, bucket), emptyCompanyRollup(partition, bucket));
    }
    return summary;
  }

  addLead(partition: number, lead: LeadFacts): void {
    applyLead(this.addPartition(partition), lead, 1);
    if (lead.company) applyCompanyLead(this.companies.get(companyRollupId(partition, companyBucketOf(lead.company))) as CompanyRollupDocument, lead.company, lead, 1);
  }

  addEvent(partition: number, event: EventFacts): void {
    applyEvent(this.addPartition(partition), event);
    const day = dayOf(event.timestamp);
    const id = activityRollupId(partition, day);
    let activity = this.days.get(id);
    if (!activity) this.days.set(id, (activity = emptyActivityRollup(partition, day)));
    applyActivity(activity, event);
  }

  documents(now: Date): AnalyticsRollupDocument[] {
    const summaries = [...this.summaries.values()].map((summary) => compactLeadRollup({ ...summary, updated_at: now }));
    return [...summaries, ...[...this.companies.values()].map(compactCompanyRollup), ...this.days.values()];
  }
}
