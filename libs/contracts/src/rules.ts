export const CONDITION_OPERATORS = [
  'eq', 'neq', 'contains', 'starts_with', 'regex', 'gt', 'gte', 'lt', 'lte', 'in', 'exists',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A test on one field of the event, e.g. `{ field: 'metadata.url', op: 'contains', value: '/pricing' }`. */
export interface RuleCondition {
  field: string;
  op: ConditionOperator;
  value?: unknown;
}

export interface ScoringRule {
  id: string;
  name: string;
  event_type: string;
  /** Integer in -1000..1000; negative rules take points away. */
  points: number;
  conditions: RuleCondition[];
  /** How many times this rule may award points to one lead; null means no limit. */
  max_per_lead: number | null;
  active: boolean;
}

export interface Stage {
  name: string;
  min: number;
}

/**
 * Scores fade while a lead is inactive: for every full `period_days` between two of its events the score loses
 * `percent`% (see `decayBetween` in @lead-scoring/scoring for the exact, deterministic rule).
 */
export interface DecaySettings {
  enabled: boolean;
  /** Share of the score lost per full period, 0..100. */
  percent: number;
  /** Length of a period of inactivity, in days (> 0). */
  period_days: number;
}

export interface ScoringSettings {
  min_score: number;
  /** null: no cap. */
  max_score: number | null;
  /** Sorted by `min`, ascending; a lead is in the stage with the highest `min` not above its score. */
  stages: Stage[];
  decay: DecaySettings;
}

/** Everything a score is a function of besides the events: bumped on every rule or settings change. */
export interface Ruleset {
  version: number;
  rules: ScoringRule[];
  settings: ScoringSettings;
}

export const DEFAULT_SETTINGS: ScoringSettings = {
  min_score: 0,
  max_score: 1000,
  stages: [
    { name: 'cold', min: 0 },
    { name: 'warm', min: 50 },
    { name: 'hot', min: 100 },
    { name: 'qualified', min: 200 },
  ],
  decay: { enabled: false, percent: 10, period_days: 30 },
};

function defaultRule(id: string, name: string, event_type: string, points: number): ScoringRule {
  return { id, name, event_type, points, conditions: [], max_per_lead: null, active: true };
}

/** Seeded once, on the first start against an empty database. Ids are fixed so that seeding is idempotent. */
export const DEFAULT_RULES: readonly ScoringRule[] = [
  defaultRule('default-email-open', 'Email opened', 'EMAIL_OPEN', 10),
  defaultRule('default-page-view', 'Page viewed', 'PAGE_VIEW', 5),
  defaultRule('default-form-submission', 'Form submitted', 'FORM_SUBMISSION', 20),
  defaultRule('default-demo-request', 'Demo requested', 'DEMO_REQUEST', 50),
  defaultRule('default-purchase', 'Purchase', 'PURCHASE', 100),
];

/** Progress of re-scoring every lead after a rule or settings change (GET /api/rules/recompute, `recompute.progress`). */
export interface RecomputeProgress {
  version: number;
  state: 'done' | 'running';
  /** Leads scored with `version` so far. */
  processed: number;
  total: number;
}
