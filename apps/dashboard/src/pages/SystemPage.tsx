import { SCORING_QUEUES, type QueueThroughput } from '@lead-scoring/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RefreshCw, RotateCcw, Server } from 'lucide-react';
import { useApiClients } from '../api/api-clients-context';
import { describeError } from '../api/describe-error';
import { queryKeys } from '../api/query-keys';
import { retryFailedJobs } from '../api/writes';
import { Button } from '../components/Button';
import { Card, PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, StaleWarning } from '../components/States';
import { useQueues } from '../hooks/queries';
import { cx } from '../lib/cx';
import { formatDateTime } from '../lib/format';
import { queueLabel, throughputUnit } from '../lib/queue-labels';

export default function SystemPage() {
  const queues = useQueues();
  const { data, error, isPending, isFetching, refetch } = queues;
  return (
    <section aria-labelledby="system-title" className="space-y-5">
      <PageHeader
        titleId="system-title"
        icon={Server}
        title="System"
        subtitle="Queues, throughput and failed jobs; refreshed as the gateway pushes updates"
        actions={
          <Button onClick={() => void refetch()} disabled={isFetching} aria-label="Refresh the queue status">
            <RefreshCw aria-hidden="true" className={cx('size-4', isFetching && 'motion-safe:animate-spin')} /> Refresh
          </Button>
        }
      />
      {queues.isError && data && <StaleWarning what="queue status" error={error} />}
      {isPending ? (
        <LoadingState label="Loading the queues…" />
      ) : !data ? (
        <ErrorState title="The queue status could not be loaded" error={error} onRetry={() => void refetch()} retrying={isFetching} />
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Figure label="Waiting jobs" value={data.queues.reduce((sum, queue) => sum + queue.waiting + queue.delayed, 0)} testId="system-waiting" />
            <Figure label="Active jobs" value={data.queues.reduce((sum, queue) => sum + queue.active, 0)} testId="system-active" />
            <Figure label="Failed jobs" value={data.queues.reduce((sum, queue) => sum + queue.failed, 0)} testId="system-failed" tone={data.failed_jobs.length > 0 ? 'bad' : undefined} />
            <Figure
              label="Events scored in the last full minute"
              value={lastFullMinute(data.queues.find((queue) => queue.name === SCORING_QUEUES)?.throughput) ?? '—'}
              testId="system-throughput"
            />
          </dl>
          <Card title="Queues">
            <div className="overflow-x-auto">
              <table data-testid="queues-table" className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Jobs per queue and state</caption>
                <thead>
                  <tr className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                    <th scope="col" className="px-3 py-2 text-left">
                      Queue
                    </th>
                    {['Waiting', 'Active', 'Delayed', 'Failed', 'Completed (kept)', 'Done last minute'].map((label) => (
                      <th key={label} scope="col" className="px-3 py-2 text-right">
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {data.queues.map((queue) => (
                    <tr key={queue.name} data-testid="queue-row" data-queue={queue.name}>
                      <th scope="row" className="px-3 py-2 text-left font-medium" title={queueLabel(queue.name).description ?? undefined}>
                        <div data-testid="queue-label">{queueLabel(queue.name).label}</div>
                        <div className="font-mono text-xs font-normal text-slate-500">{queue.name}</div>
                      </th>
                      {[queue.waiting, queue.active, queue.delayed, queue.failed, queue.completed].map((value, index) => (
                        <td key={index} className={cx('px-3 py-2 text-right tabular-nums', index === 3 && value > 0 && 'font-semibold text-rose-700')}>
                          {value}
                        </td>
                      ))}
                      <td className="px-3 py-2 text-right tabular-nums" data-testid="queue-throughput">
                        {lastFullMinute(queue.throughput)} {throughputUnit(queue.name, queue.throughput?.unit)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <FailedJobsCard jobs={data.failed_jobs} />
        </>
      )}
    </section>
  );
}

function Figure({ label, value, testId, tone }: { label: string; value: number | string; testId: string; tone?: 'bad' }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd data-testid={testId} className={cx('mt-1 text-2xl font-semibold tabular-nums', tone === 'bad' ? 'text-rose-700' : 'text-slate-900')}>
        {value}
      </dd>
    </div>
  );
}

function FailedJobsCard({ jobs }: { jobs: { queue: string; id: string; name: string; failed_reason: string; attempts: number; failed_at: string | null }[] }) {
  const { ingestion } = useApiClients();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => retryFailedJobs(ingestion),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.queues() }),
  });
  return (
    <Card
      title={`Failed jobs (${jobs.length})`}
      actions={
        <Button onClick={() => retry.mutate()} disabled={retry.isPending || jobs.length === 0} data-testid="retry-failed-button">
          <RotateCcw aria-hidden="true" className="size-4" /> {retry.isPending ? 'Retrying…' : 'Retry all failed jobs'}
        </Button>
      }
    >
      <div aria-live="polite">
        {retry.isSuccess && (
          <p data-testid="retry-result" className="mb-3 text-sm text-emerald-700">
            {retry.data.retried} job{retry.data.retried === 1 ? '' : 's'} sent back to their queues.
          </p>
        )}
        {retry.isError && (
          <p role="alert" className="mb-3 text-sm text-rose-700">
            {describeError(retry.error)}
          </p>
        )}
      </div>
      {jobs.length === 0 ? (
        <EmptyState title="No failed jobs" compact />
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="failed-jobs-table" className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">The most recent failed jobs and why they failed</caption>
            <thead>
              <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
                <th scope="col" className="px-3 py-2">
                  Failed at
                </th>
                <th scope="col" className="px-3 py-2">
                  Queue / job
                </th>
                <th scope="col" className="px-3 py-2">
                  Reason
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Attempts
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {jobs.map((job) => (
                <tr key={`${job.queue}/${job.id}`} data-testid="failed-job-row" className="align-top">
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(job.failed_at)}</td>
                  <td className="px-3 py-2">
                    <div className="font-mono text-xs">{job.queue}</div>
                    <div className="font-mono text-xs text-slate-500">
                      {job.name} #{job.id}
                    </div>
                  </td>
                  <td className="px-3 py-2 text-rose-800">{job.failed_reason}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{job.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** The minute in progress is partial: the one before it is the rate to show. */
function lastFullMinute(throughput: QueueThroughput | undefined): number | null {
  const minutes = throughput?.per_minute ?? [];
  return minutes.length >= 2 ? minutes[minutes.length - 2] : null;
}
