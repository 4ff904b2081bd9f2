import type { UploadResult } from '@lead-scoring/contracts';
import { buildUrl, errorFromResponse, networkError } from './client';

export interface UploadFileOptions {
  baseUrl: string;
  apiKey: string;
  file: Blob;
  filename: string;
  /** Chosen by the browser so that progress can be followed before the answer arrives. */
  uploadId: string;
  /** Bytes sent so far (the browser's own count: fetch cannot report upload progress, XMLHttpRequest can). */
  onSent(sent: number, total: number): void;
  signal?: AbortSignal;
}

/** POST /api/events/upload as multipart/form-data, resolving with the gateway's final summary. */
export function uploadCsvFile({ baseUrl, apiKey, file, filename, uploadId, onSent, signal }: UploadFileOptions): Promise<UploadResult> {
  const url = buildUrl(baseUrl, '/api/events/upload', { upload_id: uploadId });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${apiKey}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => onSent(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(networkError(url));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== undefined) resolve(body as UploadResult);
      else reject(errorFromResponse(xhr.status, body));
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, filename);
    xhr.send(form);
  });
}

/** An upload id the gateway accepts (8-64 of `[A-Za-z0-9_-]`). */
export function newUploadId(random: () => string = randomToken): string {
  return `upl_${random().replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 64);
}

// crypto.randomUUID exists only in secure contexts (https or loopback); a dashboard served over plain http on a
// LAN address still needs an id, and this one only has to be unique, not secret.
function randomToken(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
