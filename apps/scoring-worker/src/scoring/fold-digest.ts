import { createHash } from 'node:crypto';
import { HistoryEntry, Ruleset, canonicalJson } from '@lead-scoring/contracts';
import { ALL_EVENT_TYPES, type FoldBasis } from '@lead-scoring/persistence';
import { NO_TRIGGERS, TriggerSet } from '../triggers/trigger-set';

/**
 * What a lead's score is a function of besides its events: the settings, the active engagement rules for the event
 * types it has (such a rule only ever applies to events of its own type) and the active fit rules (they read every
 * lead's traits); for a lead with too many types to list them (ALL_EVENT_TYPES), every engagement rule. Two
 * rulesets with the same digest for a lead fold its log the same way, so a rule change leaves every lead without
 * events of the rule's type as it is: it is neither re-folded nor rewritten.
 */
export function foldDigest(ruleset: Ruleset, eventTypes: readonly string[]): string {
  const types = new Set(eventTypes);
  const everyType = types.has(ALL_EVENT_TYPES);
  // How accounts are scored is not part of a lead's fold: a strategy change re-scores accounts, not leads.
  const { accounts: _accounts, ...scoringSettings } = ruleset.settings;
  const rules = ruleset.rules
    .filter((rule) => rule.active && (rule.kind === 'fit' || (rule.event_type !== null && (everyType || types.has(rule.event_type)))))
    .map(({ id, kind, event_type, points, conditions, max_per_lead, max_per_period }) => ({ id, kind, event_type, points, conditions, max_per_lead, max_per_period }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(canonicalJson({ settings: scoringSettings, rules })).digest('base64url');
}

/**
 * What folds under a ruleset depend on, in parts (see FoldBasis). Recorded with a ruleset version once its recompute
 * is done, so that the next change can tell which leads it can affect (see affectedEventTypes).
 */
export function foldBasis(ruleset: Ruleset): FoldBasis {
  const { accounts: _accounts, ...scoringSettings } = ruleset.settings;
  const active = ruleset.rules.filter((rule) => rule.active).map(({ id, kind, event_type, points, conditions, max_per_lead, max_per_period }) => ({ id, kind, event_type, points, conditions, max_per_lead, max_per_period }));
  const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('base64url');
  const byType = new Map<string, typeof active>();
  for (const rule of active) {
    if (rule.kind === 'fit' || rule.event_type === null) continue;
    byType.set(rule.event_type, [...(byType.get(rule.event_type) ?? []), rule]);
  }
  const sortById = (rules: typeof active) => [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    shared: digest({ settings: scoringSettings, fit: sortById(active.filter((rule) => rule.kind === 'fit')) }),
    types: [...byType].map(([event_type, rules]) => ({ event_type, digest: digest(sortById(rules)) })).sort((a, b) => (a.event_type < b.event_type ? -1 : a.event_type > b.event_type ? 1 : 0)),
  };
}

/**
 * The event types whose leads a change from one ruleset to another can affect: those whose engagement rules differ.
 * Null when it can affect every lead (the settings or the fit rules changed).
 */
export function affectedEventTypes(from: FoldBasis, to: FoldBasis): string[] | null {
  if (from.shared !== to.shared) return null;
  const before = new Map(from.types.map(({ event_type, digest }) => [event_type, digest]));
  const after = new Map(to.types.map(({ event_type, digest }) => [event_type, digest]));
  return [...new Set([...before.keys(), ...after.keys()])].filter((type) => before.get(type) !== after.get(type)).sort();
}

/**
 * The digest of a ruleset for many leads: leads share few sets of event types, so each set is hashed once. Carries
 * the active triggers too: a fold follows them, and a lead folded with other triggers is not current either.
 */
export class FoldDigests {
  private readonly cache = new Map<string, string>();

  constructor(
    readonly ruleset: Ruleset,
    readonly triggers: TriggerSet = NO_TRIGGERS,
  ) {}

  of(eventTypes: readonly string[]): string {
    const key = JSON.stringify([...eventTypes].sort());
    let digest = this.cache.get(key);
    if (digest === undefined) {
      digest = foldDigest(this.ruleset, eventTypes);
      this.cache.set(key, digest);
    }
    return digest;
  }
}

/** What a job folds with: the current ruleset, and the one before it while the current one's re-score runs. */
export interface FoldRulesets {
  current: FoldDigests;
  /**
   * The ruleset this process scored with before the current one (with the current triggers), only while the current
   * version's recompute is not done; else null. A lead still folded under it can take live events incrementally
   * under it, instead of a full re-fold under the current one that its recompute would repeat (ScoreLeadsUseCase).
   */
  previous: FoldDigests | null;
}

/**
 * A digest of a lead's whole history, extended entry by entry: folding new events onto a lead gives the same
 * digest as re-folding its whole log to the same entries, so a re-fold that changes nothing is seen without reading
 * the stored history.
 */
export function extendHistoryDigest(previous: string | null, entries: readonly HistoryEntry[]): string {
  let digest = previous ?? '';
  for (const entry of entries) digest = createHash('sha256').update(digest).update(canonicalJson(entry)).digest('base64url');
  return digest;
}
