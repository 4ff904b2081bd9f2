import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LeadUpdatedMessage, Ruleset, SCORING_QUEUES } from '@lead-scoring/contracts';
import {
  AnalyticsRollupRepository,
  EventDocument,
  LeadChange,
  EventRepository,
  LeaderboardStore,
  LeadDocument,
  LeadRepository,
  ScoreHistoryRepository,
  leaderboardEntryOf,
} from '@lead-scoring/persistence';
import { LiveUpdatesProducer, QueueThroughput } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';
import { foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { CurrentRuleset } from './current-ruleset';
import { EMPTY_PROFILE, FoldPlan, buildLeadDocument, foldProfile, planFold, planFromPending, scoreStateOf, toScoringEvent } from './lead-document';

/** Leads of one job scored at once: they are distinct leads, so each still has a single writer. */
const LEADS_IN_PARALLEL = 8;

interface LeadOutcome {
  change: LeadChange;
  message: LeadUpdatedMessage;
}

/**
 * Folds the new events of some leads into their scores. Runs inside the leads' partition, so it is the only
 * writer of these leads. Every write is a function of the event log, so a crash anywhere is repaired by running
 * it again: the lead is written first (its event_count and last_applied tell the next run what it holds), then
 * its history, the leaderboard and the rollups; its events are marked scored last. So an event marked scored is
 * always folded into its lead, which is what lets the common case read only the lead's pending events.
 */
@Injectable()
export class ScoreLeadsUseCase {
  private readonly scored: Counter<'path'>;

  constructor(
    private readonly events: EventRepository,
    private readonly leads: LeadRepository,
    private readonly history: ScoreHistoryRepository,
    private readonly leaderboard: LeaderboardStore,
    private readonly rollups: AnalyticsRollupRepository,
    private readonly liveUpdates: LiveUpdatesProducer,
    private readonly currentRuleset: CurrentRuleset,
    private readonly throughput: QueueThroughput,
    metrics: Metrics,
  ) {
    this.scored = metrics.counter('events_scored_total', 'Events folded into leads, by fold path', ['path']);
  }

  /**
   * Folds the leads in order; once `skipRest()` answers true, the leads after the first `required` are left for
   * their own jobs (a worker that drains should finish its job's leads, not the look-ahead). Returns how many
   * leads changed, and which were folded (changed or found up to date).
   */
  async execute(
    partition: number,
    leadKeys: string[],
    options: { refold: boolean; required?: number; skipRest?: () => boolean },
  ): Promise<{ changed: number; folded: Set<string> }> {
    const ruleset = await this.currentRuleset.get();
    const outcomes: LeadOutcome[] = [];
    const queue = [...new Set(leadKeys)];
    const required = new Set(queue.slice(0, options.required ?? queue.length));
    const folded = new Set<string>();
    await Promise.all(
      Array.from({ length: Math.min(LEADS_IN_PARALLEL, queue.length) }, async () => {
        for (let leadKey = queue.shift(); leadKey !== undefined; leadKey = queue.shift()) {
          if (!required.has(leadKey) && options.skipRest?.()) continue;
          const outcome = await this.scoreLead(leadKey, ruleset, options.refold);
          if (outcome) outcomes.push(outcome);
          folded.add(leadKey);
        }
      }),
    );
    const changes = outcomes.map(({ change }) => change);
    await this.leaderboard.record(changes.map((change) => leaderboardEntryOf(change.after)));
    // Rollups count the events still pending, so they must be written before those events are marked scored.
    await this.rollups.apply(partition, changes);
    await Promise.all(changes.map((change) => this.events.markScored(change.after._id, change.newly_scored.map((event) => event.event_id))));
    await this.throughput.record(SCORING_QUEUES, changes.reduce((sum, change) => sum + change.newly_scored.length, 0));
    await this.liveUpdates.publish('lead.updated', outcomes.map(({ message }) => message));
    return { changed: outcomes.length, folded };
  }

  private async scoreLead(leadKey: string, ruleset: Ruleset, forceRefold: boolean): Promise<LeadOutcome | null> {
    const [saved, pending] = await Promise.all([this.leads.findByKey(leadKey), this.events.findPendingForLead(leadKey)]);
    let log: EventDocument[] | null = null;
    let plan: FoldPlan | null = forceRefold ? null : planFromPending(saved, pending, ruleset);
    if (!plan) {
      // Events are marked scored only after their lead is saved: a lead never saved has its whole log pending.
      log = saved ? await this.events.findAllForLead(leadKey) : pending;
      plan = planFold(saved, log, ruleset, forceRefold);
    }
    if (plan.kind === 'up-to-date') return null;

    let lead: LeadDocument;
    let applied: EventDocument[];
    if (plan.kind === 'incremental') {
      applied = plan.events;
      const folded = foldEvents(scoreStateOf(saved, ruleset), applied.map(toScoringEvent), ruleset);
      lead = buildLeadDocument(leadKey, foldProfile(saved ?? EMPTY_PROFILE, applied), folded.state, ruleset, saved?.aliases ?? []);
      await this.leads.save(lead);
      await this.history.append(leadKey, folded.history);
    } else {
      // A re-fold is only ever planned from the full log, so it was read above.
      applied = log as EventDocument[];
      const folded = foldEvents(initialLeadState(ruleset.settings), applied.map(toScoringEvent), ruleset);
      lead = buildLeadDocument(leadKey, foldProfile(EMPTY_PROFILE, applied), folded.state, ruleset, saved?.aliases ?? []);
      await this.leads.save(lead);
      await this.history.replaceForLead(leadKey, folded.history);
    }
    this.scored.inc({ path: plan.kind }, applied.length);
    const change = { before: saved, after: lead, newly_scored: applied.filter((event) => event.state === 'pending') };
    return { change, message: leadUpdatedMessage(saved, lead, applied, ruleset) };
  }
}

function leadUpdatedMessage(before: LeadDocument | null, after: LeadDocument, applied: EventDocument[], ruleset: Ruleset): LeadUpdatedMessage {
  const latest = applied.reduce<EventDocument | null>((acc, event) => (!acc || event.timestamp >= acc.timestamp ? event : acc), null);
  return {
    lead_id: after.lead_id,
    email: after.email,
    name: after.name,
    company: after.company,
    score: after.score,
    delta: after.score - (before?.score ?? 0),
    stage: after.stage,
    previous_stage: before?.stage ?? null,
    event_type: latest?.event_type ?? null,
    timestamp: latest?.timestamp.toISOString() ?? null,
    version: ruleset.version,
  };
}

