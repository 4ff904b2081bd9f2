import type { RecomputeProgress, UploadProgress } from '@lead-scoring/contracts';
import { LEAD_CHANGE_FAMILIES } from '../api/query-keys';

/** What a pushed message makes stale, as query-key prefixes; a pure function so it is unit tested. */
export function staleFamiliesOf(event: string): readonly (readonly string[])[] {
  switch (event) {
    case 'lead.updated':
      return LEAD_CHANGE_FAMILIES;
    case 'leaderboard.updated':
      return [['leaderboard'], ['leads']];
    case 'activity.updated':
      return [['analytics']];
    case 'account.updated':
      // The account list and every account's page (its score, its leads, its score over time).
      return [['accounts']];
    case 'delivery.updated':
      // Every trigger's delivery list and every lead's firings; the queue page shows the delivery jobs too.
      return [['deliveries'], ['system']];
    default:
      return [];
  }
}

/** The newer of two progress reports of one recompute (messages may overtake a poll answer). */
export function newerRecompute(current: RecomputeProgress | undefined, incoming: RecomputeProgress): RecomputeProgress {
  if (!current) return incoming;
  if (incoming.version !== current.version) return incoming.version > current.version ? incoming : current;
  if (current.state === 'done') return current;
  return incoming.state === 'done' || incoming.processed >= current.processed ? incoming : current;
}

/** The newer of two progress reports of one upload. */
export function newerUpload<T extends UploadProgress>(current: T | undefined, incoming: UploadProgress): T | UploadProgress {
  if (!current) return incoming;
  const finished = (state: UploadProgress['state']) => state === 'done' || state === 'failed';
  if (finished(current.state) && !finished(incoming.state)) return current;
  if (Date.parse(incoming.updated_at) < Date.parse(current.updated_at) && !finished(incoming.state)) return current;
  // The poll answer also carries the row errors; a pushed report does not, so keep them.
  return { ...current, ...incoming };
}
