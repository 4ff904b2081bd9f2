import type { UploadResult } from '@lead-scoring/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { isUnauthorized } from '../api/client';
import { newUploadId, uploadCsvFile } from '../api/upload-file';
import { queryKeys } from '../api/query-keys';
import { useAuth } from '../auth/auth-context';
import { KEY_REJECTED_NOTICE } from '../app/session-notices';
import { useUploadProgress } from '../hooks/queries';
import { ESTIMATE_LIMIT_BYTES, estimateCsvRows } from './csv-estimate';

export interface CsvUploadState {
  uploadId: string | null;
  filename: string | null;
  size: number;
  sent: number;
  estimatedRows: number | null;
  result: UploadResult | null;
  error: unknown;
  busy: boolean;
}

const IDLE: CsvUploadState = { uploadId: null, filename: null, size: 0, sent: 0, estimatedRows: null, result: null, error: null, busy: false };

export const SAMPLE_FILE = 'sample_batch.csv';

/**
 * One CSV upload at a time: sends the file with byte progress, follows processing through the upload's query
 * (socket pushes and a fallback poll), and keeps the final summary with its row errors.
 */
export function useCsvUpload() {
  const { ingestion } = useApiClients();
  const { signOut } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<CsvUploadState>(IDLE);
  const abort = useRef<AbortController | null>(null);
  const progress = useUploadProgress(state.uploadId);

  useEffect(() => () => abort.current?.abort(), []);

  const upload = useCallback(
    async (file: Blob, filename: string) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const uploadId = newUploadId();
      const estimatedRows = file.size <= ESTIMATE_LIMIT_BYTES ? estimateCsvRows(await file.text()) : null;
      setState({ ...IDLE, uploadId, filename, size: file.size, estimatedRows, busy: true });
      try {
        const result = await uploadCsvFile({
          baseUrl: ingestion.baseUrl,
          apiKey: ingestion.apiKey,
          file,
          filename,
          uploadId,
          signal: controller.signal,
          onSent: (sent) => setState((current) => (current.uploadId === uploadId ? { ...current, sent } : current)),
        });
        setState((current) => (current.uploadId === uploadId ? { ...current, sent: current.size, result, busy: false } : current));
        void queryClient.invalidateQueries({ queryKey: queryKeys.upload(uploadId) });
      } catch (error) {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) signOut(KEY_REJECTED_NOTICE);
        setState((current) => (current.uploadId === uploadId ? { ...current, error, busy: false } : current));
      }
    },
    [ingestion, queryClient, signOut],
  );

  /** Fetches the sample file served next to the dashboard and uploads it. */
  const uploadSample = useCallback(async () => {
    let blob: Blob;
    try {
      const response = await fetch(new URL(SAMPLE_FILE, document.baseURI));
      if (!response.ok) throw new Error(`the dashboard's ${SAMPLE_FILE} answered HTTP ${response.status}`);
      blob = await response.blob();
    } catch (error) {
      setState({ ...IDLE, filename: SAMPLE_FILE, error });
      return;
    }
    await upload(blob, SAMPLE_FILE);
  }, [upload]);

  return { state, progress: progress.data, upload, uploadSample };
}
