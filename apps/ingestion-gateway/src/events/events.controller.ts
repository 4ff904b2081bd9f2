import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { BatchItemResult, BatchResult, IngestResult, NormalizedEvent, validateEvent } from '@lead-scoring/contracts';
import { ApiError, RequiresKey, assertJsonRequest, validationFailed } from '@lead-scoring/runtime';
import { eventsOfBatch } from './batch-request';
import { IngestEventsUseCase } from './ingest-events.usecase';

@Controller('api/events')
@RequiresKey('ingest')
export class EventsController {
  constructor(private readonly ingestEvents: IngestEventsUseCase) {}

  /** One event: 202 when stored, 200 when its key was seen before (SPEC.md). */
  @Post()
  @HttpCode(202)
  async ingestOne(
    @Req() request: Request,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestResult> {
    assertJsonRequest(request);
    const validation = validateEvent(body);
    if (!validation.ok) throw validationFailed(validation.details, 'the event is invalid');
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 128)) {
      throw new ApiError(400, 'validation_failed', 'the Idempotency-Key header is invalid', [
        { field: 'Idempotency-Key', message: 'must be 1-128 characters' },
      ]);
    }
    const [result] = await this.ingestEvents.ingest([{ event: validation.event, idempotencyKey }]);
    if (result.status === 'duplicate') response.status(200);
    return result;
  }

  /**
   * Up to 1,000 events. Valid ones are stored even when others are not; every item gets its own result, in
   * request order. 400 only when no item at all is valid.
   */
  @Post('batch')
  @HttpCode(202)
  async ingestBatch(@Req() request: Request, @Body() body: unknown): Promise<BatchResult> {
    assertJsonRequest(request);
    const batch = eventsOfBatch(body);
    if ('error' in batch) throw validationFailed([batch.error], 'the batch is invalid');

    const results: BatchItemResult[] = [];
    const valid: { index: number; event: NormalizedEvent }[] = [];
    batch.items.forEach((item, index) => {
      const validation = validateEvent(item);
      if (validation.ok) valid.push({ index, event: validation.event });
      else results[index] = { index, event_id: clientEventId(item), status: 'rejected', errors: validation.details };
    });
    if (valid.length === 0) {
      throw validationFailed(
        results.flatMap((result) => result.errors.map((error) => ({ field: `events.${result.index}.${error.field}`, message: error.message }))),
        'no event in the batch is valid',
      );
    }
    const ingested = await this.ingestEvents.ingest(valid.map(({ event }) => ({ event })));
    valid.forEach(({ index }, i) => {
      results[index] = { index, event_id: ingested[i].event_id, status: ingested[i].status, errors: [] };
    });
    return {
      accepted: results.filter((result) => result.status === 'accepted').length,
      duplicates: results.filter((result) => result.status === 'duplicate').length,
      rejected: results.filter((result) => result.status === 'rejected').length,
      results,
    };
  }
}

function clientEventId(item: unknown): string | null {
  const candidate = (item as { event_id?: unknown; eventId?: unknown } | null)?.event_id ?? (item as { eventId?: unknown } | null)?.eventId;
  return typeof candidate === 'string' ? candidate : null;
}
