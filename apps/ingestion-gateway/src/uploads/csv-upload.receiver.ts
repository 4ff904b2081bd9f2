import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Request } from 'express';
import { ApiError } from '@lead-scoring/runtime';

export interface SpooledUpload {
  path: string;
  filename: string | null;
  bytes: number;
  /** SHA-256 hex of the whole file: the key of rows that carry neither event_id nor timestamp. */
  sha256: string;
}

const SPOOL_DIR = join(tmpdir(), 'lead-scoring-uploads');

/**
 * Streams the `file` part of a multipart upload to a temporary file, hashing it on the way. The file is parsed
 * only once it is complete, because row keys depend on the whole file's hash; memory stays flat whatever its size.
 */
export async function spoolCsvUpload(
  request: Request,
  uploadId: string,
  options: { maxBytes: number; onBytes: (bytes: number) => void },
): Promise<SpooledUpload> {
  if (!request.is('multipart/form-data')) {
    throw new ApiError(415, 'unsupported_media_type', 'send the CSV as multipart/form-data in a field named "file"');
  }
  await mkdir(SPOOL_DIR, { recursive: true });
  const path = join(SPOOL_DIR, `${uploadId}.csv`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: options.maxBytes } });
  } catch (error) {
    throw new ApiError(400, 'validation_failed', 'the multipart body is malformed', [{ field: 'file', message: (error as Error).message }]);
  }

  return new Promise<SpooledUpload>((resolve, reject) => {
    let spooling: Promise<SpooledUpload> | undefined;
    parser.on('file', (field, file, info) => {
      if (field !== 'file') {
        file.resume();
        return;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      let truncated = false;
      file.on('limit', () => {
        truncated = true;
      });
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          hash.update(chunk);
          options.onBytes(bytes);
          done(null, chunk);
        },
      });
      spooling = pipeline(file, meter, createWriteStream(path)).then(async () => {
        if (truncated) {
          await rm(path, { force: true });
          throw new ApiError(413, 'payload_too_large', `the file is larger than ${options.maxBytes} bytes`);
        }
        return { path, filename: info.filename ?? null, bytes, sha256: hash.digest('hex') };
      });
    });
    parser.on('error', (error: Error) => reject(new ApiError(400, 'validation_failed', 'the multipart body is malformed', [{ field: 'file', message: error.message }])));
    parser.on('close', () => {
      if (!spooling) {
        reject(new ApiError(400, 'validation_failed', 'no file was uploaded', [{ field: 'file', message: 'is required (a CSV file in the multipart field "file")' }]));
        return;
      }
      spooling.then(resolve, reject);
    });
    request.on('aborted', () => reject(new ApiError(400, 'validation_failed', 'the upload was interrupted', [{ field: 'file', message: 'was not received completely' }])));
    request.pipe(parser);
  });
}
