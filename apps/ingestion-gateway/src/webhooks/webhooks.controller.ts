import { Controller, Headers, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { Request } from 'express';
import { ErrorDetail, WebhookResult, validateEvent } from '@lead-scoring/contracts';
import { ApiError, assertJsonDepth, bodyErrorToApiError, validationFailed } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from '../config';
import { IngestEventsUseCase } from '../events/ingest-events.usecase';
import { RateLimitPerWebhookSource } from '../rate-limit/rate-limit-bucket';
import { verifyStandardWebhook } from './standard-webhook';
import { webhookBodyToEvents, webhookEventId, webhookTypeMapFor } from './webhook-envelope';
import { DEFAULT_WEBHOOK_SOURCE, WEBHOOK_SOURCE_PATTERN } from './webhook-secrets';

/**
 * Signed webhooks (Standard Webhooks). Authenticated by signature, not by API key. A delivery is taken whole or
 * not at all: the sender's retry of a refused delivery then carries the same webhook-id and keys. The answer
 * comes once the events are stored, never after scoring.
 */
@Controller()
@RateLimitPerWebhookSource()
export class WebhooksController {
  constructor(
    private readonly ingestEvents: IngestEventsUseCase,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post('api/webhook')
  @HttpCode(202)
  receiveDefault(@Req() request: Request, @Headers() headers: Record<string, string | undefined>): Promise<WebhookResult> {
    return this.receive(DEFAULT_WEBHOOK_SOURCE, request, headers);
  }

  @Post('api/webhooks/:source')
  @HttpCode(202)
  receiveFrom(@Param('source') source: string, @Req() request: Request, @Headers() headers: Record<string, string | undefined>): Promise<WebhookResult> {
    return this.receive(source, request, headers);
  }

  private async receive(source: string, request: Request, headers: Record<string, string | undefined>): Promise<WebhookResult> {
    const secrets = WEBHOOK_SOURCE_PATTERN.test(source) ? this.config.WEBHOOK_SECRETS.get(source) : undefined;
    if (!secrets || secrets.length === 0) {
      throw new ApiError(401, 'unauthorized', `no webhook secret is configured for source ${JSON.stringify(source)} (WEBHOOK_SECRETS)`);
    }
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const webhookId = headers['webhook-id'];
    const verification = verifyStandardWebhook({
      id: webhookId, timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], rawBody, secrets,
    });
    if (!verification.ok) {
      throw new ApiError(401, 'invalid_signature', verification.reason, [{ field: verification.header, message: verification.reason }]);
    }

    let body: unknown;
    try {
      // Bounded like every JSON body (BodyParsingInterceptor): a deep body is a 400, not a long parse.
      assertJsonDepth(rawBody);
    } catch (error) {
      throw bodyErrorToApiError(error);
    }
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new ApiError(400, 'invalid_json', 'the body is not valid JSON', [{ field: 'body', message: 'must be valid JSON' }]);
    }
    const conversion = webhookBodyToEvents(body, webhookTypeMapFor(this.config.WEBHOOK_EVENT_TYPES, source));
    if ('error' in conversion) throw validationFailed([conversion.error], 'the webhook body is invalid');

    const count = conversion.events.length;
    const problems: ErrorDetail[] = [];
    const items = conversion.events.flatMap((candidate, index) => {
      // The source is the endpoint's whose secret verified the signature, whatever the body says: a sender
      // holding one source's secret must not post events as another source.
      const withDefaults = { ...(candidate as object), source } as Record<string, unknown>;
      if (withDefaults['event_id'] === undefined && withDefaults['eventId'] === undefined) {
        withDefaults['event_id'] = webhookEventId(source, webhookId as string, index);
      }
      const validation = validateEvent(withDefaults);
      if (validation.ok) return [{ event: validation.event }];
      const prefix = count === 1 ? '' : `${index}.`;
      problems.push(...validation.details.map((detail) => ({ field: `${prefix}${detail.field}`, message: detail.message })));
      return [];
    });
    if (problems.length > 0) throw validationFailed(problems, 'the webhook carries invalid events; nothing was stored');

    const results = await this.ingestEvents.ingest(items);
    return {
      accepted: results.filter((result) => result.status === 'accepted').length,
      duplicates: results.filter((result) => result.status === 'duplicate').length,
      results,
    };
  }
}
