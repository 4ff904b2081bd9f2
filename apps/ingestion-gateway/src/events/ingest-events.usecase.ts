import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { IngestResult, NormalizedEvent } from '@lead-scoring/contracts';
import { EventDocument, EventRepository, isUnavailableError } from '@lead-scoring/persistence';
import { RedisHealthIndicator, ScoringProducer } from '@lead-scoring/queue';
import { Metrics, dependencyUnavailable, withTimeout } from '@lead-scoring/runtime';
import { eventKeyFor } from './event-key';
import { LeadKeyResolver } from './lead-key.resolver';

const ENQUEUE_TIMEOUT_MS = 2000;

export interface IngestItem {
  event: NormalizedEvent;
  idempotencyKey?: string;
}

/**
 * Stores events durably, then asks their leads' partitions to score them.
 *
 * The order matters: MongoDB first, so that a 202 survives anything that happens to Redis or the workers
 * afterwards; events whose enqueue fails stay `pending` and the worker's reconciler enqueues them later.
 */
@Injectable()
export class IngestEventsUseCase {
  private readonly logger = new Logger(IngestEventsUseCase.name);
  private readonly ingested: Counter<'status'>;

  constructor(
    private readonly events: EventRepository,
    private readonly leadKeys: LeadKeyResolver,
    private readonly scoring: ScoringProducer,
    private readonly redisHealth: RedisHealthIndicator,
    metrics: Metrics,
  ) {
    this.ingested = metrics.counter('events_ingested_total', 'Events answered, by outcome', ['status']);
  }

  async ingest(items: IngestItem[]): Promise<IngestResult[]> {
    // Refuse up front while Redis is away: accepting would leave scoring to the reconciler's grace period.
    await this.redisHealth.check().catch(() => {
      throw dependencyUnavailable('Redis');
    });
    const receivedAt = new Date();
    let documents: EventDocument[];
    let outcome: Awaited<ReturnType<EventRepository['insertNew']>>;
    try {
      documents = await Promise.all(items.map((item) => this.toDocument(item, receivedAt)));
      outcome = await this.events.insertNew(documents);
    } catch (error) {
      if (isUnavailableError(error)) throw dependencyUnavailable('MongoDB');
      throw error;
    }

    const inserted = new Set(outcome.inserted);
    const leadKeys = documents.filter((doc) => inserted.has(doc.event_id)).map((doc) => doc.lead_key);
    // Bounded: if Redis went away after the check, the events are stored and the answer must not hang.
    await withTimeout(this.scoring.enqueue(leadKeys, 'ingest'), ENQUEUE_TIMEOUT_MS, 'Redis').catch((error: Error) => {
      this.logger.warn(`stored ${leadKeys.length} events but could not enqueue them (${error.message}); the reconciler will`);
    });

    // Two copies of one event in the same request: the first is accepted, the others are duplicates.
    const answered = new Set<string>();
    return documents.map((doc) => {
      const status = inserted.has(doc.event_id) && !answered.has(doc.event_id) ? 'accepted' : 'duplicate';
      answered.add(doc.event_id);
      this.ingested.inc({ status });
      return { event_id: doc.event_id, status };
    });
  }

  private async toDocument({ event, idempotencyKey }: IngestItem, receivedAt: Date): Promise<EventDocument> {
    const key = eventKeyFor(event, idempotencyKey);
    return {
      ...key,
      lead_key: await this.leadKeys.resolve(event),
      event_type: event.event_type,
      source: event.source,
      timestamp: event.timestamp ? new Date(event.timestamp) : receivedAt,
      received_at: receivedAt,
      metadata: event.metadata,
      email: event.email,
      lead_id: event.lead_id,
      name: event.name,
      company: event.company,
      state: 'pending',
    };
  }
}

