import { Injectable, Logger } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { AccountSummary, Delivery, HistoryEntry, LeadUpdatedMessage, Ruleset, SCORING_QUEUES } from '@lead-scoring/contracts';
import {
  AccountStore,
  AnalyticsRollupRepository,
  DeliveryDocument,
  DeliveryRepository,
  EventDocument,
  LeadChange,
  EventRepository,
  LeaderboardStore,
  LeadDocument,
  LeadRepository,
  LoggedEvent,
  ScoreHistoryRepository,
  isUnavailableError,
  leadChangeOf,
  leaderboardEntryOf,
  PendingEntry,
  SMALL_INBOX_ENTRIES,
  accountLeadOf,
  mapConcurrently,
  toDelivery,
} from '@lead-scoring/persistence';
import { DeliveryProducer, LiveUpdatesProducer, QueueThroughput, ScoringProducer } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';
import { FoldResult, LeadScoreState, compareEvents, foldEvents, initialLeadState } from '@lead-scoring/scoring';
import { randomUUID } from 'node:crypto';
import { FINISHED_JOBS_HORIZON_MS, FinishedJobs } from '../analytics/finished-jobs';
import { RollupRecounts } from '../analytics/rollup-recounts';
import { deliveryDocument } from '../triggers/delivery-document';
import { followTriggers } from '../triggers/lead-triggers';
import { CurrentRuleset } from './current-ruleset';
import { FoldRulesets, extendHistoryDigest } from './fold-digest';
import { PartitionHandover } from './partition-handover';
import { RememberedLeads } from './remembered-leads';
import { RecentIds } from './recent-ids';
import { EMPTY_PROFILE, FoldPlan, buildLeadDocument, isCurrent, foldProfile, foldableLog, inFoldOrder, liveFoldDigests, planFold, planFromPending, positionOf, resentSoonAfterStoring, sameFold, scoreStateOf, toScoringEvent } from './lead-document';
import { inEventOrder } from './ordered-log';

/** Events of a partition's backlog one job folds at most: the rest go to the next job, so none holds it for long. */
const BACKLOG_EVENTS_PER_JOB = 5000;
/**
 * Bytes of events one backlog job takes at most (see EventRepository.findBacklog): 5,000 ordinary events are about
 * 2 MB, so this binds only on large ones (about 128 events of 32 KB). A worker runs SCORING_CONCURRENCY (4) jobs at once.
 */
const BACKLOG_BYTES_PER_JOB = 4 * 1024 * 1024;
/**
 * Leads a job folds and writes together, before it reads the next ones: a backlog job of 5,000 events may hold
 * thousands of leads, and their documents (saved and folded) and history were what a worker's memory grew with.
 * Smaller groups cost throughput (groups of 250 scored a 100,000-event backlog 18 % slower: docs/benchmarks.md). A
 * live job has fewer leads than this, and writes them in one group.
 */
const LEADS_PER_GROUP = 1000;
/** Leads whose full log is read at once, when their pending events are not enough to fold them. */
const LOG_READS_IN_FLIGHT = 8;
/**
 * A lead's log is held whole up to about this many bytes of events (thousands of ordinary ones). A larger one (up to
 * 32 KB an event, and as many events as a sender likes) is planned from its events' positions and folded a chunk
 * of LOG_CHUNK_BYTES at a time, so that no lead can take more memory than the worker has.
 */
const LOG_BYTES_HELD_WHOLE = 2 * 1024 * 1024;
const LOG_CHUNK_BYTES = 1024 * 1024;
/**
 * A backlog job takes the ruleset state this process read last unless Redis says it moved (CurrentRuleset),
 * and reads it from MongoDB at least this often. Either way PartitionProcessor reads it after the job's
 * writes and has leads folded under a replaced version folded again. Jobs naming their leads (re-scores) always read it.
 */
const RULESET_STATE_MAX_AGE_MS = 10_000;
/** Event ids this process remembers as folded (about 10 MB): a duplicate of one of them needs no read of its log. */
const FOLDED_IDS_REMEMBERED = 100_000;
/**
 * How far apart the clocks of a gateway (an event's receipt) and a worker (a recount's time) may be: an event
 * received up to this long after a recount is taken as received before it (see mayBeMiscounted).
 */
