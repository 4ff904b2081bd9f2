import type { DeliveryAttempt } from '@lead-scoring/contracts';
import { formatDateTime } from '../lib/format';
import { cx } from '../lib/cx';
import { attemptSucceeded, describeAttempt, formatDuration } from './delivery-view';

/** Every attempt of a delivery: when, what the destination said, how long it took. */
export function AttemptList({ attempts }: { attempts: readonly DeliveryAttempt[] }) {
  if (attempts.length === 0) return <p className="text-sm text-slate-500">Not attempted yet.</p>;
  return (
    <ol data-testid="delivery-attempts" className="space-y-1 text-sm">
      {attempts.map((attempt, index) => (
        <li key={`${attempt.at}-${index}`} data-testid="delivery-attempt" data-status-code={attempt.status_code ?? undefined} className="flex flex-wrap gap-x-3">
          <span className="w-6 text-right text-slate-400 tabular-nums">{index + 1}.</span>
          <time dateTime={attempt.at} className="text-slate-600">
            {formatDateTime(attempt.at)}
          </time>
          <span data-testid="delivery-attempt-outcome" className={cx('font-medium', attemptSucceeded(attempt) ? 'text-emerald-700' : 'text-rose-700')}>
            {describeAttempt(attempt)}
          </span>
          <span className="text-slate-500 tabular-nums">{formatDuration(attempt.duration_ms)}</span>
        </li>
      ))}
    </ol>
  );
}
