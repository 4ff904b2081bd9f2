/** Socket.io event names pushed by the realtime gateway. */
export const SOCKET_EVENTS = {
  leadUpdated: 'lead.updated',
  leaderboardUpdated: 'leaderboard.updated',
  activityUpdated: 'activity.updated',
  uploadProgress: 'upload.progress',
  recomputeProgress: 'recompute.progress',
} as const;

export interface LeadUpdatedMessage {
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  score: number;
  delta: number;
  stage: string;
  previous_stage: string | null;
  event_type: string | null;
  timestamp: string | null;
  version: number;
}
