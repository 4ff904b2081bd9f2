import { Injectable, Logger } from '@nestjs/common';
import { UploadDocument, UploadRepository, toUploadProgress } from '@lead-scoring/persistence';
import { LiveUpdatesProducer } from '@lead-scoring/queue';

const REPORT_INTERVAL_MS = 500;

/**
 * Makes an upload's progress visible (GET /api/uploads/:id and Socket.io `upload.progress`) at most twice a
 * second, and always at the end. Progress is best effort: failing to report never fails the upload itself.
 */
@Injectable()
export class UploadProgressReporter {
  private readonly logger = new Logger(UploadProgressReporter.name);
  private readonly lastReported = new Map<string, number>();

  constructor(
    private readonly uploads: UploadRepository,
    private readonly liveUpdates: LiveUpdatesProducer,
  ) {}

  async report(upload: UploadDocument, { final = false } = {}): Promise<void> {
    const now = Date.now();
    if (!final && now - (this.lastReported.get(upload._id) ?? 0) < REPORT_INTERVAL_MS) return;
    this.lastReported.set(upload._id, now);
    if (final) this.lastReported.delete(upload._id);
    upload.updated_at = new Date(now);
    try {
      await this.uploads.save(upload);
      await this.liveUpdates.publish('upload.progress', [toUploadProgress(upload)]);
    } catch (error) {
      this.logger.warn(`could not report the progress of upload ${upload._id}: ${(error as Error).message}`);
    }
  }
}
