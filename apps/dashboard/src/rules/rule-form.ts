import { CONDITION_OPERATORS, type ConditionOperator, type RuleCondition, type ScoringRule, type ScoringSettings } from '@lead-scoring/contracts';
import type { RuleInput } from '../api/writes';

export interface ConditionForm {
  field: string;
  op: ConditionOperator;
  /** Text as typed: a number for gt..lte, a comma-separated list for `in`, true/false (or empty) for exists. */
  value: string;
}

export interface RuleForm {
  name: string;
  event_type: string;
  points: string;
  max_per_lead: string;
  active: boolean;
  conditions: ConditionForm[];
}

export const OPERATOR_LABELS: Readonly<Record<ConditionOperator, string>> = {
  eq: 'equals', neq: 'does not equal', contains: 'contains', starts_with: 'starts with', regex: 'matches regex',
  gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is one of', exists: 'exists',
};

export const OPERATORS = CONDITION_OPERATORS;

export const EMPTY_RULE_FORM: RuleForm = { name: '', event_type: '', points: '10', max_per_lead: '', active: true, conditions: [] };

export function formOfRule(rule: ScoringRule): RuleForm {
  return {
    name: rule.name,
    event_type: rule.event_type,
    points: String(rule.points),
    max_per_lead: rule.max_per_lead === null ? '' : String(rule.max_per_lead),
    active: rule.active,
    conditions: rule.conditions.map((condition) => ({ field: condition.field, op: condition.op, value: valueText(condition) })),
  };
}

function valueText(condition: RuleCondition): string {
  if (condition.value === undefined) return '';
  if (Array.isArray(condition.value)) return condition.value.join(', ');
  return String(condition.value);
}

/** Form errors keyed by field (`conditions.1.value` for a condition's value), as the gateway names them. */
export type RuleFormErrors = Record<string, string>;

const EVENT_TYPE = /^[A-Z][A-Z0-9_]{0,63}$/;
const FIELD_PATH = /^(event_type|source|metadata(\.[^.$\s][^.\s]{0,99}){1,5})$/;
const NUMERIC = new Set<ConditionOperator>(['gt', 'gte', 'lt', 'lte']);

function integer(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** A typed scalar for eq/neq/contains: numbers and booleans stay typed so `amount eq 99` matches a numeric 99. */
function scalar(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed)) && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

export function ruleOfForm(form: RuleForm): { ok: true; rule: RuleInput } | { ok: false; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const name = form.name.trim();
  if (!name) errors['name'] = 'Enter a name.';
  else if (name.length > 100) errors['name'] = 'At most 100 characters.';
  const eventType = form.event_type.trim().toUpperCase();
  if (!EVENT_TYPE.test(eventType)) errors['event_type'] = 'Capital letters, digits and _, starting with a letter (e.g. PAGE_VIEW).';
  const points = integer(form.points);
  if (points === null) errors['points'] = 'Enter a whole number.';
  else if (points < -1000 || points > 1000) errors['points'] = 'Between -1000 and 1000.';
  let maxPerLead: number | null = null;
  if (form.max_per_lead.trim()) {
    maxPerLead = integer(form.max_per_lead);
    if (maxPerLead === null || maxPerLead < 1) errors['max_per_lead'] = 'Empty for no limit, or a whole number from 1.';
  }
  const conditions: RuleCondition[] = form.conditions.map((condition, index) => {
    const at = `conditions.${index}`;
    const field = condition.field.trim();
    if (!FIELD_PATH.test(field)) errors[`${at}.field`] = 'event_type, source or metadata.<key>';
    const text = condition.value.trim();
    if (condition.op === 'exists') {
      if (text && text !== 'true' && text !== 'false') errors[`${at}.value`] = 'true, false or empty';
      return text ? { field, op: condition.op, value: text === 'true' } : { field, op: condition.op };
    }
    if (!text) {
      errors[`${at}.value`] = 'Enter a value.';
      return { field, op: condition.op, value: '' };
    }
    if (NUMERIC.has(condition.op)) {
      const number = Number(text);
      if (!Number.isFinite(number)) errors[`${at}.value`] = 'Enter a number.';
      return { field, op: condition.op, value: number };
    }
    if (condition.op === 'in') return { field, op: condition.op, value: text.split(',').map((part) => scalar(part.trim())) };
    if (condition.op === 'regex') {
      try {
        new RegExp(condition.value);
      } catch {
        errors[`${at}.value`] = 'Not a valid regular expression.';
      }
      return { field, op: condition.op, value: condition.value };
    }
    if (condition.op === 'contains' || condition.op === 'starts_with') return { field, op: condition.op, value: condition.value };
    return { field, op: condition.op, value: scalar(condition.value) };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, rule: { name, event_type: eventType, points: points as number, conditions, max_per_lead: maxPerLead, active: form.active } };
}

/** One line per condition, e.g. `metadata.url contains "/pricing"`. */
export function describeCondition(condition: RuleCondition): string {
  const label = OPERATOR_LABELS[condition.op];
  if (condition.op === 'exists') return `${condition.field} ${condition.value === false ? 'does not exist' : label}`;
  const value = Array.isArray(condition.value) ? condition.value.map((item) => JSON.stringify(item)).join(', ') : JSON.stringify(condition.value);
  return `${condition.field} ${label} ${value}`;
}

export interface SettingsForm {
  min_score: string;
  max_score: string;
  stages: { name: string; min: string }[];
  decay_enabled: boolean;
  decay_percent: string;
  decay_period_days: string;
}

export function formOfSettings(settings: ScoringSettings): SettingsForm {
  return {
    min_score: String(settings.min_score),
    max_score: settings.max_score === null ? '' : String(settings.max_score),
    stages: settings.stages.map((stage) => ({ name: stage.name, min: String(stage.min) })),
    decay_enabled: settings.decay.enabled,
    decay_percent: String(settings.decay.percent),
    decay_period_days: String(settings.decay.period_days),
  };
}

export function settingsOfForm(form: SettingsForm): { ok: true; settings: ScoringSettings } | { ok: false; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const min = integer(form.min_score);
  if (min === null) errors['min_score'] = 'Enter a whole number.';
  let max: number | null = null;
  if (form.max_score.trim()) {
    max = integer(form.max_score);
    if (max === null) errors['max_score'] = 'Empty for no cap, or a whole number.';
    else if (min !== null && max < min) errors['max_score'] = 'Must not be below the minimum.';
  }
  const names = new Set<string>();
  const stages = form.stages.map((stage, index) => {
    const name = stage.name.trim();
    if (!name) errors[`stages.${index}.name`] = 'Enter a name.';
    else if (names.has(name)) errors[`stages.${index}.name`] = 'Stage names must differ.';
    names.add(name);
    const stageMin = integer(stage.min);
    if (stageMin === null) errors[`stages.${index}.min`] = 'Enter a whole number.';
    return { name, min: stageMin ?? 0 };
  });
  if (stages.length === 0) errors['stages'] = 'Keep at least one stage.';
  const percent = Number(form.decay_percent);
  if (!(percent >= 0.1 && percent <= 100)) errors['decay.percent'] = 'Between 0.1 and 100.';
  const period = Number(form.decay_period_days);
  if (!(period >= 1 && period <= 3650)) errors['decay.period_days'] = 'Between 1 and 3650 days.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      min_score: min as number,
      max_score: max,
      stages: [...stages].sort((a, b) => a.min - b.min),
      decay: { enabled: form.decay_enabled, percent, period_days: period },
    },
  };
}
