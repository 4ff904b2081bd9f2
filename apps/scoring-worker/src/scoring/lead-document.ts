import { Ruleset, canonicalJson, companyFromEmail } from '@lead-scoring/contracts';
import { ALL_EVENT_TYPES, EventDocument, LeadDocument, LoggedEvent, MAX_EVENT_TYPES_PER_LEAD, PendingEntry, TriggerState, publicLeadId } from '@lead-scoring/persistence';
import { EventPosition, LeadScoreState, ScoringEvent, compareEvents, initialLeadState } from '@lead-scoring/scoring';
import { FoldDigests, FoldRulesets } from './fold-digest';

/** Where an event stands in its lead's log, as the engine orders events. */
export function positionOf(event: Pick<LoggedEvent, 'timestamp' | 'event_id'>): EventPosition {
  return { timestamp: event.timestamp.toISOString(), event_id: event.event_id };
}

/** Event ids in the engine's order (event time, then id). */
export function inFoldOrder(events: LoggedEvent[]): string[] {
  return events.map(positionOf).sort(compareEvents).map((position) => position.event_id);
}

export function toScoringEvent(event: EventDocument): ScoringEvent {
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    source: event.source,
    timestamp: event.timestamp.toISOString(),
    metadata: event.metadata,
  };
}

/** The engine's state as last saved on the lead; a lead never saved starts from the settings' initial state. */
export function scoreStateOf(lead: LeadDocument | null, ruleset: Ruleset): LeadScoreState {
  const initial = initialLeadState(ruleset.settings);
  if (!lead) return initial;
  return {
    score: lead.score,
    stage: lead.stage,
    event_count: lead.event_count,
    last_applied: lead.last_applied
      ? { timestamp: lead.last_applied.timestamp.toISOString(), event_id: lead.last_applied.event_id }
      : null,
    rule_counts: Object.fromEntries(lead.rule_tallies.map((tally) => [tally.rule_id, tally.count])),
    rule_points: Object.fromEntries(lead.rule_tallies.map((tally) => [tally.rule_id, tally.points])),
    rule_recent: lead.rule_recent ?? {},
    traits: lead.traits ?? {},
    fit_score: lead.fit_score ?? initial.fit_score,
    fit_rule_ids: lead.fit_rule_ids ?? [],
    grade: lead.grade ?? initial.grade,
  };
}

/** What to fold: `E` is a whole event, or only its position when the log was too large to read whole. */
export type FoldPlan<E extends LoggedEvent = EventDocument> =
  | { kind: 'up-to-date' }
  | { kind: 'incremental'; events: E[] }
  | { kind: 'refold' };

/**
 * Whether the saved fold of a lead stands under this ruleset: it was folded with the same settings, the same rules
 * for its event types and the same active triggers. A rule change for other types leaves it current, whatever the
 * version.
 */
export function isCurrent(saved: LeadDocument, digests: FoldDigests): boolean {
  return !!saved.rules_digest && saved.rules_digest === digests.of(saved.event_types ?? []) && (saved.triggers_digest ?? null) === digests.triggers.digest;
}

/**
 * The ruleset a live event folds a lead under: the current one, or the previous one while the current one's
 * re-score runs, if the lead is still folded under that (its events then fold incrementally, and the re-score
 * re-folds it under the current ruleset when it reaches it, as it would have anyway).
 */
export function liveFoldDigests(saved: LeadDocument | null, rulesets: FoldRulesets): FoldDigests {
  const { current, previous } = rulesets;
  return saved && previous && !isCurrent(saved, current) && isCurrent(saved, previous) ? previous : current;
}

/**
 * What to do with a lead's log (all its stored events) given what was saved of it. Events after the last applied
 * one are folded onto the saved state, provided every earlier event is accounted for (the counts agree) and the
 * saved fold is current; anything else (a late event, a retried job, a rule change for its event types) re-folds
 * the whole log. So does a pending event at or before the last applied one: late, or folded by an attempt that died
 * before its last writes (history, leaderboard and rollups, then the inbox entries), which only a re-fold completes.
 */
