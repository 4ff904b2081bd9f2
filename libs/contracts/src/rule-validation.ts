import { z } from 'zod';
import { ErrorDetail } from './api-schemas';
import { EVENT_TYPE_PATTERN } from './event-validation';
import { compileRuleRegex } from './rule-regex';
import { ACCOUNT_STRATEGIES, CONDITION_OPERATORS, DEFAULT_SETTINGS, RULE_KINDS, ScoringRule, ScoringSettings } from './rules';
import { MAX_PER_LEAD_LIMIT, SCORE_SETTING_LIMIT } from './settings-bounds';
import { pathKey, unstorableFields } from './storable';

// Condition paths of engagement rules read the event: `metadata.<key>...`, `event_type` or `source`; those of fit
// rules read the lead's traits: `traits.<key>...`. Keys follow the event's own rules (no `$`, no `.` inside a key),
// so a path is dot-separated plain names.
const FIELD_PATH = /^(event_type|source|(metadata|traits)(\.[^.$\s][^.\s]{0,99}){1,5})$/;
const TRAIT_PATH = /^traits\./;
/** `max_per_period.count`, and `.days`: a frequency cap's bounds. */
const CAP_COUNT_LIMIT = 1_000_000;
const CAP_DAYS_LIMIT = 3650;
/** The event type `POST /api/identify` stores: it sets traits and never scores engagement points. */
export const IDENTIFY_EVENT = 'IDENTIFY';
const NUMERIC_OPERATORS = new Set(['gt', 'gte', 'lt', 'lte']);

/** A value an event field can be compared with: a string, a finite number, a boolean (or null for eq/neq/in). */
function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

const conditionSchema = z
  .object({
    field: z.string('must be a string').regex(FIELD_PATH, 'must be event_type, source, metadata.<key>[.<key>...] or (fit rules) traits.<key>[.<key>...]'),
    op: z.enum(CONDITION_OPERATORS, `must be one of ${CONDITION_OPERATORS.join(', ')}`),
    value: z.unknown().optional(),
  })
  .superRefine((condition, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    if (condition.op === 'exists') {
      if (condition.value !== undefined && typeof condition.value !== 'boolean') fail('must be true or false for exists');
    } else if (condition.value === undefined) {
      fail(`is required for ${condition.op}`);
    } else if (condition.op === 'in') {
      if (!Array.isArray(condition.value) || condition.value.length === 0) fail('must be a non-empty array for in');
      else {
        const index = condition.value.findIndex((item) => !isScalar(item));
        if (index >= 0) ctx.addIssue({ code: 'custom', path: ['value', index], message: 'must be a string, a finite number, a boolean or null' });
      }
    } else if (NUMERIC_OPERATORS.has(condition.op)) {
      if (typeof condition.value !== 'number' || !Number.isFinite(condition.value)) fail(`must be a finite number for ${condition.op}`);
    } else if (condition.op === 'regex') {
      if (typeof condition.value !== 'string') fail('must be a string (an RE2 regular expression) for regex');
      else {
        const compiled = compileRuleRegex(condition.value);
        if (!compiled.ok) fail(compiled.message);
      }
    } else if (!isScalar(condition.value)) {
      fail(`must be a string, a finite number or a boolean for ${condition.op}`);
    }
  });

const ruleFields = {
  name: z.string('must be a string').trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  kind: z.enum(RULE_KINDS, `must be one of ${RULE_KINDS.join(', ')}`),
  event_type: z
    .string('must be a string or null')
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.string().regex(EVENT_TYPE_PATTERN, 'must match ^[A-Z][A-Z0-9_]{0,63}$'))
    .nullable(),
  points: z.number('must be a number').int('must be a whole number').min(-1000, 'must be at least -1000').max(1000, 'must be at most 1000'),
  conditions: z.array(conditionSchema, 'must be an array of conditions').max(20, 'must have at most 20 conditions'),
  max_per_lead: z
    .number('must be a number or null')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PER_LEAD_LIMIT, `must be at most ${MAX_PER_LEAD_LIMIT}`)
    .nullable(),
  max_per_period: z
    .strictObject(
      {
        count: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(CAP_COUNT_LIMIT, `must be at most ${CAP_COUNT_LIMIT}`),
        days: z.number('must be a number').min(1 / 24, 'must be at least one hour (1/24)').max(CAP_DAYS_LIMIT, `must be at most ${CAP_DAYS_LIMIT}`),
      },
      'must be {count, days} or null',
    )
    .nullable(),
  active: z.boolean('must be true or false'),
};

/**
 * What a whole rule must satisfy, checked on a create and on the rule a patch makes: an engagement rule has an
 * event type (not IDENTIFY) and conditions on the event; a fit rule has no event type, no caps, and conditions on
 * traits only.
 */
export function ruleShapeProblems(rule: Pick<ScoringRule, 'kind' | 'event_type' | 'conditions' | 'max_per_lead' | 'max_per_period'>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (rule.kind === 'fit') {
    if (rule.event_type !== null) problems.push({ field: 'event_type', message: 'must be null (or left out) for a fit rule' });
    if (rule.max_per_lead !== null) problems.push({ field: 'max_per_lead', message: 'must be null for a fit rule' });
    if (rule.max_per_period !== null) problems.push({ field: 'max_per_period', message: 'must be null for a fit rule' });
    rule.conditions.forEach((condition, i) => {
      if (!TRAIT_PATH.test(condition.field)) problems.push({ field: `conditions.${i}.field`, message: 'must be traits.<key>[.<key>...] for a fit rule' });
    });
  } else {
    if (rule.event_type === null) problems.push({ field: 'event_type', message: 'is required for an engagement rule' });
    else if (rule.event_type === IDENTIFY_EVENT) problems.push({ field: 'event_type', message: 'IDENTIFY events set traits and score no engagement points: use a fit rule' });
    rule.conditions.forEach((condition, i) => {
      if (TRAIT_PATH.test(condition.field)) problems.push({ field: `conditions.${i}.field`, message: 'traits.* is for fit rules; an engagement rule reads the event (metadata.*, event_type, source)' });
    });
  }
  return problems;
}

