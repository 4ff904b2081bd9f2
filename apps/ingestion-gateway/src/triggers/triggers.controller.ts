import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { Request } from 'express';
import { Delivery, ErrorDetail, Trigger, TriggerPreview, TriggerTestResult, TriggerWithSecret, parseWith, triggerCreateSchema, triggerPatchSchema, triggerPreviewSchema } from '@lead-scoring/contracts';
import { newWebhookSecret, sendWebhook, triggerWebhookRequest } from '@lead-scoring/outbound';
import { DeliveryRepository, LeadListIndex, LeaderboardStore, RulesetRepository, TriggerDocument, TriggerRepository, signingSecrets, toDelivery, toTrigger } from '@lead-scoring/persistence';
import { DeliveryProducer } from '@lead-scoring/queue';
import { ApiError, RequiresKey, assertJsonRequest, validationFailed } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from '../config';
import { encodeDeliveriesCursor, parseDeliveriesQuery } from './deliveries-query';
import { conditionProblems, destinationProblems, holdingScoreRange } from './trigger-checks';

/** Triggers, their deliveries and test sends (admin key). Firings are found by the scoring worker, which sends them. */
@Controller('api')
@RequiresKey('admin')
export class TriggersController {
  constructor(
    private readonly triggers: TriggerRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly rulesets: RulesetRepository,
    private readonly leaderboard: LeaderboardStore,
    private readonly leadList: LeadListIndex,
    private readonly deliveryQueue: DeliveryProducer,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Get('triggers')
  async list(): Promise<{ items: Trigger[] }> {
    return { items: await this.triggers.list() };
  }

  /** How many leads the condition holds for now: a new trigger records those as suppressed, it does not send them. */
  @Post('triggers/preview')
  @HttpCode(200)
  async preview(@Req() request: Request, @Body() body: unknown): Promise<TriggerPreview> {
    assertJsonRequest(request);
    const input = parseWith(triggerPreviewSchema, body);
    if (!input.ok) throw validationFailed(input.details, 'the condition is invalid');
    const settings = await this.rulesets.getSettings();
    const problems = conditionProblems(input.value.condition, settings);
    if (problems.length > 0) throw validationFailed(problems, 'the condition is invalid');
    const condition = input.value.condition;
    if (condition.type === 'grade_entered') {
      const [counts, total] = await Promise.all([this.leadList.gradeCounts([condition.grade]), this.leaderboard.size()]);
      return { matching: counts.get(condition.grade) ?? 0, total };
    }
    const range = holdingScoreRange(condition, settings);
    const [inRange, total] = await Promise.all([this.leaderboard.countInScoreRange(range.min, range.max), this.leaderboard.size()]);
    return { matching: range.negate ? total - inRange : inRange, total };
  }

  @Post('triggers')
  @HttpCode(201)
  async create(@Req() request: Request, @Body() body: unknown): Promise<TriggerWithSecret> {
    assertJsonRequest(request);
    const input = parseWith(triggerCreateSchema, body);
    if (!input.ok) throw validationFailed(input.details, 'the trigger is invalid');
    await this.assertUsable(input.value.condition, input.value.url);
    const secret = newWebhookSecret();
    return { ...toTrigger(await this.triggers.create(input.value, secret)), secret };
  }

  @Get('triggers/:id')
  async one(@Param('id') id: string): Promise<Trigger> {
    return toTrigger(this.found(await this.triggers.find(id), id));
  }

  @Patch('triggers/:id')
  async update(@Req() request: Request, @Param('id') id: string, @Body() body: unknown): Promise<Trigger> {
    assertJsonRequest(request);
    const patch = parseWith(triggerPatchSchema, body);
    if (!patch.ok) throw validationFailed(patch.details, 'the trigger change is invalid');
    await this.assertUsable(patch.value.condition, patch.value.url);
    return toTrigger(this.found(await this.triggers.update(id, patch.value), id));
  }

  @Delete('triggers/:id')
  async remove(@Param('id') id: string): Promise<{ deleted: string }> {
    if (!(await this.triggers.delete(id))) throw notFound('trigger', id);
    return { deleted: id };
  }

  @Post('triggers/:id/rotate-secret')
  @HttpCode(200)
  async rotateSecret(@Param('id') id: string): Promise<TriggerWithSecret> {
    const secret = newWebhookSecret();
    return { ...toTrigger(this.found(await this.triggers.rotateSecret(id, secret), id)), secret };
  }

  /** Sends a sample firing now, signed like a real one, and answers with what the destination said. */
  @Post('triggers/:id/test')
  @HttpCode(200)
  async test(@Param('id') id: string): Promise<TriggerTestResult> {
    const trigger = this.found(await this.triggers.find(id), id);
    const now = new Date();
    const signing = { webhookId: `test_${now.getTime().toString(36)}`, secrets: signingSecrets(trigger, now) };
    const { body, headers } = triggerWebhookRequest(trigger.format, sampleFiring(trigger, now), signing, now);
    const outcome = await sendWebhook({ url: trigger.url, body, headers, allowPrivateNetworks: this.config.OUTBOUND_ALLOW_PRIVATE_NETWORKS });
    const ok = outcome.status_code !== null && outcome.status_code >= 200 && outcome.status_code < 300;
    return { ok, status_code: outcome.status_code, error: outcome.error, duration_ms: outcome.duration_ms, response_excerpt: outcome.response_excerpt };
  }

  @Get('triggers/:id/deliveries')
  async deliveriesOf(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<{ items: Delivery[]; next_cursor: string | null }> {
    const parsed = parseDeliveriesQuery(query);
    if (!parsed.ok) throw validationFailed(parsed.details, 'the query is invalid');
    this.found(await this.triggers.find(id), id);
    const page = await this.deliveries.pageForTrigger(id, parsed.value.status, parsed.value.after, parsed.value.limit);
    return { items: page.items.map(toDelivery), next_cursor: page.next ? encodeDeliveriesCursor(page.next) : null };
  }

  /** Sends a failed delivery again, from a fresh 24 h window of retries. */
  @Post('deliveries/:id/retry')
  @HttpCode(200)
  async retry(@Param('id') id: string): Promise<Delivery> {
    const current = await this.deliveries.find(id);
    if (!current) throw notFound('delivery', id);
    const retried = await this.deliveries.retry(id);
    if (!retried) throw new ApiError(409, 'conflict', `only a failed delivery can be retried; this one is ${current.status}`);
    await this.deliveryQueue.enqueue([{ deliveryId: id, attempt: retried.attempts.length }]);
    return toDelivery(retried);
  }

  private async assertUsable(condition: Parameters<typeof conditionProblems>[0], url: string | undefined): Promise<void> {
    const settings = condition ? await this.rulesets.getSettings() : null;
    const problems: ErrorDetail[] = [...(settings ? conditionProblems(condition, settings) : []), ...(await destinationProblems(url, this.config.OUTBOUND_ALLOW_PRIVATE_NETWORKS))];
    if (problems.length > 0) throw validationFailed(problems, 'the trigger is invalid');
  }

  private found(trigger: TriggerDocument | null, id: string): TriggerDocument {
    if (!trigger) throw notFound('trigger', id);
    return trigger;
  }
}

function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'not_found', `no ${what} with id ${JSON.stringify(id)}`);
}

function sampleFiring(trigger: TriggerDocument, now: Date) {
  return {
    trigger: { id: trigger._id, name: trigger.name },
    lead: { lead_id: 'ld_sample', email: 'sample.lead@example.com', name: 'Sample Lead', company: 'example.com', score: 160, stage: 'hot', grade: 'A2' },
    firing: { n: 1, event_id: 'evt_sample', timestamp: now.toISOString(), score_before: 140, score_after: 160, stage_before: 'hot', stage_after: 'hot', grade_before: 'C2', grade_after: 'C2' },
  };
}
