import { type LeadUpdatedMessage, SOCKET_EVENTS } from '@lead-scoring/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LEADERBOARD_QUERY_ROOT } from '../api/leaderboard';
import { createThrottle } from '../lib/throttle';
import { useSocketEvent } from '../realtime/useSocketEvent';
import { useRowHighlights } from './useRowHighlights';

/** How long a changed row stays highlighted. */
export const HIGHLIGHT_MS = 2500;
/**
 * The gateway pushes up to 10 updates a second; refetching on each would cancel the previous request before it
 * could finish, so refetches are spaced out (the trailing one always runs, so the last update is never missed).
 */
export const REFETCH_SPACING_MS = 400;

/** Refetches the leaderboard when a lead changes and returns the lead ids to highlight. */
export function useLeaderboardLiveUpdates(): ReadonlySet<string> {
  const queryClient = useQueryClient();
  const { highlighted, flash } = useRowHighlights(HIGHLIGHT_MS);
  const [refetch] = useState(() =>
    createThrottle(() => void queryClient.invalidateQueries({ queryKey: LEADERBOARD_QUERY_ROOT }), REFETCH_SPACING_MS),
  );

  useEffect(() => () => refetch.cancel(), [refetch]);

  useSocketEvent<LeadUpdatedMessage>(SOCKET_EVENTS.leadUpdated, (message) => {
    if (typeof message?.lead_id === 'string') flash(message.lead_id);
    refetch();
  });

  return highlighted;
}