const CLOCK_SKEW_MS = 1_000;

/** What a job did (see ScoreLeadsUseCase.execute). */
type JobResult = { changed: number; more: boolean; unfoldable: string[]; written: string[]; behind: string[]; version: number; refiledTo: number[] };

/** A lead folded by this job: what to write for it, and what to tell the browsers. */
interface LeadOutcome {
  change: { before: LeadDocument | null; after: LeadDocument; newly_scored: LoggedEvent[] };
  history: HistoryEntry[];
  refolded: boolean;
  /** Folded under the previous ruleset, while the current one's re-score runs (LeadDocument.behind). */
  behind: boolean;
  message: LeadUpdatedMessage;
  /** Trigger firings found by this fold and not recorded before (sent or suppressed). */
  deliveries: DeliveryDocument[];
}

/** What folding one lead gives its job. */
interface ScoredLead {
  outcome: LeadOutcome | null;
  /** The inbox entries it settles. */
  settled: PendingEntry[];
  /** The events folded from their copies (counted by the rollups) once the lead is written. */
  folded: string[];
  /** Why the lead may hold events the rollups counted already, or will not count (see mayBeMiscounted); null if not. */
  uncounted: string | null;
}

/** What a job has done so far, group by group, and what it writes and publishes once all its leads are written. */
class JobWrites {
  /** What the job's leads are saved under (LeadDocument.saved_by), recorded once it finishes (FinishedJobs). */
  readonly token = randomUUID();
  /** The partition's rollups are marked for a recount (RollupRecounts). */
  markedForRecount = false;
  changed = 0;
  newlyScored = 0;
  readonly unfoldable: string[] = [];
  readonly written: string[] = [];
  readonly behind: string[] = [];
  /** Inbox entries settled (only what their removal needs: the events go with their group). */
  readonly settled: Pick<PendingEntry, '_id' | 'lead_key'>[] = [];
  /** Events folded into leads written by this job (see ScoreLeadsUseCase.folded). */
  readonly folded: string[] = [];
  readonly rollups: LeadChange[] = [];
  readonly messages: LeadUpdatedMessage[] = [];
  /** The latest summary of each account changed. */
  readonly accounts = new Map<string, AccountSummary>();
  readonly deliveries: Delivery[] = [];

  private lastRecount: Promise<Date | null> | null = null;

  constructor(private readonly readRecountedAt: () => Promise<Date | null>) {}

  /** When the partition's rollups were last counted again: read once, by the first fold that needs it. */
  recountedAt(): Promise<Date | null> {
    this.lastRecount ??= this.readRecountedAt();
    return this.lastRecount;
  }
}

/**
 * Folds the new events of some leads into their scores. Runs inside the leads' partition, so it is the only
 * writer of these leads. The work is done once per job, not per lead: one read of the pending inbox, then, for
 * each group of up to LEADS_PER_GROUP leads (a live job has one), one read of the leads (by _id, a few at a time;
 * none for those this process saved last, while no other job has run in the partition since: RememberedLeads)
 * and one bulk write per collection; the rollups once, with the last group. Every write is a function of the event
 * log, so a crash anywhere is repaired by running it again (see foldGroup); the job's inbox entries are deleted
 * last. So an event out of the inbox is always folded into its lead, which is what lets the common case read only
 * the inbox.
 */
@Injectable()
export class ScoreLeadsUseCase {
  private readonly logger = new Logger(ScoreLeadsUseCase.name);
  private readonly scored: Counter<'path'>;
  private readonly markers: Counter<'check'>;
  private readonly logReads: Counter<'how'>;
  private readonly leadReads: Counter<'from'>;
  private readonly backlogEntries: Histogram;
  private readonly backlogBytes: Histogram;
  /**
   * Events this process folded from their copies, once their job's writes were done. An event folded stays folded
   * (the log is insert-only and every re-fold reads all of it) and one folded from its copy is counted, so a recheck
   * marker for one of them is settled without reading its lead's log: under a storm of duplicates, the log of each
   * lead is read once, not once per job.
   */
  private readonly folded = new RecentIds(FOLDED_IDS_REMEMBERED);

