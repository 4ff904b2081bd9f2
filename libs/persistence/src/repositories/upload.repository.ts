import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { UploadProgress } from '@lead-scoring/contracts';
import { UPLOADS_COLLECTION, UploadDocument } from '../schemas/upload.schema';

@Injectable()
export class UploadRepository {
  constructor(@InjectModel(UPLOADS_COLLECTION) private readonly uploads: Model<UploadDocument>) {}

  /** Creates the upload; false when the id is taken (the unique _id decides between racing requests). */
  async create(upload: UploadDocument): Promise<boolean> {
    try {
      await this.uploads.create(upload);
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async save(upload: UploadDocument): Promise<void> {
    await this.uploads.replaceOne({ _id: upload._id }, upload).exec();
  }

  findById(id: string): Promise<UploadDocument | null> {
    return this.uploads.findById(id).lean<UploadDocument>().exec();
  }
}

export function toUploadProgress(upload: UploadDocument): UploadProgress {
  return {
    upload_id: upload._id,
    filename: upload.filename,
    state: upload.state,
    bytes: upload.bytes,
    rows: upload.rows,
    accepted: upload.accepted,
    duplicates: upload.duplicates,
    rejected: upload.rejected,
    started_at: upload.started_at.toISOString(),
    updated_at: upload.updated_at.toISOString(),
    finished_at: upload.finished_at?.toISOString() ?? null,
    failure: upload.failure,
  };
}
