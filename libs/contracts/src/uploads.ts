export type UploadState = 'receiving' | 'processing' | 'done' | 'failed';

export interface UploadRowError {
  row: number;
  message: string;
}

/** Progress of a CSV upload: GET /api/uploads/:upload_id and the Socket.io event `upload.progress`. */
export interface UploadProgress {
  upload_id: string;
  filename: string | null;
  state: UploadState;
  /** Bytes of the file received so far. */
  bytes: number;
  /** Data rows read so far (header excluded). */
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  /** Why the upload failed, when it did. */
  failure: string | null;
}

/** The answer of POST /api/events/upload (SPEC.md); `errors` holds the first 100 row errors. */
export interface UploadResult {
  upload_id: string;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: UploadRowError[];
}

export const MAX_REPORTED_ROW_ERRORS = 100;
