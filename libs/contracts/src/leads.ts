/** One line of a lead's audit trail: why its score or stage changed at that point of event time. */
export interface HistoryEntry {
  event_id: string;
  event_type: string;
  timestamp: string;
  delta: number;
  score_after: number;
  stage_after: string;
  /** The engagement rules that gave points. */
  rule_ids: string[];
  /** Change of the fit score at this point (a trait changed), the fit after it and the fit rules that hold then. */
  fit_delta: number;
  fit_after: number;
  fit_rule_ids: string[];
  grade_after: string;
}

/** Points one rule has given a lead (before clamping to the score range); a fit rule counts 1 while it holds. */
export interface BreakdownItem {
  rule_id: string;
  kind: 'engagement' | 'fit';
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
  fit_score: number;
  grade: string;
  event_count: number;
  first_event_at: string | null;
  last_event_at: string | null;
  ruleset_version: number;
  updated_at: string;
}

export interface LeadDetail extends LeadView {
  breakdown: BreakdownItem[];
  /** The latest value in event time of each metadata key, plus name, company and email_domain. */
  traits: Record<string, unknown>;
}

export interface LeaderboardItem {
  rank: number;
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  score: number;
  stage: string;
  fit_score: number;
  grade: string;
  last_event_at: string | null;
}

export interface LeaderboardResponse {
  items: LeaderboardItem[];
  ruleset_version: number;
}
