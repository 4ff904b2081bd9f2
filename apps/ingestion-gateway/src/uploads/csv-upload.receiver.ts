import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { WriteStream, createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Request } from 'express';
import { ApiError, dependencyUnavailable } from '@lead-scoring/runtime';

export interface SpooledUpload {
  path: string;
  filename: string | null;
  bytes: number;
  /** SHA-256 hex of the whole file: the key of rows that carry neither event_id nor timestamp. */
  sha256: string;
}

export interface SpoolOptions {
  /** The private folder the file is written to (see preparePrivateFolder). */
  folder: string;
  maxBytes: number;
  /** An upload that sends no byte for this long is aborted and its partial file deleted. */
  idleTimeoutMs: number;
  onBytes: (bytes: number) => void;
}

/**
 * Makes `folder` a directory only this process's user can enter (0700): spooled CSVs hold personal data. An
 * existing folder must be a real directory (not a symlink someone planted in a shared temp folder) owned by us.
 */
export async function preparePrivateFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const stats = await lstat(folder);
  if (!stats.isDirectory() || (typeof process.getuid === 'function' && stats.uid !== process.getuid())) {
    throw new Error(`the upload folder ${folder} is not a directory owned by this user`);
  }
  await chmod(folder, 0o700);
}

/**
 * Streams the `file` part of a multipart upload to a private temporary file (0600), hashing it on the way. The
 * file is parsed only once it is complete, because row keys depend on the whole file's hash; memory stays flat
 * whatever its size.
 *
 * Every way out that is not success (client abort, idle timeout, malformed multipart, size limit, disk error)
 * goes through one `fail`: it stops reading, closes the file and deletes it, then rejects. Nothing is left open
 * or on disk by a failed upload.
 */
export async function spoolCsvUpload(request: Request, uploadId: string, options: SpoolOptions): Promise<SpooledUpload> {
  if (!request.is('multipart/form-data')) {
    throw new ApiError(415, 'unsupported_media_type', 'send the CSV as multipart/form-data in a field named "file"');
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: options.maxBytes } });
  } catch (error) {
    throw new ApiError(400, 'validation_failed', 'the multipart body is malformed', [{ field: 'file', message: (error as Error).message }]);
  }
  const path = join(options.folder, `${uploadId}.csv`);

  return new Promise<SpooledUpload>((resolve, reject) => {
    let output: WriteStream | undefined;
    let filePart: Readable | undefined;
    let settled = false;
    let idleTimer: NodeJS.Timeout | undefined;

    const finish = () => {
      settled = true;
      clearTimeout(idleTimer);
      request.off('close', onRequestClose);
    };
    const fail = (error: ApiError) => {
      if (settled) return;
      finish();
      request.unpipe(parser);
      filePart?.destroy();
      // The file is deleted once its descriptor is closed, so neither outlives the failed upload.
      const closed = output && !output.closed ? new Promise<void>((done) => output!.once('close', () => done())) : Promise.resolve();
      output?.destroy();
      // Stop receiving: a client still sending gets its answer and the connection is not read any further.
      request.resume();
      void closed.then(() => rm(path, { force: true })).finally(() => reject(error));
    };
    const resetIdleTimer = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        // `Connection: close`: the connection of a stalled sender is not kept for another request.
        fail(new ApiError(408, 'upload_timeout', `no data arrived for ${options.idleTimeoutMs / 1000} s; the upload was abandoned`, [
          { field: 'file', message: 'was not received completely (the sender stalled)' },
        ], { Connection: 'close' }));
      }, options.idleTimeoutMs);
    };
    const onRequestClose = () => {
      if (!request.complete) fail(new ApiError(400, 'validation_failed', 'the upload was interrupted', [{ field: 'file', message: 'was not received completely' }]));
    };

    request.on('data', resetIdleTimer);
    request.on('close', onRequestClose);
    resetIdleTimer();

    parser.on('file', (field, file, info) => {
      // A part's stream errors with the multipart body (e.g. "Unexpected end of form"); without a listener
      // that error would take the process down. The parser reports the same error, so a skipped part ignores it.
      if (field !== 'file' || output) {
        file.on('error', () => undefined);
        file.resume();
        return;
      }
      filePart = file;
      file.on('error', (error: Error) =>
        fail(new ApiError(400, 'validation_failed', 'the multipart body is malformed', [{ field: 'file', message: error.message }])),
      );
      const hash = createHash('sha256');
      let bytes = 0;
      output = createWriteStream(path, { mode: 0o600 });
      output.on('error', (error) => {
        // The detail (paths, errno) is for the log of whoever handles the rejection, not for the client.
        fail(Object.assign(dependencyUnavailable('the upload folder'), { cause: error }));
      });
      file.on('limit', () => fail(new ApiError(413, 'payload_too_large', `the file is larger than ${options.maxBytes} bytes`)));
      file.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
        options.onBytes(bytes);
        // Backpressure: stop reading the request while the disk catches up.
        if (!output!.write(chunk)) {
          file.pause();
          output!.once('drain', () => file.resume());
        }
      });
      file.on('end', () => {
        output!.end(() => {
          if (settled) return;
          finish();
          resolve({ path, filename: info.filename ?? null, bytes, sha256: hash.digest('hex') });
        });
      });
    });
    parser.on('error', (error: Error) =>
      fail(new ApiError(400, 'validation_failed', 'the multipart body is malformed', [{ field: 'file', message: error.message }])),
    );
    parser.on('close', () => {
      if (!output) fail(new ApiError(400, 'validation_failed', 'no file was uploaded', [{ field: 'file', message: 'is required (a CSV file in the multipart field "file")' }]));
    });
    request.pipe(parser);
  });
}
