import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LeadUpdatedMessage, Ruleset } from '@lead-scoring/contracts';
import {
  EventDocument,
  EventRepository,
  LeaderboardStore,
  LeadDocument,
  LeadRepository,
  ScoreHistoryRepository,
  leaderboardEntryOf,
} from '@lead-scoring/persistence';
import { LiveUpdatesProducer } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';
import { foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { CurrentRuleset } from './current-ruleset';
import { EMPTY_PROFILE, buildLeadDocument, foldProfile, planFold, scoreStateOf, toScoringEvent } from './lead-document';

/** Leads of one job scored at once: they are distinct leads, so each still has a single writer. */
const LEADS_IN_PARALLEL = 8;

interface LeadOutcome {
  lead: LeadDocument;
  message: LeadUpdatedMessage;
}

/**
 * Folds the new events of some leads into their scores. Runs inside the leads' partition, so it is the only
 * writer of these leads. Every write is a function of the event log, so a crash anywhere is repaired by running
 * it again: the lead is written first (its event_count and last_applied tell the next run whether history and
 * the pending marks followed), then its history, then its events are marked scored for the reconciler.
 */
@Injectable()
export class ScoreLeadsUseCase {
  private readonly scored: Counter<'path'>;

  constructor(
    private readonly events: EventRepository,
    private readonly leads: LeadRepository,
    private readonly history: ScoreHistoryRepository,
    private readonly leaderboard: LeaderboardStore,
    private readonly liveUpdates: LiveUpdatesProducer,
    private readonly currentRuleset: CurrentRuleset,
    metrics: Metrics,
  ) {
    this.scored = metrics.counter('events_scored_total', 'Events folded into leads, by fold path', ['path']);
  }

  /** Returns how many leads changed. */
  async execute(leadKeys: string[], options: { refold: boolean }): Promise<number> {
    const ruleset = await this.currentRuleset.get();
    const outcomes: LeadOutcome[] = [];
    const queue = [...new Set(leadKeys)];
    await Promise.all(
      Array.from({ length: Math.min(LEADS_IN_PARALLEL, queue.length) }, async () => {
        for (let leadKey = queue.shift(); leadKey !== undefined; leadKey = queue.shift()) {
          const outcome = await this.scoreLead(leadKey, ruleset, options.refold);
          if (outcome) outcomes.push(outcome);
        }
      }),
    );
    await this.leaderboard.record(outcomes.map(({ lead }) => leaderboardEntryOf(lead)));
    await this.liveUpdates.publish('lead.updated', outcomes.map(({ message }) => message));
    return outcomes.length;
  }

  private async scoreLead(leadKey: string, ruleset: Ruleset, forceRefold: boolean): Promise<LeadOutcome | null> {
    const [saved, log] = await Promise.all([this.leads.findByKey(leadKey), this.events.findAllForLead(leadKey)]);
    const plan = planFold(saved, log, ruleset, forceRefold);
    if (plan.kind === 'up-to-date') {
      // Folded already by an attempt that died before marking them (a killed worker's job comes back as stalled,
      // not as a retry): mark them now, or the reconciler would re-queue them forever.
      if (log.some((event) => event.state === 'pending')) await this.events.markScored(leadKey, latestReceipt(log));
      return null;
    }

    let lead: LeadDocument;
    let applied: EventDocument[];
    if (plan.kind === 'incremental') {
      const folded = foldEvents(scoreStateOf(saved, ruleset), plan.events.map(toScoringEvent), ruleset);
      lead = buildLeadDocument(leadKey, foldProfile(saved ?? EMPTY_PROFILE, plan.events), folded.state, ruleset, saved?.aliases ?? []);
      await this.leads.save(lead);
      await this.history.append(leadKey, folded.history);
      applied = plan.events;
    } else {
      const folded = foldEvents(initialLeadState(ruleset.settings), log.map(toScoringEvent), ruleset);
      lead = buildLeadDocument(leadKey, foldProfile(EMPTY_PROFILE, log), folded.state, ruleset, saved?.aliases ?? []);
      await this.leads.save(lead);
      await this.history.replaceForLead(leadKey, folded.history);
      applied = log;
    }
    this.scored.inc({ path: plan.kind }, applied.length);
    await this.events.markScored(leadKey, latestReceipt(log));
    return { lead, message: leadUpdatedMessage(saved, lead, applied, ruleset) };
  }
}

function latestReceipt(events: EventDocument[]): Date {
  return events.reduce((latest, event) => (event.received_at > latest ? event.received_at : latest), new Date(0));
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

