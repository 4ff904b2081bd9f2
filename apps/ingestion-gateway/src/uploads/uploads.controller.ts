import { Controller, Get, HttpCode, Inject, Logger, Param, Post, Query, Req } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Request } from 'express';
import { UploadProgress, UploadResult } from '@lead-scoring/contracts';
import { UploadDocument, UploadRepository, toUploadProgress } from '@lead-scoring/persistence';
import { ApiError, RequiresKey, dependencyUnavailable } from '@lead-scoring/runtime';
import { INGESTION_CONFIG, IngestionConfig } from '../config';
import { preparePrivateFolder, spoolCsvUpload } from './csv-upload.receiver';
import { uploadFailureMessage } from './upload-failure';
import { IngestCsvUseCase } from './ingest-csv.usecase';
import { UploadProgressReporter } from './upload-progress.reporter';

const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

@Controller()
@RequiresKey('ingest')
export class UploadsController {
  private readonly logger = new Logger('Uploads');

  constructor(
    private readonly uploads: UploadRepository,
    private readonly ingestCsv: IngestCsvUseCase,
    private readonly progress: UploadProgressReporter,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  /**
   * A CSV of any size (SPEC.md). The answer comes once every row is stored or rejected; meanwhile progress is at
   * GET /api/uploads/:upload_id and on Socket.io. Pass `?upload_id=` to know the id before the answer arrives.
   */
  @Post('api/events/upload')
  @HttpCode(202)
  async upload(@Req() request: Request, @Query('upload_id') requestedId?: string): Promise<UploadResult> {
    if (requestedId !== undefined && !UPLOAD_ID_PATTERN.test(requestedId)) {
      throw new ApiError(400, 'validation_failed', 'the upload_id parameter is invalid', [{ field: 'upload_id', message: 'must be 8-64 letters, digits, _ or -' }]);
    }
    const now = new Date();
    const upload: UploadDocument = {
      _id: requestedId ?? `upl_${randomUUID().replace(/-/g, '')}`,
      filename: null, state: 'receiving', bytes: 0, rows: 0, accepted: 0, duplicates: 0, rejected: 0, row_errors: [],
      started_at: now, updated_at: now, finished_at: null, failure: null,
    };
    if (!(await this.uploads.create(upload))) {
      throw new ApiError(409, 'conflict', `upload ${upload._id} exists already; choose another upload_id`);
    }
    let file;
    try {
      await preparePrivateFolder(this.config.UPLOAD_TMP_DIR).catch((error: unknown) => {
        throw Object.assign(dependencyUnavailable('the upload folder'), { cause: error });
      });
      file = await spoolCsvUpload(request, upload._id, {
        folder: this.config.UPLOAD_TMP_DIR,
        maxBytes: this.config.UPLOAD_MAX_BYTES,
        idleTimeoutMs: this.config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
        onBytes: (bytes) => {
          upload.bytes = bytes;
          void this.progress.report(upload);
        },
      });
    } catch (error) {
      upload.state = 'failed';
      upload.failure = uploadFailureMessage(error, this.logger);
      upload.finished_at = new Date();
      await this.progress.report(upload, { final: true });
      throw error;
    }
    return this.ingestCsv.run(upload, file);
  }

  @Get('api/uploads/:id')
  async status(@Param('id') id: string): Promise<UploadProgress & { errors: UploadResult['errors'] }> {
    const upload = await this.uploads.findById(id);
    if (!upload) throw new ApiError(404, 'not_found', `no upload with id ${JSON.stringify(id)}`);
    return { ...toUploadProgress(upload), errors: upload.row_errors };
  }
}
