import { z } from 'zod';
import { ErrorDetail } from './api-schemas';
import { EVENT_TYPE_PATTERN } from './event-validation';
import { compileRuleRegex } from './rule-regex';
import { CONDITION_OPERATORS, ScoringSettings } from './rules';
import { MAX_PER_LEAD_LIMIT, SCORE_SETTING_LIMIT } from './settings-bounds';
import { pathKey, unstorableFields } from './storable';

// Condition paths read the event: `metadata.<key>...`, `event_type` or `source`. Keys follow the event's own
// rules (no `$`, no `.` inside a key), so a path is dot-separated plain names.
const FIELD_PATH = /^(event_type|source|metadata(\.[^.$\s][^.\s]{0,99}){1,5})$/;
const NUMERIC_OPERATORS = new Set(['gt', 'gte', 'lt', 'lte']);

/** A value an event field can be compared with: a string, a finite number, a boolean (or null for eq/neq/in). */
function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

const conditionSchema = z
  .object({
    field: z.string('must be a string').regex(FIELD_PATH, 'must be event_type, source or metadata.<key>[.<key>...]'),
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
  event_type: z
    .string('must be a string')
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.string().regex(EVENT_TYPE_PATTERN, 'must match ^[A-Z][A-Z0-9_]{0,63}$')),
  points: z.number('must be a number').int('must be a whole number').min(-1000, 'must be at least -1000').max(1000, 'must be at most 1000'),
  conditions: z.array(conditionSchema, 'must be an array of conditions').max(20, 'must have at most 20 conditions'),
  max_per_lead: z
    .number('must be a number or null')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PER_LEAD_LIMIT, `must be at most ${MAX_PER_LEAD_LIMIT}`)
    .nullable(),
  active: z.boolean('must be true or false'),
};

/** POST /api/rules: conditions, max_per_lead and active have defaults. */
export const ruleCreateSchema = z
  .strictObject({
    ...ruleFields,
    conditions: ruleFields.conditions.default([]),
    max_per_lead: ruleFields.max_per_lead.default(null),
    active: ruleFields.active.default(true),
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
  })
  .superRefine((settings, ctx) => {
    if (settings.max_score !== null && settings.max_score < settings.min_score) {
      ctx.addIssue({ code: 'custom', path: ['max_score'], message: 'must not be below min_score' });
    }
    const names = settings.stages.map((stage) => stage.name.toLowerCase());
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['stages'], message: 'stage names must be unique' });
  })
  .transform((settings): ScoringSettings => ({ ...settings, stages: [...settings.stages].sort((a, b) => a.min - b.min) }))
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