export function planFold<E extends LoggedEvent>(saved: LeadDocument | null, log: E[], digests: FoldDigests, forceRefold: boolean): FoldPlan<E> {
  if (forceRefold || !saved || !isCurrent(saved, digests)) return { kind: 'refold' };
  const last = scoreStateOf(saved, digests.ruleset).last_applied;
  const isNewer = (event: E) => last === null || compareEvents(positionOf(event), last) > 0;
  if (log.some((event) => event.state === 'pending' && !isNewer(event))) return { kind: 'refold' };
  const newer = log.filter(isNewer);
  if (log.length !== saved.event_count + newer.length) return { kind: 'refold' };
  return newer.length === 0 ? { kind: 'up-to-date' } : { kind: 'incremental', events: newer };
}

/**
 * The plan when only the lead's pending events were read: they fold incrementally when all come after the last
 * applied event (an event out of the inbox is always folded in, so nothing else can be missing). Null when the full
 * log is needed: a new lead, a saved fold that is no longer current, or a pending event at or before the last
 * applied one (a late event, or one folded by an attempt that died before deleting its entry).
 */
export function planFromPending(saved: LeadDocument | null, pending: EventDocument[], digests: FoldDigests): FoldPlan | null {
  if (!saved || !isCurrent(saved, digests)) return null;
  if (pending.length === 0) return { kind: 'up-to-date' };
  const last = scoreStateOf(saved, digests.ruleset).last_applied;
  const allLater = last === null || pending.every((event) => compareEvents(positionOf(event), last) > 0);
  return allLater ? { kind: 'incremental', events: pending } : null;
}

/**
 * How long after its receipt a stored event may still be without its inbox copy: the gateway writes the log, then
 * the inbox, and under load the second write can wait behind others.
 */
export const INBOX_GRACE_MS = 5 * 60_000;

/**
 * The lead's log as a fold may use it: each event pending (its copy is in the inbox) or scored, without the events
 * after the last applied one that were stored so recently that their copy may still be on its way. Folding one of
 * those now and again when its copy comes would fold it twice, and cost its partition a recount of the rollups;
 * it is left to its copy's job.
 *
 * An event named by a recheck marker (`markerIds`) is not held: its marker was written by a re-send that found it
 * stored, which a sender does after a failed attempt (storage went away between the log and the inbox writes, and
 * answered 503). That attempt's copy never comes, and holding the event would leave it unscored for the whole grace
 * period. Only a first attempt still in flight when its re-send was answered (a sender that timed out) can bring a
 * copy later: that copy re-folds the lead, which stays exact, and the partition's analytics are counted again
 * (ScoreLeadsUseCase.mayBeMiscounted). Returns the log and the ids held back.
 */
export function foldableLog<E extends LoggedEvent>(log: E[], pendingIds: Set<string>, markerIds: Set<string>, saved: LeadDocument | null, now: number): { log: E[]; held: Set<string> } {
  const last = saved?.last_applied ? positionOf(saved.last_applied) : null;
  const held = new Set<string>();
  const foldable: E[] = [];
  for (const event of log) {
    if (pendingIds.has(event.event_id)) foldable.push({ ...event, state: 'pending' });
    else if (!markerIds.has(event.event_id) && now - event.received_at.getTime() < INBOX_GRACE_MS && (last === null || compareEvents(positionOf(event), last) > 0)) held.add(event.event_id);
    else foldable.push({ ...event, state: 'scored' });
  }
  return { log: foldable, held };
}

/**
 * Whether one of these recheck markers names an event its lead may hold uncounted. A re-fold takes from the log an
 * event whose copy is missing (one earlier than the lead's last, or stored before the grace period), as if the copy
 * were on its way; the rollups count an event when its copy leaves the inbox. If storage failed between the
 * gateway's two writes, that copy never comes: the sender, answered 503, sends the event again, and its marker finds
 * the event folded, uncounted. A marker for an event whose copy was folded and counted looks the same, unless this
 * process remembers folding that copy (`foldedFromCopies`). So a re-send that came within INBOX_GRACE_MS of the
 * event's storing is taken as one after a failure (senders retry soon; its partition is counted again), and a later
 * one as a plain duplicate.
 */
export function resentSoonAfterStoring(entries: PendingEntry[], log: LoggedEvent[], foldedFromCopies: { has(eventId: string): boolean }): boolean {
  const markers = entries.filter((entry) => !entry.event && !foldedFromCopies.has(entry._id));
  if (markers.length === 0) return false;
  const storedAt = new Map(log.map((event) => [event.event_id, event.received_at.getTime()]));
  return markers.some((marker) => {
    const stored = storedAt.get(marker._id);
    return stored !== undefined && marker.received_at.getTime() - stored < INBOX_GRACE_MS;
  });
}

