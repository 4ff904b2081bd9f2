import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { IngestResult, validateEvent } from '@lead-scoring/contracts';
import { ApiError, RequiresKey, assertJsonRequest, validationFailed } from '@lead-scoring/runtime';
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
}
