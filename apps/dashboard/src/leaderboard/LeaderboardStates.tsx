import { CircleExclamationPoint, Inbox, LoaderCircle, RefreshCw } from 'lucide-react';
import type { ReactNode } from 'react';
import { describeError } from '../api/describe-error';
import { Button } from '../components/Button';

function Panel({ children, role }: { children: ReactNode; role?: 'status' | 'alert' }) {
  return (
    <div
      role={role}
      className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
    >
      {children}
    </div>
  );
}

export function LeaderboardLoading() {
  return (
    <Panel role="status">
      <LoaderCircle aria-hidden="true" className="size-6 text-indigo-600 motion-safe:animate-spin" />
      <p className="text-sm text-slate-600">Loading the leaderboard…</p>
    </Panel>
  );
}

export function LeaderboardError({ error, onRetry, retrying }: { error: unknown; onRetry(): void; retrying: boolean }) {
  return (
    <Panel role="alert">
      <CircleExclamationPoint aria-hidden="true" className="size-6 text-rose-600" />
      <div>
        <p className="font-medium text-slate-900">The leaderboard could not be loaded</p>
        <p className="mt-1 text-sm text-slate-600">{describeError(error)}</p>
      </div>
      <Button onClick={onRetry} disabled={retrying}>
        <RefreshCw aria-hidden="true" className="size-4" />
        Try again
      </Button>
    </Panel>
  );
}

export function LeaderboardEmpty({ apiBaseUrl }: { apiBaseUrl: string }) {
  return (
    <Panel role="status">
      <Inbox aria-hidden="true" className="size-6 text-slate-400" />
      <div>
        <p className="font-medium text-slate-900">No leads scored yet</p>
        <p className="mt-1 text-sm text-slate-600">
          Send an event to <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">POST {apiBaseUrl}/api/events</code>{' '}
          and it appears here as soon as it is scored.
        </p>
      </div>
    </Panel>
  );
}