  constructor(
    private readonly events: EventRepository,
    private readonly leads: LeadRepository,
    private readonly history: ScoreHistoryRepository,
    private readonly leaderboard: LeaderboardStore,
    private readonly accounts: AccountStore,
    private readonly rollups: AnalyticsRollupRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly deliveryQueue: DeliveryProducer,
    private readonly liveUpdates: LiveUpdatesProducer,
    private readonly currentRuleset: CurrentRuleset,
    private readonly throughput: QueueThroughput,
    private readonly recounts: RollupRecounts,
    private readonly finishedJobs: FinishedJobs,
    private readonly scoring: ScoringProducer,
    private readonly handover: PartitionHandover,
    private readonly remembered: RememberedLeads,
    metrics: Metrics,
  ) {
    this.scored = metrics.counter('events_scored_total', 'Events folded into leads, by fold path', ['path']);
    this.markers = metrics.counter('recheck_markers_total', "Duplicates' recheck markers settled, by how: the lead's log read, or the event remembered as folded", ['check']);
    this.leadReads = metrics.counter('leads_read_total', "Saved leads a job folded onto, by where it took them from: this worker's memory of its own last save, or storage", ['from']);
    this.logReads = metrics.counter('lead_log_reads_total', "Leads' logs read to fold them: held whole, or streamed a chunk at a time (too large to hold)", ['how']);
    this.backlogEntries = metrics.histogram('scoring_backlog_job_entries', 'Inbox entries a backlog job took (jobs that found any)', [], [1, 10, 50, 100, 250, 500, 1000, 2500, 5000]);
    const MiB = 1024 * 1024;
    this.backlogBytes = metrics.histogram('scoring_backlog_job_bytes', "A backlog job's events, in bytes as counted against its limit", [], [0.0625 * MiB, 0.25 * MiB, MiB, 2 * MiB, 4 * MiB, 4.25 * MiB, 16 * MiB]);
  }

  /**
   * Folds leads of a partition: those with events in the partition's backlog (up to `BACKLOG_EVENTS_PER_JOB` of
   * them, and BACKLOG_BYTES_PER_JOB), or the leads named. `refold` re-folds them from their full logs. Returns how
   * many leads changed, whether backlog was left for another job, the backlog's leads whose fold threw, the leads
   * written (those of them folded under the previous ruleset apart), the current ruleset version, and the partitions
   * that entries of the backlog were moved to.
   */
  async execute(partition: number, target: { backlog: true } | { leadKeys: string[] }, refold: boolean): Promise<JobResult> {
    try {
      return await this.scorePartition(partition, target, refold);
    } catch (error) {
      // Some of its leads may be saved and others not, or saved by another attempt meanwhile: the next job reads them.
      this.remembered.forgetPartition(partition);
      throw error;
    }
  }

