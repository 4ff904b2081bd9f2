import { type LeadUpdatedMessage, SOCKET_EVENTS } from '@lead-scoring/contracts';
import { useSocketEvent } from '../realtime/useSocketEvent';
import { useRowHighlights } from './useRowHighlights';

/** How long a changed row stays highlighted. */
export const HIGHLIGHT_MS = 2500;

/**
 * Lead ids (and emails) that changed moments ago. The refetch itself is useLiveInvalidation's job; this only says
 * which rows to flash when the new data lands.
 */
export function useLeadHighlights(): ReadonlySet<string> {
  const { highlighted, flash } = useRowHighlights(HIGHLIGHT_MS);
  useSocketEvent<LeadUpdatedMessage>(SOCKET_EVENTS.leadUpdated, (message) => {
    if (typeof message?.lead_id === 'string') flash(message.lead_id);
  });
  return highlighted;
}
