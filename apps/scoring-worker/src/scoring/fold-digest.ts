import { createHash } from 'node:crypto';
import { HistoryEntry, Ruleset, canonicalJson } from '@lead-scoring/contracts';
import { NO_TRIGGERS, TriggerSet } from '../triggers/trigger-set';

/**
 * What a lead's score is a function of besides its events: the settings, the active engagement rules for the event
 * types it has (such a rule only ever applies to events of its own type) and the active fit rules (they read every
 * lead's traits). Two rulesets with the same digest for a lead fold its log the same way, so a rule change leaves
 * every lead without events of the rule's type as it is: it is neither re-folded nor rewritten.
 */
export function foldDigest(ruleset: Ruleset, eventTypes: readonly string[]): string {
  const types = new Set(eventTypes);
  // How accounts are scored is not part of a lead's fold: a strategy change re-scores accounts, not leads.
  const { accounts: _accounts, ...scoringSettings } = ruleset.settings;
  const rules = ruleset.rules
    .filter((rule) => rule.active && (rule.kind === 'fit' || (rule.event_type !== null && types.has(rule.event_type))))
    .map(({ id, kind, event_type, points, conditions, max_per_lead, max_per_period }) => ({ id, kind, event_type, points, conditions, max_per_lead, max_per_period }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(canonicalJson({ settings: scoringSettings, rules })).digest('base64url');
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