type Profile = Pick<LeadDocument, 'email' | 'name' | 'company' | 'first_event_at' | 'last_event_at' | 'event_types'>;

/**
 * Name, company and email as the latest event in event time says (earlier values stay when it is silent), and the
 * event types seen (or, past MAX_EVENT_TYPES_PER_LEAD of them, ALL_EVENT_TYPES for good).
 */
export function foldProfile(start: Profile, events: LoggedEvent[]): Profile {
  const profile = { ...start };
  const types = new Set(start.event_types);
  const ordered = [...events].sort((a, b) => compareEvents(positionOf(a), positionOf(b)));
  for (const event of ordered) {
    profile.email = event.email ?? profile.email;
    profile.name = event.name ?? profile.name;
    // The email's domain is only the default company (SPEC.md): it must not replace a company the lead was given.
    const defaulted = !!event.email && event.company === companyFromEmail(event.email);
    if (event.company && (!defaulted || !profile.company)) profile.company = event.company;
    if (!profile.first_event_at || event.timestamp < profile.first_event_at) profile.first_event_at = event.timestamp;
    if (!profile.last_event_at || event.timestamp > profile.last_event_at) profile.last_event_at = event.timestamp;
    types.add(event.event_type);
  }
  profile.event_types = types.has(ALL_EVENT_TYPES) || types.size > MAX_EVENT_TYPES_PER_LEAD ? [ALL_EVENT_TYPES] : [...types].sort();
  return profile;
}

export const EMPTY_PROFILE: Profile = { email: null, name: null, company: null, first_event_at: null, last_event_at: null, event_types: [] };

export function buildLeadDocument(
  leadKey: string,
  profile: Profile,
  state: LeadScoreState,
  digests: FoldDigests,
  aliases: string[],
  historyDigest: string,
  triggerStates: TriggerState[],
  behind: boolean,
): LeadDocument {
  return {
    _id: leadKey,
    lead_id: publicLeadId(leadKey),
    ...profile,
    aliases,
    score: state.score,
    stage: state.stage,
    event_count: state.event_count,
    last_applied: state.last_applied
      ? { timestamp: new Date(state.last_applied.timestamp), event_id: state.last_applied.event_id }
      : null,
    rule_tallies: Object.keys(state.rule_counts)
      .sort()
      .map((rule_id) => ({ rule_id, count: state.rule_counts[rule_id], points: state.rule_points[rule_id] ?? 0 })),
    rule_recent: state.rule_recent,
    traits: state.traits,
    fit_score: state.fit_score,
    fit_rule_ids: state.fit_rule_ids,
    grade: state.grade,
    rules_digest: digests.of(profile.event_types),
    history_digest: historyDigest,
    trigger_states: triggerStates,
    triggers_digest: digests.triggers.digest,
    ruleset_version: digests.ruleset.version,
    ...(behind ? { behind } : {}),
    updated_at: new Date(),
  };
}

/**
 * Whether a re-fold gave back what is saved, in everything a reader can see (score, stage, tallies, profile,
 * history) and in its triggers' states: then the lead is not rewritten. Its digest stays the old one, so its next event re-folds it once more.
 */
const VISIBLE_FIELDS = [
  'email', 'name', 'company', 'aliases', 'score', 'stage', 'event_count', 'first_event_at', 'last_event_at', 'last_applied',
  'rule_tallies', 'rule_recent', 'traits', 'fit_score', 'fit_rule_ids', 'grade', 'event_types', 'history_digest', 'trigger_states', 'triggers_digest',
] as const satisfies readonly (keyof LeadDocument)[];

export function sameFold(saved: LeadDocument | null, folded: LeadDocument): boolean {
  // A lead marked behind is rewritten to lose its mark: else the re-score would find it again and again.
  if (!saved || !saved.history_digest || saved.behind) return false;
  const visible = (lead: LeadDocument) => canonicalJson(VISIBLE_FIELDS.map((field) => lead[field] ?? null));
  return visible(saved) === visible(folded);
}
