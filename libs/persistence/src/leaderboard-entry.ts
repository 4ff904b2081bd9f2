import { LeaderboardEntry } from './leaderboard.store';
import { LeadDocument } from './schemas/lead.schema';

/** What the leaderboard keeps of a lead. */
export function leaderboardEntryOf(lead: LeadDocument): LeaderboardEntry {
  return {
    lead_id: lead.lead_id,
    email: lead.email,
    name: lead.name,
    company: lead.company,
    score: lead.score,
    stage: lead.stage,
    fit_score: lead.fit_score ?? 0,
    grade: lead.grade ?? '',
    last_event_at: lead.last_event_at?.toISOString() ?? null,
  };
}
