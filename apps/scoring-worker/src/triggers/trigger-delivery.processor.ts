import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import { DeliveryAttempt, DeliveryJob, DeliveryStatus, TRIGGER_DELIVERIES_QUEUE } from '@lead-scoring/contracts';
import { classifyOutcome, nextAttemptDelay, sendWebhook, triggerWebhookRequest } from '@lead-scoring/outbound';
import { DeliveryDocument, DeliveryReceiptsStore, DeliveryRepository, TriggerDocument, TriggerRepository, signingSecrets, toDelivery } from '@lead-scoring/persistence';
import { DeliveryProducer } from '@lead-scoring/queue';
import { Metrics } from '@lead-scoring/runtime';
import { WORKER_CONFIG, WorkerConfig } from '../config';
import { retryWindowStart } from './delivery-document';
import { DeliveryUpdatesBatcher } from './delivery-updates.batcher';

/**
 * Makes one attempt of a trigger delivery per job, off the scoring path: its own queue, many attempts in flight, a
 * 10 s limit each, so a destination that is slow or down holds one slot for at most 10 s and never a scoring job.
 * The destination's failures are not job failures: a retryable one schedules the next attempt as a new delayed job
 * (see DeliveryProducer); the job itself is retried only when storage or Redis failed around the attempt.
 *
 * Exactly once: a delivery is sent only while it is pending and only by the job of its next attempt; a 2xx is
 * noted in Redis at once (DeliveryReceiptsStore), then recorded, so a worker killed in between does not send it
 * again. Only a kill between the destination's answer and that one Redis write leads to a second send, with the
 * same webhook-id, which a receiver following Standard Webhooks drops.
 */
const TRIGGER_CACHE_MS = 2000;

@Processor(TRIGGER_DELIVERIES_QUEUE)
export class TriggerDeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(TriggerDeliveryProcessor.name);
  private readonly outcomes: Counter<'trigger_id' | 'outcome'>;
  private readonly latency: Histogram<'trigger_id'>;
  private readonly triggerCache = new Map<string, { trigger: TriggerDocument | null; at: number }>();

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly triggers: TriggerRepository,
    private readonly receipts: DeliveryReceiptsStore,
    private readonly queue: DeliveryProducer,
    private readonly updates: DeliveryUpdatesBatcher,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    metrics: Metrics,
  ) {
    super();
    this.outcomes = metrics.counter('trigger_delivery_attempts_total', 'Trigger delivery attempts, by trigger and outcome (delivered, retry, failed)', ['trigger_id', 'outcome']);
    this.latency = metrics.histogram('trigger_delivery_duration_seconds', 'Time a destination took to answer a delivery attempt', ['trigger_id'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.DELIVERY_CONCURRENCY;
  }

  async process(job: Job<DeliveryJob>): Promise<string> {
    const delivery = await this.deliveries.find(job.data.delivery_id);
    if (!delivery || delivery.status !== 'pending') return 'settled';
    // A job for an attempt already made: a stalled job run again after its attempt was recorded, or a duplicate.
    if (attemptOfJob(job) !== delivery.attempts.length) return 'superseded';
    // This attempt was answered 2xx by a run that died before recording it.
    const receipt = await this.receipts.find(delivery._id);
    if (receipt) return this.finish(delivery, receipt, 'delivered', null);
    const trigger = await this.triggerOf(delivery.trigger_id);
    if (!trigger || !trigger.active) {
      const reason = trigger ? 'the trigger was switched off before this attempt' : 'the trigger was deleted before this attempt';
      await this.finish(delivery, { at: new Date().toISOString(), status_code: null, error: reason, duration_ms: 0 }, 'failed', null);
      return 'failed';
    }

    const now = new Date();
    const input = { trigger: { id: trigger._id, name: trigger.name }, lead: delivery.lead, firing: delivery.firing };
    const { body, headers } = triggerWebhookRequest(trigger.format, input, { webhookId: delivery._id, secrets: signingSecrets(trigger, now) }, now);
    const outcome = await sendWebhook({ url: trigger.url, body, headers, allowPrivateNetworks: this.config.OUTBOUND_ALLOW_PRIVATE_NETWORKS });
    this.latency.observe({ trigger_id: trigger._id }, outcome.duration_ms / 1000);
    const attempt: DeliveryAttempt = { at: now.toISOString(), status_code: outcome.status_code, error: outcome.error, duration_ms: outcome.duration_ms };

    const verdict = classifyOutcome(outcome);
    if (verdict.kind === 'delivered') {
      await this.receipts.note(delivery._id, attempt);
      return this.finish(delivery, attempt, 'delivered', null);
    }
    if (verdict.kind === 'failed') return this.finish(delivery, { ...attempt, error: attempt.error ?? verdict.reason }, 'failed', null);
    const made = delivery.attempts.length + 1;
    const delay = nextAttemptDelay({
      attempt: made,
      retryAfterMs: outcome.retry_after_ms,
      firstAttemptAt: retryWindowStart(delivery, now),
      now,
      baseDelayMs: this.config.DELIVERY_RETRY_BASE_MS,
    });
    if (delay === null) return this.finish(delivery, { ...attempt, error: `${attempt.error ?? verdict.reason}; gave up after 24 h of retries` }, 'failed', null);
    await this.finish(delivery, attempt, 'pending', new Date(now.getTime() + delay));
    await this.queue.enqueue([{ deliveryId: delivery._id, attempt: made, delayMs: delay }]);
    return 'retry';
  }

  private async finish(delivery: DeliveryDocument, attempt: DeliveryAttempt, status: DeliveryStatus, nextAttemptAt: Date | null): Promise<string> {
    const updated = await this.deliveries.recordAttempt(delivery, attempt, status, nextAttemptAt);
    const outcome = status === 'pending' ? 'retry' : status;
    this.outcomes.inc({ trigger_id: delivery.trigger_id, outcome });
    this.updates.add(toDelivery(updated));
    return outcome;
  }

  /**
   * The trigger of a delivery, read at most every TRIGGER_CACHE_MS: many deliveries of one trigger in a burst need
   * one read, and an edit (URL, secret rotation, switched off) reaches the deliveries within that time.
   */
  private async triggerOf(id: string): Promise<TriggerDocument | null> {
    const cached = this.triggerCache.get(id);
    if (cached && Date.now() - cached.at < TRIGGER_CACHE_MS) return cached.trigger;
    const trigger = await this.triggers.find(id);
    this.triggerCache.set(id, { trigger, at: Date.now() });
    return trigger;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliveryJob> | undefined, error: Error): void {
    this.logger.warn(`delivery job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`);
  }
}

/** The attempt a job is for, from its id `<delivery id>.a<attempt>`. */
function attemptOfJob(job: Job<DeliveryJob>): number {
  const match = /\.a(\d+)$/.exec(job.id ?? '');
  return match ? Number(match[1]) : -1;
}
