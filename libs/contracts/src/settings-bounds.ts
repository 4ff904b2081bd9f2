/**
 * Bounds of every number an admin can set through rules and settings. Scores, thresholds and counts outside these
 * ranges have no use, and unbounded ones let a single request make every later read or re-score arbitrarily
 * expensive (a floor of -1e12 once made the score distribution build ten billion bands). Kept finite and small
 * enough that any sum the engine computes from them stays an exact integer.
 */
export const SCORE_SETTING_LIMIT = 1_000_000;
/** `max_per_lead`: how many times one rule may award points to one lead. */
export const MAX_PER_LEAD_LIMIT = 1_000_000;
