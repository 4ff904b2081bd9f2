// Accounts: the leads of one company, scored together (see docs/api.md "Accounts").
import { LeadView } from './leads';
import { Page } from './reads';

/** An account in `GET /api/accounts` and `account.updated` (where `leads: 0` says its last lead left: it is gone). */
export interface AccountSummary {
  /** The company name as the leads carry it (the email domain when none was given). */
  account: string;
  /**
   * From the leads' engagement scores by `settings.accounts.strategy`: their sum, their max, or the average of the
   * best `n` (of all of them when fewer), rounded to 2 decimals.
   */
  score: number;
  leads: number;
  /** Leads with an engagement score above 0. */
  engaged_leads: number;
  best_lead: { lead_id: string; email: string | null; name: string | null; score: number } | null;
  /** Leads per stage (stages without leads are left out). */
  stages: Record<string, number>;
}

export interface AccountsPage extends Page<AccountSummary> {
  total: number;
}

/**
 * `GET /api/accounts/:account`: the summary, its best 200 leads (best first) and its score over time (its last 500
 * changes, oldest first).
 */
export interface AccountDetail extends AccountSummary {
  lead_items: LeadView[];
  score_history: { at: string; score: number }[];
}

/** `GET /api/analytics/grades`: leads per grade, every combination of the configured labels (0 where none). */
export interface GradeCounts {
  fit_labels: string[];
  engagement_labels: string[];
  items: { grade: string; fit: string; engagement: string; count: number }[];
}