  private async scorePartition(partition: number, target: { backlog: true } | { leadKeys: string[] }, refold: boolean): Promise<JobResult> {
    const backlog = 'backlog' in target;
    const job = new JobWrites(() => this.rollups.recountedAt(partition));
    const [rulesets, inbox, continues] = await Promise.all([
      this.currentRuleset.digests(backlog ? RULESET_STATE_MAX_AGE_MS : 0),
      backlog
        ? this.events.findBacklog(partition, BACKLOG_EVENTS_PER_JOB, BACKLOG_BYTES_PER_JOB)
        : this.events.findPendingForLeads([...new Set(target.leadKeys)], partition).then((entries) => ({ entries, more: false, bytes: null })),
      this.handover.takeOver(partition, job.token),
    ]);
    // Another process (or a job this one lost track of) may have saved the partition's leads since this one did.
    if (!continues) this.remembered.forgetPartition(partition);
    if (inbox.bytes !== null && inbox.entries.length > 0) {
      this.backlogEntries.observe(inbox.entries.length);
      this.backlogBytes.observe(inbox.bytes);
    }
    // Only live events may fold under the previous ruleset: a job naming leads is a re-score, or repairs one.
    const foldRulesets = backlog ? rulesets : { current: rulesets.current, previous: null };
    const digests = rulesets.current;
    const taken = inbox.entries.length;
    // Held by lead, and let go group by group (see foldGroup): the job keeps no other reference to the entries.
    const pendingOf = groupBy(inbox.entries.splice(0), (entry) => entry.lead_key);
    // Entries filed before SCORING_PARTITIONS changed, of leads now of another partition: moved there, for its jobs
    // (a lead has one writer only if one partition folds it).
    const strays = backlog ? [...pendingOf.keys()].filter((leadKey) => this.scoring.partitionOf(leadKey) !== partition) : [];
    for (const leadKey of strays) pendingOf.delete(leadKey);
    const refiledTo = strays.length > 0 ? await this.events.refilePending(strays, (leadKey) => this.scoring.partitionOf(leadKey)) : [];
    const keys = backlog ? [...pendingOf.keys()] : [...new Set(target.leadKeys)];
    for (let start = 0; start < keys.length; start += LEADS_PER_GROUP) {
      const last = start + LEADS_PER_GROUP >= keys.length;
      // Rollups count the events still pending: with the last group's writes, once every lead is saved, and before
      // those events leave the inbox.
      await this.foldGroup(partition, keys.slice(start, start + LEADS_PER_GROUP), pendingOf, foldRulesets, refold, backlog, job, last ? () => this.rollups.apply(partition, job.rollups) : null);
    }
    // A backlog job read its partition's whole inbox (all its entries are of the partition), unless it stopped
    // short of its end.
    const smallInbox = backlog && !inbox.more && taken <= SMALL_INBOX_ENTRIES;
    await this.events.removePending(job.settled, smallInbox ? { partition } : undefined);
    // A recount needs the partition's inbox to hold exactly its unscored events: so after a backlog job that took
    // all of it (events folded by a dead attempt and still in the inbox, say, are then folded again and gone).
    if (backlog && !inbox.more) await this.recounts.settle(partition);
    this.folded.addAll(job.folded);
    // Independent of each other: one round trip's wait instead of five.
    await Promise.all([
      job.written.length + job.behind.length > 0 ? this.finishedJobs.add(job.token) : null,
      this.throughput.record(SCORING_QUEUES, job.newlyScored),
      this.liveUpdates.publish('lead.updated', job.messages),
      this.liveUpdates.publish('account.updated', [...job.accounts.values()]),
      this.liveUpdates.publish('delivery.updated', job.deliveries),
    ]);
    return { changed: job.changed, more: inbox.more, unfoldable: job.unfoldable, written: job.written, behind: job.behind, version: digests.ruleset.version, refiledTo };
  }

