import { CircleExclamationPoint, Inbox, LoaderCircle, RefreshCw } from 'lucide-react';
import type { ReactNode } from 'react';
import { describeError } from '../api/describe-error';
import { cx } from '../lib/cx';
import { Button } from './Button';

function Panel({ children, role, compact, testId }: { children: ReactNode; role?: 'status' | 'alert'; compact?: boolean; testId?: string }) {
  return (
    <div
      role={role}
      data-testid={testId}
      className={cx(
        'flex flex-col items-center gap-3 rounded-xl border border-dashed border-slate-300 bg-white px-6 text-center',
        compact ? 'py-6' : 'py-12',
      )}
    >
      {children}
    </div>
  );
}

export function LoadingState({ label, compact }: { label: string; compact?: boolean }) {
  return (
    <Panel role="status" compact={compact} testId="loading-state">
      <LoaderCircle aria-hidden="true" className="size-6 text-indigo-600 motion-safe:animate-spin" />
      <p className="text-sm text-slate-600">{label}</p>
    </Panel>
  );
}

export function ErrorState({ title, error, onRetry, retrying, compact }: { title: string; error: unknown; onRetry?(): void; retrying?: boolean; compact?: boolean }) {
  return (
    <Panel role="alert" compact={compact} testId="error-state">
      <CircleExclamationPoint aria-hidden="true" className="size-6 text-rose-600" />
      <div>
        <p className="font-medium text-slate-900">{title}</p>
        <p className="mt-1 text-sm text-slate-600">{describeError(error)}</p>
      </div>
      {onRetry && (
        <Button onClick={onRetry} disabled={retrying}>
          <RefreshCw aria-hidden="true" className="size-4" />
          Try again
        </Button>
      )}
    </Panel>
  );
}

export function EmptyState({ title, children, compact }: { title: string; children?: ReactNode; compact?: boolean }) {
  return (
    <Panel role="status" compact={compact} testId="empty-state">
      <Inbox aria-hidden="true" className="size-6 text-slate-400" />
      <div>
        <p className="font-medium text-slate-900">{title}</p>
        {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
      </div>
    </Panel>
  );
}

/** A stale-data warning shown above content whose refetch failed. */
export function StaleWarning({ what, error }: { what: string; error: unknown }) {
  return (
    <p role="alert" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Showing the last loaded {what}; refreshing failed: {describeError(error)}
    </p>
  );
}
