import { Schema } from 'mongoose';
import { UploadRowError, UploadState } from '@lead-scoring/contracts';

/** One CSV upload; written only by the gateway process that receives it. */
export interface UploadDocument {
  _id: string;
  filename: string | null;
  state: UploadState;
  bytes: number;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first rows that could not be accepted, with why (`errors` is reserved by Mongoose). */
  row_errors: UploadRowError[];
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  failure: string | null;
}

export const UPLOADS_COLLECTION = 'uploads';

export const UploadSchema = new Schema<UploadDocument>(
  {
    _id: { type: String, required: true },
    filename: { type: String, default: null },
    state: { type: String, required: true },
    bytes: { type: Number, required: true },
    rows: { type: Number, required: true },
    accepted: { type: Number, required: true },
    duplicates: { type: Number, required: true },
    rejected: { type: Number, required: true },
    row_errors: { type: Schema.Types.Mixed, default: [] },
    started_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
    finished_at: { type: Date, default: null },
    failure: { type: String, default: null },
  },
  { collection: UPLOADS_COLLECTION, versionKey: false, minimize: false },
);
