/** One line of a lead's audit trail: why its score or stage changed at that point of event time. */
export interface HistoryEntry {
  event_id: string;
  event_type: string;
  timestamp: string;
  delta: number;
  score_after: number;
  stage_after: string;
  rule_ids: string[];
}

/** Points one rule has given a lead (before clamping to the score range). */
export interface BreakdownItem {
  rule_id: string;
  name: string;
  count: number;
  points: number;
}

export interface LeadView {
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  score: number;
  stage: string;
  event_count: number;
  first_event_at: string | null;
  last_event_at: string | null;
  ruleset_version: number;
  updated_at: string;
}

export interface LeadDetail extends LeadView {
  breakdown: BreakdownItem[];
}

export interface LeaderboardItem {
  rank: number;
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  score: number;
  stage: string;
  last_event_at: string | null;
}

export interface LeaderboardResponse {
  items: LeaderboardItem[];
  ruleset_version: number;
}