/** POST /api/rules: kind (engagement), event_type (null), conditions, caps and active have defaults. */
export const ruleCreateSchema = z
  .strictObject({
    ...ruleFields,
    kind: ruleFields.kind.default('engagement'),
    event_type: ruleFields.event_type.default(null),
    conditions: ruleFields.conditions.default([]),
    max_per_lead: ruleFields.max_per_lead.default(null),
    max_per_period: ruleFields.max_per_period.default(null),
    active: ruleFields.active.default(true),
  })
  .superRefine((rule, ctx) => {
    for (const problem of ruleShapeProblems(rule)) ctx.addIssue({ code: 'custom', path: problem.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), message: problem.message });
  })
  .meta({ id: 'RuleInput' });

/** PATCH /api/rules/:id: any subset of the fields. */
export const rulePatchSchema = z.strictObject(ruleFields).partial().meta({ id: 'RulePatch' });

/** A score, floor, cap or stage threshold: a whole number within ±SCORE_SETTING_LIMIT. */
const scoreSetting = (type: string) =>
  z
    .number(type)
    .int('must be a whole number')
    .min(-SCORE_SETTING_LIMIT, `must be at least -${SCORE_SETTING_LIMIT}`)
    .max(SCORE_SETTING_LIMIT, `must be at most ${SCORE_SETTING_LIMIT}`);

/** Grade bands of one axis: labels of 1-3 letters or digits, so that a grade (fit label + engagement label) reads well. */
const gradeBands = z
  .array(
    z.strictObject({
      label: z.string('must be a string').regex(/^[A-Za-z0-9]{1,3}$/, 'must be 1-3 letters or digits'),
      min: scoreSetting('must be a number'),
    }),
    'must be an array of {label, min}',
  )
  .min(1, 'must have at least one band')
  .max(10, 'must have at most 10 bands');

export const settingsSchema = z
  .strictObject({
    min_score: scoreSetting('must be a number'),
    max_score: scoreSetting('must be a number or null').nullable(),
    stages: z
      .array(
        z.strictObject({
          name: z.string('must be a string').trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
          min: scoreSetting('must be a number'),
        }),
        'must be an array of {name, min}',
      )
      .min(1, 'must have at least one stage')
      .max(20, 'must have at most 20 stages'),
    decay: z.strictObject({
      enabled: z.boolean('must be true or false'),
      percent: z.number('must be a number').min(0.1, 'must be more than 0').max(100, 'must be at most 100'),
      period_days: z.number('must be a number').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days'),
    }),
    fit: z.strictObject({ min: scoreSetting('must be a number'), max: scoreSetting('must be a number') }).default(DEFAULT_SETTINGS.fit),
    grades: z
      .strictObject({ fit: gradeBands, engagement: gradeBands })
      .default(DEFAULT_SETTINGS.grades),
    accounts: z
      .strictObject({
        strategy: z.enum(ACCOUNT_STRATEGIES, `must be one of ${ACCOUNT_STRATEGIES.join(', ')}`),
        n: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(3),
      })
      .default(DEFAULT_SETTINGS.accounts),
  })
  .superRefine((settings, ctx) => {
    if (settings.max_score !== null && settings.max_score < settings.min_score) {
      ctx.addIssue({ code: 'custom', path: ['max_score'], message: 'must not be below min_score' });
    }
    const names = settings.stages.map((stage) => stage.name.toLowerCase());
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['stages'], message: 'stage names must be unique' });
    if (settings.fit.max < settings.fit.min) ctx.addIssue({ code: 'custom', path: ['fit', 'max'], message: 'must not be below fit.min' });
    for (const axis of ['fit', 'engagement'] as const) {
      const labels = settings.grades[axis].map((band) => band.label);
      if (new Set(labels).size !== labels.length) ctx.addIssue({ code: 'custom', path: ['grades', axis], message: 'labels must be unique' });
    }
  })
  .transform(
    (settings): ScoringSettings => ({
      ...settings,
      stages: [...settings.stages].sort((a, b) => a.min - b.min),
      grades: { fit: [...settings.grades.fit].sort((a, b) => b.min - a.min), engagement: [...settings.grades.engagement].sort((a, b) => b.min - a.min) },
    }),
  )
  .meta({ id: 'Settings' });

export type RuleCreateInput = z.infer<typeof ruleCreateSchema>;
export type RulePatchInput = z.infer<typeof rulePatchSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

/**
 * Runs a schema and reports problems as `{field, message}` details, like event validation does. Values that
 * storage would refuse or change (unstorableFields: infinite numbers, NUL, lone surrogates, `$`/`.` keys) are
 * refused first, whatever the schema, so that a valid body is always a storable one.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const unstorable = unstorableFields(input);
  if (unstorable.length > 0) return { ok: false, details: unstorable };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    details: parsed.error.issues.map((issue) => {
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
      const message = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      return { field: path.length > 0 ? path.map(pathKey).join('.') : 'body', message };
    }),
  };
}