  /**
   * Folds and writes one group of a job's leads: one read of their documents (a few at a time), then one bulk write
   * per collection. Every write is a function of the event log, so a crash anywhere is repaired by running it again:
   * trigger firings are recorded first (under ids that make a second recording a duplicate), then the leads (a
   * lead's event_count and last_applied tell the next run what it holds), then their history, the leaderboard and
   * the accounts. `withLastWrites` runs beside those last writes (the job's rollups, with its last group). What
   * the job writes or publishes after its last group is added to `job`.
   */
  private async foldGroup(
    partition: number,
    keys: string[],
    pendingOf: Map<string, PendingEntry[]>,
    rulesets: FoldRulesets,
    refold: boolean,
    backlog: boolean,
    job: JobWrites,
    withLastWrites: (() => Promise<void>) | null,
  ): Promise<void> {
    const { saved, read } = await this.savedLeads(partition, keys);
    // A remembered lead was saved by a job of this process that finished (one that failed forgot its partition).
    const unfinished = await this.finishedJobs.unfinished(read.flatMap((lead) => (lead?.saved_by ? [lead.saved_by] : [])));
    // One lead that cannot be folded (a corrupted stored event) must not hold up its whole partition's backlog: it
    // is left pending and handed back, to fail in a job of its own, with its reason, among the failed jobs. Storage
    // being away is not such a lead: the whole job fails and is retried.
    let uncounted: string | null = null;
    const outcomes = (
      await mapConcurrently(keys, LOG_READS_IN_FLIGHT, (leadKey, i) => {
        const entries = pendingOf.get(leadKey) ?? [];
        pendingOf.delete(leadKey);
        return this.scoreLead(leadKey, saved[i], entries, rulesets, refold, unfinished, job).then(
          (scored) => {
            job.settled.push(...scored.settled.map(({ _id, lead_key }) => ({ _id, lead_key })));
            job.folded.push(...scored.folded);
            uncounted ??= scored.uncounted && `lead ${leadKey}: ${scored.uncounted}`;
            return scored.outcome;
          },
          (error: unknown) => {
            if (!backlog || isUnavailableError(error)) throw error;
            job.unfoldable.push(leadKey);
            return null;
          },
        );
      })
    ).filter((outcome): outcome is LeadOutcome => outcome !== null);

    // Marked before the leads are saved: an attempt that dies after saving them still leaves the mark.
    if (!job.markedForRecount && uncounted) {
      await this.recounts.mark(partition);
      this.logger.warn(`marked partition ${partition} for a recount of its analytics (${uncounted})`);
      job.markedForRecount = true;
    }
    // Firings are recorded before their leads are saved: a lead's saved trigger counts then always cover recorded
    // firings, and an attempt that dies in between finds the same firings again (duplicates, ignored) and queues
    // their deliveries again (one job per attempt id).
    const deliveries = outcomes.flatMap((outcome) => outcome.deliveries);
    const recorded = await this.deliveries.record(deliveries);
    // Their first attempts are queued while the leads are saved: a queueing lost with a crash is made good by the
    // overdue-deliveries reconciler, since the delivery is recorded as pending.
    const leads = outcomes.map(({ change }) => change.after);
    await Promise.all([
      this.deliveryQueue.enqueue(deliveries.filter((delivery) => delivery.status === 'pending').map((delivery) => ({ deliveryId: delivery._id, attempt: 0 }))),
      this.leads.saveAll(outcomes.map(({ change }) => change)),
    ]);
    this.remembered.remember(partition, leads);
    job.rollups.push(...outcomes.map(({ change }) => leadChangeOf(change.before, change.after, change.newly_scored)));
    // Once the leads are saved, the rest is independent of each other (a retry after a crash re-folds and writes
    // all of it again).
    const [, , accounts] = await Promise.all([
      this.history.write(outcomes.map(({ change, history, refolded }) => ({ leadKey: change.after._id, entries: history, replace: refolded }))),
      this.leaderboard.record(leads.map(leaderboardEntryOf)),
      this.accounts.record(leads.map(accountLeadOf), { settings: rulesets.current.ruleset.settings.accounts, version: rulesets.current.ruleset.version }),
      withLastWrites?.(),
    ]);
    for (const account of accounts) job.accounts.set(account.account, account);
    job.deliveries.push(...deliveries.filter((delivery) => recorded.has(delivery._id)).map(toDelivery));
    job.messages.push(...outcomes.map(({ message }) => message));
    job.changed += outcomes.length;
    job.newlyScored += outcomes.reduce((sum, { change }) => sum + change.newly_scored.length, 0);
    for (const { behind, change } of outcomes) (behind ? job.behind : job.written).push(change.after._id);
  }

  /**
   * The leads' saved documents, in the order given (null for a lead never saved): as this process last saved them
   * where it remembers them, read (a few at a time) otherwise. `read`: those read.
   */
  private async savedLeads(partition: number, keys: string[]): Promise<{ saved: (LeadDocument | null)[]; read: (LeadDocument | null)[] }> {
    const remembered = keys.map((leadKey) => this.remembered.get(partition, leadKey));
    const unknown = keys.filter((_, i) => remembered[i] === undefined);
    const read = await this.leads.findByKeys(unknown);
    this.leadReads.inc({ from: 'memory' }, keys.length - unknown.length);
    this.leadReads.inc({ from: 'storage' }, unknown.length);
    let next = 0;
    return { saved: remembered.map((lead) => lead ?? read[next++]), read };
  }

