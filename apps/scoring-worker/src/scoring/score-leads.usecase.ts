import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { HistoryEntry, LeadUpdatedMessage, Ruleset } from '@lead-scoring/contracts';
import {
  EventDocument,
  EventRepository,
  LeaderboardEntry,
  LeaderboardStore,
  LeadDocument,
  LeadRepository,
  ScoreHistoryRepository,
} from '@lead-scoring/persistence';
import { LeadUpdatesProducer } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';
import { foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { CurrentRuleset } from './current-ruleset';
import { EMPTY_PROFILE, buildLeadDocument, canFoldIncrementally, foldProfile, scoreStateOf, toScoringEvent } from './lead-document';

interface LeadOutcome {
  lead: LeadDocument;
  message: LeadUpdatedMessage;
}

/**
 * Folds the pending events of some leads into their scores. Runs inside the leads' partition, so it is the
 * only writer of these leads. Every write is a function of the event log, so a crash anywhere is repaired by
 * running it again: the lead is written first (its last_applied tells the next run to re-fold if history or
 * the pending marks did not follow), then its history, then the events are marked scored.
 */
@Injectable()
export class ScoreLeadsUseCase {
  private readonly scored: Counter<'path'>;

  constructor(
    private readonly events: EventRepository,
    private readonly leads: LeadRepository,
    private readonly history: ScoreHistoryRepository,
    private readonly leaderboard: LeaderboardStore,
    private readonly leadUpdates: LeadUpdatesProducer,
    private readonly currentRuleset: CurrentRuleset,
    metrics: Metrics,
  ) {
    this.scored = metrics.counter('events_scored_total', 'Events folded into leads, by fold path', ['path']);
  }

  /** Returns how many leads changed. */
  async execute(leadKeys: string[], options: { refold: boolean }): Promise<number> {
    const ruleset = await this.currentRuleset.get();
    const outcomes: LeadOutcome[] = [];
    for (const leadKey of leadKeys) {
      const outcome = await this.scoreLead(leadKey, ruleset, options.refold);
      if (outcome) outcomes.push(outcome);
    }
    await this.leaderboard.record(outcomes.map(({ lead }) => leaderboardEntryOf(lead)));
    await this.leadUpdates.publish(outcomes.map(({ message }) => message));
    return outcomes.length;
  }

  private async scoreLead(leadKey: string, ruleset: Ruleset, forceRefold: boolean): Promise<LeadOutcome | null> {
    const [saved, pending] = await Promise.all([this.leads.findByKey(leadKey), this.events.findPendingForLead(leadKey)]);
    if (pending.length === 0 && !forceRefold) return null;

    const pendingForEngine = pending.map(toScoringEvent);
    let lead: LeadDocument;
    let newHistory: HistoryEntry[];
    if (!forceRefold && canFoldIncrementally(saved, pendingForEngine, ruleset)) {
      const folded = foldEvents(scoreStateOf(saved, ruleset), pendingForEngine, ruleset);
      lead = buildLeadDocument(leadKey, foldProfile(saved ?? EMPTY_PROFILE, pending), folded.state, ruleset, saved?.aliases ?? []);
      newHistory = folded.history;
      await this.leads.save(lead);
      await this.history.append(leadKey, newHistory);
      this.scored.inc({ path: 'incremental' }, pending.length);
    } else {
      const all: EventDocument[] = await this.events.findAllForLead(leadKey);
      const folded = foldEvents(initialLeadState(ruleset.settings), all.map(toScoringEvent), ruleset);
      lead = buildLeadDocument(leadKey, foldProfile(EMPTY_PROFILE, all), folded.state, ruleset, saved?.aliases ?? []);
      newHistory = folded.history;
      await this.leads.save(lead);
      await this.history.replaceForLead(leadKey, newHistory);
      this.scored.inc({ path: 'refold' }, pending.length);
    }
    await this.events.markScored(pending.map((event) => event.event_id));
    return { lead, message: leadUpdatedMessage(saved, lead, pending, ruleset) };
  }
}

function leaderboardEntryOf(lead: LeadDocument): LeaderboardEntry {
  return {
    lead_id: lead.lead_id,
    email: lead.email,
    name: lead.name,
    company: lead.company,
    score: lead.score,
    stage: lead.stage,
    last_event_at: lead.last_event_at?.toISOString() ?? null,
  };
}

function leadUpdatedMessage(before: LeadDocument | null, after: LeadDocument, pending: EventDocument[], ruleset: Ruleset): LeadUpdatedMessage {
  const latest = pending.reduce<EventDocument | null>((acc, event) => (!acc || event.timestamp >= acc.timestamp ? event : acc), null);
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
