import type { UploadProgress, UploadResult } from '@lead-scoring/contracts';
import { CircleCheck } from 'lucide-react';
import { describeError } from '../api/describe-error';
import { ProgressBar } from '../components/ProgressBar';
import { formatBytes, processedShare } from './csv-estimate';
import type { CsvUploadState } from './useCsvUpload';

type ProgressWithErrors = UploadProgress & { errors?: UploadResult['errors'] };

/** The two bars of an upload (bytes sent, rows processed), its summary and its per-row error table. */
export function UploadProgressPanel({ state, progress }: { state: CsvUploadState; progress: ProgressWithErrors | undefined }) {
  if (!state.filename) return null;
  const rows = state.result?.rows ?? progress?.rows ?? 0;
  const finished = state.result !== null || progress?.state === 'done';
  const share = finished ? 1 : processedShare(rows, state.estimatedRows);
  const failure = state.error ?? (progress?.state === 'failed' ? new Error(progress.failure ?? 'the upload failed') : null);
  const summary = state.result ?? (progress?.state === 'done' ? progress : null);
  const errors = state.result?.errors ?? progress?.errors ?? [];

  return (
    <div data-testid="upload-progress" data-state={failure ? 'failed' : finished ? 'done' : 'running'} className="space-y-4" aria-live="polite">
      <p className="text-sm text-slate-700">
        <span className="font-medium">{state.filename}</span> {state.size > 0 && <span className="text-slate-500">({formatBytes(state.size)})</span>}
      </p>
      {state.size > 0 && (
        <ProgressBar
          testId="upload-bytes-progress"
          label="Upload"
          value={state.sent}
          max={state.size}
          detail={`${formatBytes(state.sent)} of ${formatBytes(state.size)}`}
        />
      )}
      {state.uploadId && (
        <ProgressBar
          testId="upload-rows-progress"
          label="Processing"
          tone={finished ? 'emerald' : 'indigo'}
          value={share === null ? null : share * 100}
          max={100}
          detail={state.estimatedRows === null ? `${rows} rows` : `${rows} of ${finished ? rows : `≈${state.estimatedRows}`} rows`}
        />
      )}
      {failure != null && (
        <p role="alert" data-testid="upload-error" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          The upload failed: {describeError(failure)}
        </p>
      )}
      {summary && (
        <dl data-testid="upload-summary" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(
            [
              ['Rows', summary.rows, 'rows'],
              ['Accepted', summary.accepted, 'accepted'],
              ['Duplicates', summary.duplicates, 'duplicates'],
              ['Rejected', summary.rejected, 'rejected'],
            ] as const
          ).map(([label, value, key]) => (
            <div key={key} className="rounded-lg bg-slate-50 px-3 py-2">
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd data-testid={`upload-${key}`} className="text-lg font-semibold tabular-nums text-slate-900">
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {summary && summary.rejected === 0 && (
        <p className="flex items-center gap-1.5 text-sm text-emerald-700">
          <CircleCheck aria-hidden="true" className="size-4" /> Every row was stored; scores update as the worker scores them.
        </p>
      )}
      {errors.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-rose-200">
          <table data-testid="upload-errors" className="min-w-full divide-y divide-rose-100 text-sm">
            <caption className="bg-rose-50 px-3 py-2 text-left text-sm font-medium text-rose-900">
              Rejected rows{summary && summary.rejected > errors.length ? ` (first ${errors.length} of ${summary.rejected})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="w-20 px-3 py-2 text-left text-xs font-semibold text-slate-500 uppercase">
                  Row
                </th>
                <th scope="col" className="px-3 py-2 text-left text-xs font-semibold text-slate-500 uppercase">
                  Problem
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {errors.map((error) => (
                <tr key={`${error.row}-${error.message}`} data-testid="upload-error-row">
                  <td className="px-3 py-2 tabular-nums">{error.row}</td>
                  <td className="px-3 py-2 text-slate-700">{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
