import { Injectable, Logger } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { MAX_REPORTED_ROW_ERRORS, NormalizedEvent, UploadResult, validateEvent } from '@lead-scoring/contracts';
import { UploadDocument } from '@lead-scoring/persistence';
import { ApiError, validationFailed } from '@lead-scoring/runtime';
import { IngestEventsUseCase } from '../events/ingest-events.usecase';
import { CsvHeaderError, csvEvents, rowErrorMessage } from './csv-events';
import { SpooledUpload } from './csv-upload.receiver';
import { uploadFailureMessage } from './upload-failure';
import { UploadProgressReporter } from './upload-progress.reporter';

/** Rows stored per round trip: one insertMany and one enqueue per partition for each chunk. */
const CHUNK_ROWS = 1000;

/**
 * Turns a spooled CSV into stored events, chunk by chunk: each chunk is durable before the next is read, so a
 * failure half-way loses nothing already counted, and uploading the same file again only adds what is missing.
 */
@Injectable()
export class IngestCsvUseCase {
  private readonly logger = new Logger('Uploads');

  constructor(
    private readonly ingestEvents: IngestEventsUseCase,
    private readonly progress: UploadProgressReporter,
  ) {}

  async run(upload: UploadDocument, file: SpooledUpload): Promise<UploadResult> {
    upload.state = 'processing';
    upload.bytes = file.bytes;
    upload.filename = file.filename;
    await this.progress.report(upload, { final: true });
    let chunk: { row: number; event: NormalizedEvent }[] = [];
    try {
      for await (const parsed of csvEvents(createReadStream(file.path), { fileKey: file.sha256 })) {
        upload.rows += 1;
        if ('error' in parsed) {
          this.reject(upload, parsed.row, parsed.error);
          continue;
        }
        const validation = validateEvent(parsed.event);
        if (!validation.ok) {
          this.reject(upload, parsed.row, rowErrorMessage(validation.details));
          continue;
        }
        chunk.push({ row: parsed.row, event: validation.event });
        if (chunk.length >= CHUNK_ROWS) {
          await this.store(upload, chunk);
          chunk = [];
        }
      }
      await this.store(upload, chunk);
      upload.state = 'done';
    } catch (error) {
      upload.state = 'failed';
      const answer = translate(error, upload);
      upload.failure = uploadFailureMessage(answer, this.logger);
      throw answer;
    } finally {
      upload.finished_at = new Date();
      await this.progress.report(upload, { final: true });
      await rm(file.path, { force: true });
    }
    return {
      upload_id: upload._id,
      rows: upload.rows,
      accepted: upload.accepted,
      duplicates: upload.duplicates,
      rejected: upload.rejected,
      errors: upload.row_errors,
    };
  }

  private async store(upload: UploadDocument, chunk: { event: NormalizedEvent }[]): Promise<void> {
    if (chunk.length === 0) return;
    const results = await this.ingestEvents.ingest(chunk.map(({ event }) => ({ event })));
    for (const result of results) {
      if (result.status === 'accepted') upload.accepted += 1;
      else upload.duplicates += 1;
    }
    await this.progress.report(upload);
  }

  private reject(upload: UploadDocument, row: number, message: string): void {
    upload.rejected += 1;
    if (upload.row_errors.length < MAX_REPORTED_ROW_ERRORS) upload.row_errors.push({ row, message });
  }
}

function translate(error: unknown, upload: UploadDocument): unknown {
  if (error instanceof CsvHeaderError) return validationFailed([{ field: 'file', message: error.message }], 'the CSV header cannot be used');
  if (error instanceof ApiError && error.getStatus() === 503) {
    return new ApiError(503, 'service_unavailable', `${error.message}; ${upload.accepted + upload.duplicates} rows were stored before that: upload the same file again to add the rest (stored rows count as duplicates)`, undefined, error.headers);
  }
  return error;
}
