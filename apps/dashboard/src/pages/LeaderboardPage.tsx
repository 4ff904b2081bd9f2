import { RefreshCw, Trophy } from 'lucide-react';
import { useAppConfig } from '../app/app-config-context';
import { describeError } from '../api/describe-error';
import { LEADERBOARD_LIMIT } from '../api/leaderboard';
import { Button } from '../components/Button';
import { LeaderboardEmpty, LeaderboardError, LeaderboardLoading } from '../leaderboard/LeaderboardStates';
import { LeaderboardTable } from '../leaderboard/LeaderboardTable';
import { useLeaderboard } from '../leaderboard/useLeaderboard';
import { useLeaderboardLiveUpdates } from '../leaderboard/useLeaderboardLiveUpdates';
import { cx } from '../lib/cx';
import { useNow } from '../lib/useNow';

export function LeaderboardPage() {
  const { apiBaseUrl } = useAppConfig();
  const leaderboard = useLeaderboard(LEADERBOARD_LIMIT);
  const highlighted = useLeaderboardLiveUpdates();
  const now = useNow();
  const { data, error, isPending, isError, isFetching, refetch } = leaderboard;

  return (
    <section aria-labelledby="leaderboard-title" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="leaderboard-title" className="flex items-center gap-2 text-xl font-semibold text-slate-900">
            <Trophy aria-hidden="true" className="size-5 text-amber-500" />
            Leaderboard
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Top {LEADERBOARD_LIMIT} leads by score
            {data ? ` · ruleset v${data.ruleset_version}` : ''}
          </p>
        </div>
        <Button onClick={() => void refetch()} disabled={isFetching} aria-label="Refresh the leaderboard">
          <RefreshCw aria-hidden="true" className={cx('size-4', isFetching && 'motion-safe:animate-spin')} />
          Refresh
        </Button>
      </div>

      {/* A failed refetch keeps the last good data on screen, with a warning that it may be stale. */}
      {isError && data && (
        <p role="alert" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Showing the last loaded leaderboard; refreshing failed: {describeError(error)}
        </p>
      )}

      {isPending ? (
        <LeaderboardLoading />
      ) : !data ? (
        <LeaderboardError error={error} onRetry={() => void refetch()} retrying={isFetching} />
      ) : data.items.length === 0 ? (
        <LeaderboardEmpty apiBaseUrl={apiBaseUrl} />
      ) : (
        <LeaderboardTable items={data.items} highlighted={highlighted} now={now} />
      )}
    </section>
  );
}
