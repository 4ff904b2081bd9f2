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

/**
 * `engagement` rules score what a lead did (its events of `event_type`); `fit` rules score who it is: their
 * conditions read `traits.<key>` and they have no event type.
 */
export const RULE_KINDS = ['engagement', 'fit'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** At most `count` matches of a rule in any window of `days` days, counted in event time. */
export interface FrequencyCap {
  count: number;
  days: number;
}

export interface ScoringRule {
  id: string;
  name: string;
  kind: RuleKind;
  /** The events an engagement rule scores; null for a fit rule. */
  event_type: string | null;
  /** Integer in -1000..1000; negative rules take points away. */
  points: number;
  conditions: RuleCondition[];
  /** How many times this rule may award points to one lead; null means no limit (engagement rules). */
  max_per_lead: number | null;
  /** A frequency cap in event time; null means none (engagement rules). */
  max_per_period: FrequencyCap | null;
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

/** The range the fit score is clamped to. */
export interface FitRange {
  min: number;
  max: number;
}

/** A label for scores from `min` up (to the next band's `min`). */
export interface GradeBand {
  label: string;
  min: number;
}

/** A lead's grade is its fit label followed by its engagement label, e.g. `A1`. Bands sorted by `min`, descending. */
export interface GradeSettings {
  fit: GradeBand[];
  engagement: GradeBand[];
}

export const ACCOUNT_STRATEGIES = ['sum', 'max', 'top_n_average'] as const;
export type AccountStrategy = (typeof ACCOUNT_STRATEGIES)[number];

/** How an account's score is made from its leads' engagement scores (`n` is used by top_n_average). */
export interface AccountSettings {
  strategy: AccountStrategy;
  n: number;
}

export interface ScoringSettings {
  min_score: number;
  /** null: no cap. */
  max_score: number | null;
  /** Sorted by `min`, ascending; a lead is in the stage with the highest `min` not above its score. */
  stages: Stage[];
  decay: DecaySettings;
  fit: FitRange;
  grades: GradeSettings;
  accounts: AccountSettings;
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
  fit: { min: 0, max: 100 },
  grades: {
    fit: [
      { label: 'A', min: 60 },
      { label: 'B', min: 30 },
      { label: 'C', min: 0 },
    ],
    engagement: [
      { label: '1', min: 200 },
      { label: '2', min: 50 },
      { label: '3', min: 0 },
    ],
  },
  accounts: { strategy: 'sum', n: 3 },
};

/** Settings saved before fit, grades and accounts existed get their defaults. */
export function withSettingsDefaults(settings: Partial<ScoringSettings> & Pick<ScoringSettings, 'min_score' | 'max_score' | 'stages' | 'decay'>): ScoringSettings {
  return { fit: DEFAULT_SETTINGS.fit, grades: DEFAULT_SETTINGS.grades, accounts: DEFAULT_SETTINGS.accounts, ...settings };
}

function defaultRule(id: string, name: string, event_type: string, points: number): ScoringRule {
  return { id, name, kind: 'engagement', event_type, points, conditions: [], max_per_lead: null, max_per_period: null, active: true };
}

function fitRule(id: string, name: string, points: number, condition: RuleCondition): ScoringRule {
  return { id, name, kind: 'fit', event_type: null, points, conditions: [condition], max_per_lead: null, max_per_period: null, active: true };
}

/**
 * Seeded once, on the first start against an empty database. Ids are fixed so that seeding is idempotent. The fit
 * rules read the traits the sample data sets (POST /api/identify or any event's metadata): a decision maker at a
 * company of 200+ people in a target industry is an A.
 */
export const DEFAULT_RULES: readonly ScoringRule[] = [
  defaultRule('default-email-open', 'Email opened', 'EMAIL_OPEN', 10),
  defaultRule('default-page-view', 'Page viewed', 'PAGE_VIEW', 5),
  defaultRule('default-form-submission', 'Form submitted', 'FORM_SUBMISSION', 20),
  defaultRule('default-demo-request', 'Demo requested', 'DEMO_REQUEST', 50),
  defaultRule('default-purchase', 'Purchase', 'PURCHASE', 100),
  fitRule('default-fit-decision-maker', 'Decision maker', 30, { field: 'traits.seniority', op: 'in', value: ['c-level', 'vp', 'director'] }),
  fitRule('default-fit-company-size', 'Company of 200+', 20, { field: 'traits.company_size', op: 'gte', value: 200 }),
  fitRule('default-fit-industry', 'Target industry', 20, { field: 'traits.industry', op: 'in', value: ['software', 'fintech', 'healthcare'] }),
  fitRule('default-fit-country', 'Core market', 10, { field: 'traits.country', op: 'in', value: ['US', 'CA', 'GB', 'DE', 'FR', 'NL'] }),
];

/** Progress of re-scoring every lead after a rule or settings change (GET /api/rules/recompute, `recompute.progress`). */
export interface RecomputeProgress {
  version: number;
  state: 'done' | 'running';
  /** Leads scored with `version` so far. */
  processed: number;
  total: number;
}
