import { type RecomputeProgress, SOCKET_EVENTS, type UploadProgress } from '@lead-scoring/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../api/query-keys';
import { createThrottle, type Throttled } from '../lib/throttle';
import { newerRecompute, newerUpload, staleFamiliesOf } from './live-invalidation';
import { useSocketEvent } from './useSocketEvent';

/**
 * Bursts of pushes (an upload scores hundreds of leads a second) must not refetch every list on every message:
 * each family is refetched at most once per this spacing, with a trailing refetch so the last change shows.
 */
export const REFETCH_SPACING_MS = 500;

/**
 * The one place where socket events turn into TanStack Query cache changes: invalidations for snapshots (lists,
 * analytics, a lead) and direct cache writes for progress reports. No query polls on a timer.
 */
export function useLiveInvalidation(): void {
  const queryClient = useQueryClient();
  const [throttles] = useState(() => new Map<string, Throttled>());

  useEffect(() => () => throttles.forEach((throttle) => throttle.cancel()), [throttles]);

  const invalidate = (event: string) => {
    for (const family of staleFamiliesOf(event)) {
      const id = family.join('/');
      let throttle = throttles.get(id);
      if (!throttle) {
        throttle = createThrottle(() => void queryClient.invalidateQueries({ queryKey: family }), REFETCH_SPACING_MS);
        throttles.set(id, throttle);
      }
      throttle();
    }
  };

  useSocketEvent(SOCKET_EVENTS.leadUpdated, () => invalidate(SOCKET_EVENTS.leadUpdated));
  useSocketEvent(SOCKET_EVENTS.leaderboardUpdated, () => invalidate(SOCKET_EVENTS.leaderboardUpdated));
  useSocketEvent(SOCKET_EVENTS.activityUpdated, () => invalidate(SOCKET_EVENTS.activityUpdated));
  // One or more deliveries per message: the lists are re-read (each family at most once per REFETCH_SPACING_MS).
  useSocketEvent(SOCKET_EVENTS.deliveryUpdated, () => invalidate(SOCKET_EVENTS.deliveryUpdated));
  useSocketEvent(SOCKET_EVENTS.accountUpdated, () => invalidate(SOCKET_EVENTS.accountUpdated));

  useSocketEvent<RecomputeProgress>(SOCKET_EVENTS.recomputeProgress, (progress) => {
    if (typeof progress?.version !== 'number') return;
    const previous = queryClient.getQueryData<RecomputeProgress>(queryKeys.recompute());
    const next = newerRecompute(previous, progress);
    queryClient.setQueryData(queryKeys.recompute(), next);
    // Every score may have changed with the new ruleset: reload every snapshot once it is applied.
    if (next.state === 'done' && previous?.state !== 'done') {
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'recompute' && query.queryKey[0] !== 'upload' });
    }
  });

  useSocketEvent<UploadProgress>(SOCKET_EVENTS.uploadProgress, (progress) => {
    if (typeof progress?.upload_id !== 'string') return;
    queryClient.setQueryData<UploadProgress>(queryKeys.upload(progress.upload_id), (current) => newerUpload(current, progress));
  });
}
