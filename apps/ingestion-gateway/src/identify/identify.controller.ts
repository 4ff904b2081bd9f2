import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { IngestResult } from '@lead-scoring/contracts';
import { RequiresKey, assertJsonRequest, validationFailed } from '@lead-scoring/runtime';
import { IngestEventsUseCase } from '../events/ingest-events.usecase';
import { identifyEvent } from './identify-request';

/** Who a lead is: traits for fit rules, stored as an IDENTIFY event in the lead's log. */
@Controller('api/identify')
@RequiresKey('ingest')
export class IdentifyController {
  constructor(private readonly ingestEvents: IngestEventsUseCase) {}

  @Post()
  @HttpCode(202)
  async identify(@Req() request: Request, @Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<IngestResult> {
    assertJsonRequest(request);
    const parsed = identifyEvent(body);
    if (!parsed.ok) throw validationFailed(parsed.details, 'the identify call is invalid');
    const [result] = await this.ingestEvents.ingest([{ event: parsed.event }]);
    if (result.status === 'duplicate') response.status(200);
    return result;
  }
}