  /**
   * Folds one lead in memory; reads its full log only when its inbox entries are not enough (a recheck marker for
   * an event not known to be folded, a late event, a fold that is no longer current). A lead still folded under the
   * previous ruleset while the current one's re-score runs takes its new events incrementally under that one, and is
   * marked behind: a live event costs no full re-fold that the re-score would repeat. Returns what to write, the
   * inbox entries this settles, and the events folded into the lead once it is written.
   */
  private async scoreLead(
    leadKey: string,
    saved: LeadDocument | null,
    entries: PendingEntry[],
    rulesets: FoldRulesets,
    forceRefold: boolean,
    unfinished: ReadonlySet<string>,
    job: JobWrites,
  ): Promise<ScoredLead> {
    let digests = forceRefold ? rulesets.current : liveFoldDigests(saved, rulesets);
    const copies = entries.flatMap((entry): EventDocument[] => (entry.event ? [{ ...entry.event, state: 'pending' }] : []));
    const markers = entries.length - copies.length;
    const recheck = entries.some((entry) => !entry.event && (!saved || !this.folded.has(entry._id)));
    if (markers > 0) this.markers.inc({ check: recheck ? 'log' : 'remembered' }, markers);
    // The events the plan is made from: whole, unless the lead's log was too large to hold (then their positions).
    let log: LoggedEvent[] | null = null;
    let large = false;
    let held = new Set<string>();
    let plan: FoldPlan<LoggedEvent> | null = forceRefold || recheck ? null : planFromPending(saved, copies, digests);
    if (!plan) {
      // A lead never saved, with no marker, has its whole log in the inbox.
      if (saved || forceRefold || recheck) {
        const pendingIds = new Set(copies.map((event) => event.event_id));
        const markerIds = new Set(entries.filter((entry) => !entry.event).map((entry) => entry._id));
        const whole = await this.events.findLogForLead(leadKey, LOG_BYTES_HELD_WHOLE);
        large = whole === null;
        this.logReads.inc({ how: large ? 'streamed' : 'whole' });
        ({ log, held } = foldableLog(whole ?? (await this.events.findLogPositions(leadKey)), pendingIds, markerIds, saved, Date.now()));
      } else {
        log = copies;
      }
      plan = planFold(saved, log, digests, forceRefold);
      // A re-fold is always done under the current ruleset.
      if (plan.kind === 'refold') digests = rulesets.current;
    }
    const ruleset = digests.ruleset;
    const behind = digests !== rulesets.current;
    const settled = entries.filter((entry) => !held.has(entry._id));
    const folded = copies.map((event) => event.event_id);
    const resent = recheck && log !== null && resentSoonAfterStoring(entries, log, this.folded) ? 'a recheck marker for an event that may have been folded without its copy' : null;
    if (plan.kind === 'up-to-date') return { outcome: null, settled, folded, uncounted: resent };

    // A re-fold is only ever planned from the full log, so it was read above.
    const refolded = plan.kind === 'refold';
    const applied = plan.kind === 'incremental' ? plan.events : (log as LoggedEvent[]);
    const start = refolded ? EMPTY_PROFILE : (saved ?? EMPTY_PROFILE);
    const before = refolded ? initialLeadState(ruleset.settings) : scoreStateOf(saved, ruleset);
    const fold = large
      ? await this.foldStreamed(leadKey, before, applied, ruleset)
      : foldEvents(before, (applied as EventDocument[]).map(toScoringEvent), ruleset);
    const historyDigest = extendHistoryDigest(refolded ? null : (saved?.history_digest ?? null), fold.history);
    // Every event after the last applied one is new to the lead; in a re-fold, those still in the inbox are.
    const newlyScored = plan.kind === 'incremental' ? applied : applied.filter((event) => event.state === 'pending');
    const triggers = followTriggers({
      triggers: digests.triggers,
      saved: saved?.trigger_states ?? [],
      refolded,
      start: { score: before.score, stage: before.stage, grade: before.grade },
      history: fold.history,
      newEvents: newlyScored.map(positionOf),
      configurationChanged: saved !== null && !isCurrent(saved, digests),
    });
    const lead = buildLeadDocument(leadKey, foldProfile(start, applied), fold.state, digests, saved?.aliases ?? [], historyDigest, triggers.states, behind);
    // A re-fold after a rule change that gives back the saved lead writes nothing. Not when it holds pending events:
    // an attempt that saved the lead and died before its other writes is completed only by writing them again.
    if (refolded && newlyScored.length === 0 && sameFold(saved, lead)) return { outcome: null, settled, folded, uncounted: resent };
    const uncounted = resent ?? (await this.mayBeMiscounted(saved, lead, newlyScored, recheck, unfinished, job));
    lead.saved_by = job.token;
    this.scored.inc({ path: plan.kind }, applied.length);
    const change = { before: saved, after: lead, newly_scored: newlyScored };
    const now = new Date();
    const deliveries = triggers.firings.map((found) => deliveryDocument(found, lead, now));
    return { outcome: { change, history: fold.history, refolded, behind, message: leadUpdatedMessage(saved, lead, applied, ruleset), deliveries }, settled, folded, uncounted };
  }

