import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { IngestResult, NormalizedEvent } from '@lead-scoring/contracts';
import { EventDocument, EventRepository, InsertStatus, isUnavailableError } from '@lead-scoring/persistence';
import { RedisHealthIndicator, ScoringProducer } from '@lead-scoring/queue';
import { Metrics, dependencyUnavailable, withTimeout } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from '../config';
import { CopiesInFlight } from './copies-in-flight';
import { eventKeyFor } from './event-key';
import { GroupCommit } from './group-commit';
import { LeadKeyResolver } from './lead-key.resolver';

const ENQUEUE_TIMEOUT_MS = 2000;
/** Two groups overlap: one is stored while the next gathers and starts; more would only queue in the pool. */
const COMMITS_IN_FLIGHT = 2;

export interface IngestItem {
  event: NormalizedEvent;
  idempotencyKey?: string;
}

/**
 * Stores events durably, then asks their leads' partitions to score them.
 *
 * Concurrent requests share the work (group commit): their events are stored by one unordered insert, and their
 * leads enqueued by one job per partition. The order matters: MongoDB first (the log, then the pending inbox), so
 * that a 202 survives anything that happens to Redis or the workers afterwards; events whose enqueue fails stay in
 * the inbox and the worker's reconciler enqueues them later.
 */
@Injectable()
export class IngestEventsUseCase {
  private readonly logger = new Logger(IngestEventsUseCase.name);
  private readonly ingested: Counter<'status'>;
  private readonly commits: Histogram;
  private readonly groupCommit: GroupCommit<EventDocument, InsertStatus>;
  private readonly copiesInFlight = new CopiesInFlight();

  constructor(
    private readonly events: EventRepository,
    private readonly leadKeys: LeadKeyResolver,
    private readonly scoring: ScoringProducer,
    private readonly redisHealth: RedisHealthIndicator,
    @Inject(INGESTION_CONFIG) config: IngestionConfig,
    metrics: Metrics,
  ) {
    this.ingested = metrics.counter('events_ingested_total', 'Events answered, by outcome', ['status']);
    this.commits = metrics.histogram('ingest_commit_events', 'Events stored per group commit', [], [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000]);
    this.groupCommit = new GroupCommit((documents) => this.commit(documents), {
      windowMs: config.INGEST_COMMIT_WINDOW_MS,
      maxItems: config.INGEST_COMMIT_MAX_EVENTS,
      maxInFlight: COMMITS_IN_FLIGHT,
    });
  }

  async ingest(items: IngestItem[]): Promise<IngestResult[]> {
    const receivedAt = new Date();
    const documents = await Promise.all(items.map((item) => this.toDocument(item, receivedAt))).catch(unavailableAsApiError);
    const statuses = await this.groupCommit.submit(documents);
    // Two copies of one event in the same request: the first is accepted, the others are duplicates.
    const answered = new Set<string>();
    return documents.map((doc, i) => {
      const status = statuses[i] === 'inserted' && !answered.has(doc.event_id) ? 'accepted' : 'duplicate';
      answered.add(doc.event_id);
      this.ingested.inc({ status });
      return { event_id: doc.event_id, status };
    });
  }

  /** One group: one Redis check, one insert, one job per partition. */
  private async commit(documents: EventDocument[]): Promise<InsertStatus[]> {
    // Refuse up front while Redis is away: accepting would leave scoring to the reconciler's grace period.
    await this.redisHealth.check().catch(() => {
      throw dependencyUnavailable('Redis');
    });
    const copies = this.copiesInFlight.start(documents.map((doc) => doc.event_id));
    const statuses = await this.events.insertNew(documents, copies).catch(unavailableAsApiError);
    this.commits.observe(documents.length);
    // Duplicates too: each may have left a recheck marker in the inbox for its lead's partition.
    // Bounded: if Redis went away after the check, the events are stored and the answer must not hang.
    await withTimeout(this.scoring.wake(documents.map((doc) => doc.partition as number)), ENQUEUE_TIMEOUT_MS, 'Redis').catch((error: Error) => {
      this.logger.warn(`stored ${documents.length} events but could not enqueue them (${error.message}); the reconciler will`);
    });
    return statuses;
  }

  private async toDocument({ event, idempotencyKey }: IngestItem, receivedAt: Date): Promise<EventDocument> {
    const key = eventKeyFor(event, idempotencyKey);
    const leadKey = await this.leadKeys.resolve(event);
    return {
      ...key,
      lead_key: leadKey,
      partition: this.scoring.partitionOf(leadKey),
      event_type: event.event_type,
      source: event.source,
      timestamp: event.timestamp ? new Date(event.timestamp) : receivedAt,
      received_at: receivedAt,
      metadata: event.metadata,
      email: event.email,
      lead_id: event.lead_id,
      name: event.name,
      company: event.company,
    };
  }
}


function unavailableAsApiError(error: unknown): never {
  if (isUnavailableError(error)) throw dependencyUnavailable('MongoDB');
  throw error;
}
