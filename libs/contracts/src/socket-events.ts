import { RecomputeProgress } from './rules';
import { AccountSummary } from './accounts';
import { Delivery } from './triggers';
import { UploadProgress } from './uploads';

/** Socket.io event names pushed by the realtime gateway. */
export const SOCKET_EVENTS = {
  leadUpdated: 'lead.updated',
  leaderboardUpdated: 'leaderboard.updated',
  activityUpdated: 'activity.updated',
  uploadProgress: 'upload.progress',
  recomputeProgress: 'recompute.progress',
  deliveryUpdated: 'delivery.updated',
  accountUpdated: 'account.updated',
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
  fit_score: number;
  grade: string;
}

/** What each live event carries. The services publish these through the lead-updates queue; the job name is the event. */
export interface LiveUpdatePayloads {
  'lead.updated': LeadUpdatedMessage;
  'upload.progress': UploadProgress;
  'recompute.progress': RecomputeProgress;
  'delivery.updated': Delivery;
  'account.updated': AccountSummary;
}

export type LiveUpdateName = keyof LiveUpdatePayloads;