  /**
   * Whether the rollups may count wrongly what this fold takes in. A lead last saved by an attempt that did not
   * finish (`unfinished`: it died after saving the lead, maybe before counting what it folded) is counted again,
   * whatever this fold takes: the copies that attempt folded may be left to a later job, which would find the lead
   * saved by this one and take them as counted now. Otherwise the rollups count an event when its copy leaves the
   * inbox (`newlyScored`), so a fold normally adds to the lead as many events as that. When it adds fewer, some
   * copies were folded before: by an attempt that died after saving the lead, maybe after counting them (its token
   * is not among the finished jobs), or by a re-fold that read the log while they were on their way. Those are not
   * counted then, and are counted now, unless a recount ran meanwhile: it counted them as scored if their copies
   * had not come yet, and it can have seen only events received before it read the log. When the fold adds more,
   * it folded events without a copy: their copies are on their way (counted when they come), or, if the lead has
   * recheck markers for events not remembered as folded from their copies (`recheck`), may never come (never
   * counted). A marker for a remembered event says nothing of the others: under a storm of duplicates most leads
   * have such markers, while late events' copies are on their way.
   */
  private async mayBeMiscounted(
    saved: LeadDocument | null,
    lead: LeadDocument,
    newlyScored: LoggedEvent[],
    recheck: boolean,
    unfinished: ReadonlySet<string>,
    job: JobWrites,
  ): Promise<string | null> {
    const savedByUnfinished = !saved?.saved_by || unfinished.has(saved.saved_by);
    // A token older than FinishedJobs remembers is not known either way: only taken as unfinished below.
    if (saved?.saved_by && savedByUnfinished && Date.now() - saved.updated_at.getTime() < FINISHED_JOBS_HORIZON_MS) return 'saved by an attempt that did not finish';
    const added = lead.event_count - (saved?.event_count ?? 0);
    if (added > newlyScored.length) return recheck ? 'events folded without their copies, beside recheck markers' : null;
    if (added === newlyScored.length) return null;
    if (savedByUnfinished) return 'saved by an attempt that did not finish';
    // The copies the saved fold may have held: those at or before its last event.
    const last = saved.last_applied ? positionOf(saved.last_applied) : null;
    const foldedBefore = last ? newlyScored.filter((event) => compareEvents(positionOf(event), last) <= 0) : [];
    if (foldedBefore.length === 0) return null;
    const recountedAt = await job.recountedAt();
    const countedByRecount = recountedAt !== null && foldedBefore.some((event) => event.received_at.getTime() <= recountedAt.getTime() + CLOCK_SKEW_MS);
    return countedByRecount ? 'copies of events folded before the last recount, which counted them' : null;
  }

  /**
   * Folds events of a log too large to hold (`events`: their positions) onto `before`, reading the log again as a
   * stream and folding a chunk at a time: the same result as one fold of them all, since each chunk comes after
   * the one before in event order.
   */
  private async foldStreamed(leadKey: string, before: LeadScoreState, events: LoggedEvent[], ruleset: Ruleset): Promise<FoldResult> {
    let state = before;
    const history: HistoryEntry[] = [];
    for await (const chunk of inEventOrder(this.events.streamLogForLead(leadKey), inFoldOrder(events), LOG_CHUNK_BYTES)) {
      const folded = foldEvents(state, chunk.map(toScoringEvent), ruleset);
      state = folded.state;
      history.push(...folded.history);
    }
    return { state, history };
  }
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function leadUpdatedMessage(before: LeadDocument | null, after: LeadDocument, applied: LoggedEvent[], ruleset: Ruleset): LeadUpdatedMessage {
  const latest = applied.reduce<LoggedEvent | null>((acc, event) => (!acc || event.timestamp >= acc.timestamp ? event : acc), null);
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
    fit_score: after.fit_score ?? 0,
    grade: after.grade ?? '',
  };
}

