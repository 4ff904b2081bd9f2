import { type AccountSummary, SOCKET_EVENTS } from '@lead-scoring/contracts';
import { HIGHLIGHT_MS } from '../leaderboard/useLeadHighlights';
import { useRowHighlights } from '../leaderboard/useRowHighlights';
import { useSocketEvent } from '../realtime/useSocketEvent';

/** Accounts that changed moments ago (`account.updated`); the refetch itself is useLiveInvalidation's job. */
export function useAccountHighlights(): ReadonlySet<string> {
  const { highlighted, flash } = useRowHighlights(HIGHLIGHT_MS);
  useSocketEvent<AccountSummary>(SOCKET_EVENTS.accountUpdated, (account) => {
    if (typeof account?.account === 'string') flash(account.account);
  });
  return highlighted;
}
