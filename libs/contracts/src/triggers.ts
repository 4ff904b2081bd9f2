import { z } from 'zod';
import { SCORE_SETTING_LIMIT } from './settings-bounds';

// Triggers watch every lead and notify a destination when its state crosses a line (see docs/triggers.md).

/** Fires when the score reaches `value`; armed again once it falls below `rearm_below` (default `value`). */
export interface ScoreAtLeastCondition {
  type: 'score_at_least';
  value: number;
  rearm_below: number;
}

/** Fires when the score falls below `value`; armed again once it reaches `rearm_at_least` (default `value`). */
export interface ScoreBelowCondition {
  type: 'score_below';
  value: number;
  rearm_at_least: number;
}

/** Fires when the lead enters `stage`; armed again once it leaves it. */
export interface StageEnteredCondition {
  type: 'stage_entered';
  stage: string;
}

/** Fires when the lead leaves `stage`; armed again once it enters it. */
export interface StageLeftCondition {
  type: 'stage_left';
  stage: string;
}

/** Fires when the lead's grade (fit label + engagement label, e.g. `A1`) becomes `grade`; armed again once it changes. */
export interface GradeEnteredCondition {
  type: 'grade_entered';
  grade: string;
}

export type TriggerCondition = ScoreAtLeastCondition | ScoreBelowCondition | StageEnteredCondition | StageLeftCondition | GradeEnteredCondition;

export const TRIGGER_FORMATS = ['standard', 'slack'] as const;
export type TriggerFormat = (typeof TRIGGER_FORMATS)[number];

export interface Trigger {
  id: string;
  name: string;
  condition: TriggerCondition;
  url: string;
  format: TriggerFormat;
  active: boolean;
  created_at: string;
  updated_at: string;
}

/** The answer to a create or a secret rotation: the only time the signing secret is shown. */
export type TriggerWithSecret = Trigger & { secret: string };

/** One crossing of a trigger's line by a lead, numbered along the lead's history in event-time order. */
export interface Firing {
  /** 1 for the lead's first firing of this trigger, 2 for the next, ... */
  n: number;
  /** The event (or, for decay, the event that ended the inactivity) at which the condition started to hold. */
  event_id: string;
  timestamp: string;
  score_before: number;
  score_after: number;
  stage_before: string;
  stage_after: string;
  grade_before: string;
  grade_after: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'suppressed'] as const;
/**
 * pending: to be sent (or being retried); delivered: a destination answered 2xx; failed: gave up (a 4xx other
 * than 429, 24 h of retries, or the trigger deleted); suppressed: a firing that only a configuration change made
 * (a new or re-activated trigger, a rule or settings change), recorded and never sent.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  at: string;
  /** The destination's HTTP status; null when there was none (timeout, connection error, refused address). */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface DeliveryLead {
  lead_id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  score: number;
  stage: string;
  grade: string | null;
}

/** The delivery of one firing; its id is stable (the n-th firing of a trigger for a lead) and is the webhook-id. */
export interface Delivery {
  id: string;
  trigger_id: string;
  lead_id: string;
  status: DeliveryStatus;
  firing: Firing;
  /** The lead as it was when the firing was found. */
  lead: DeliveryLead;
  attempts: DeliveryAttempt[];
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What a `standard` destination receives (signed per Standard Webhooks). */
export interface TriggerWebhookPayload {
  type: 'lead.trigger';
  timestamp: string;
  data: {
    trigger: { id: string; name: string };
    lead: DeliveryLead;
    firing: Firing;
  };
}

/** POST /api/triggers/:id/test: what the destination said to a sample payload. */
export interface TriggerTestResult {
  ok: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  /** The start of the destination's answer, for a person reading why it failed. */
  response_excerpt: string | null;
}

/** POST /api/triggers/preview: how many leads are past the line now (they would be suppressed, not sent). */
export interface TriggerPreview {
  matching: number;
  total: number;
}

const scoreLine = z
  .number('must be a number')
  .int('must be a whole number')
  .min(-SCORE_SETTING_LIMIT, `must be at least -${SCORE_SETTING_LIMIT}`)
  .max(SCORE_SETTING_LIMIT, `must be at most ${SCORE_SETTING_LIMIT}`);
const stageName = z.string('must be a string').trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters');

export const triggerConditionSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('score_at_least'), value: scoreLine, rearm_below: scoreLine.optional() }),
      z.strictObject({ type: z.literal('score_below'), value: scoreLine, rearm_at_least: scoreLine.optional() }),
      z.strictObject({ type: z.literal('stage_entered'), stage: stageName }),
      z.strictObject({ type: z.literal('stage_left'), stage: stageName }),
      z.strictObject({ type: z.literal('grade_entered'), grade: z.string('must be a string').regex(/^[A-Za-z0-9]{2,6}$/, 'must be a grade such as A1') }),
    ],
    { error: 'must have a type: score_at_least, score_below, stage_entered, stage_left or grade_entered' },
  )
  .superRefine((condition, ctx) => {
    if (condition.type === 'score_at_least' && condition.rearm_below !== undefined && condition.rearm_below > condition.value) {
      ctx.addIssue({ code: 'custom', path: ['rearm_below'], message: 'must not be above value' });
    }
    if (condition.type === 'score_below' && condition.rearm_at_least !== undefined && condition.rearm_at_least < condition.value) {
      ctx.addIssue({ code: 'custom', path: ['rearm_at_least'], message: 'must not be below value' });
    }
  })
  .transform((condition): TriggerCondition => {
    if (condition.type === 'score_at_least') return { type: condition.type, value: condition.value, rearm_below: condition.rearm_below ?? condition.value };
    if (condition.type === 'score_below') return { type: condition.type, value: condition.value, rearm_at_least: condition.rearm_at_least ?? condition.value };
    return condition;
  });

const triggerFields = {
  name: z.string('must be a string').trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  condition: triggerConditionSchema,
  // Only the form is checked here; whether the address may be called (private networks, metadata) is checked by the
  // gateway, which resolves it.
  url: z
    .string('must be a string')
    .trim()
    .max(2048, 'must be at most 2048 characters')
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http:// or https:// URL'),
  format: z.enum(TRIGGER_FORMATS, `must be one of ${TRIGGER_FORMATS.join(', ')}`),
  active: z.boolean('must be true or false'),
};

/** POST /api/triggers: format and active have defaults. */
export const triggerCreateSchema = z
  .strictObject({ ...triggerFields, format: triggerFields.format.default('standard'), active: triggerFields.active.default(true) })
  .meta({ id: 'TriggerInput' });

/** PATCH /api/triggers/:id: any subset of the fields. */
export const triggerPatchSchema = z.strictObject(triggerFields).partial().meta({ id: 'TriggerPatch' });

/** POST /api/triggers/preview. */
export const triggerPreviewSchema = z.strictObject({ condition: triggerConditionSchema });

export type TriggerCreateInput = z.infer<typeof triggerCreateSchema>;
export type TriggerPatchInput = z.infer<typeof triggerPatchSchema>;
