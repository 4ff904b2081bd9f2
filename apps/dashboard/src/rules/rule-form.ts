import { CONDITION_OPERATORS, type ConditionOperator, type RuleCondition, type RuleKind, type ScoringRule } from '@lead-scoring/contracts';
import type { RuleInput } from '../api/writes';

export interface ConditionForm {
  field: string;
  op: ConditionOperator;
  /** Text as typed: a number for gt..lte, a comma-separated list for `in`, true/false (or empty) for exists. */
  value: string;
}

export interface RuleForm {
  kind: RuleKind;
  name: string;
  /** Engagement rules only. */
  event_type: string;
  points: string;
  /** Engagement rules only; empty for no limit. */
  max_per_lead: string;
  /** Engagement rules only: at most `count` matches in any `days` days (both empty: no cap). */
  period_count: string;
  period_days: string;
  active: boolean;
  conditions: ConditionForm[];
}

export const OPERATOR_LABELS: Readonly<Record<ConditionOperator, string>> = {
  eq: 'equals', neq: 'does not equal', contains: 'contains', starts_with: 'starts with', regex: 'matches regex',
  gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is one of', exists: 'exists',
};

export const RULE_KIND_LABELS: Readonly<Record<RuleKind, string>> = {
  engagement: 'Engagement: what the lead did',
  fit: 'Fit: who the lead is',
};

export const OPERATORS = CONDITION_OPERATORS;

/** Traits the sample data and most enrichment sources set; the editor suggests them next to the ones leads carry. */
export const DEFAULT_TRAIT_KEYS: readonly string[] = ['seniority', 'company_size', 'industry', 'country', 'title'];

export const EMPTY_RULE_FORM: RuleForm = {
  kind: 'engagement', name: '', event_type: '', points: '10', max_per_lead: '', period_count: '', period_days: '', active: true, conditions: [],
};

/** The field a new condition starts with: the prefix every condition of that kind of rule reads. */
export function conditionPrefix(kind: RuleKind): string {
  return kind === 'fit' ? 'traits.' : 'metadata.';
}

export function formOfRule(rule: ScoringRule): RuleForm {
  return {
    kind: rule.kind ?? 'engagement',
    name: rule.name,
    event_type: rule.event_type ?? '',
    points: String(rule.points),
    max_per_lead: rule.max_per_lead === null || rule.max_per_lead === undefined ? '' : String(rule.max_per_lead),
    period_count: rule.max_per_period ? String(rule.max_per_period.count) : '',
    period_days: rule.max_per_period ? String(rule.max_per_period.days) : '',
    active: rule.active,
    conditions: rule.conditions.map((condition) => ({ field: condition.field, op: condition.op, value: valueText(condition) })),
  };
}

/**
 * The form after switching kind: conditions on the other kind's prefix move to this one's (`metadata.x` becomes
 * `traits.x`), a bare prefix is swapped, and the engagement-only fields are kept for a switch back.
 */
export function switchKind(form: RuleForm, kind: RuleKind): RuleForm {
  if (form.kind === kind) return form;
  const from = conditionPrefix(form.kind);
  const to = conditionPrefix(kind);
  return {
    ...form,
    kind,
    conditions: form.conditions.map((condition) => (condition.field.startsWith(from) ? { ...condition, field: to + condition.field.slice(from.length) } : condition)),
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
const KEY_PATH = '(\\.[^.$\\s][^.\\s]{0,99}){1,5}';
const ENGAGEMENT_FIELD = new RegExp(`^(event_type|source|metadata${KEY_PATH})$`);
const FIT_FIELD = new RegExp(`^traits${KEY_PATH}$`);
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

function conditionOf(condition: ConditionForm, at: string, kind: RuleKind, errors: RuleFormErrors): RuleCondition {
  const field = condition.field.trim();
  if (kind === 'fit' ? !FIT_FIELD.test(field) : !ENGAGEMENT_FIELD.test(field)) {
    errors[`${at}.field`] = kind === 'fit' ? 'traits.<key>, e.g. traits.seniority' : 'event_type, source or metadata.<key>';
  }
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
}

/** The engagement caps of the form: `max_per_lead` and `max_per_period` (null when left empty). */
function capsOf(form: RuleForm, errors: RuleFormErrors): Pick<RuleInput, 'max_per_lead' | 'max_per_period'> {
  let maxPerLead: number | null = null;
  if (form.max_per_lead.trim()) {
    maxPerLead = integer(form.max_per_lead);
    if (maxPerLead === null || maxPerLead < 1) errors['max_per_lead'] = 'Empty for no limit, or a whole number from 1.';
  }
  const countText = form.period_count.trim();
  const daysText = form.period_days.trim();
  if (!countText && !daysText) return { max_per_lead: maxPerLead, max_per_period: null };
  const count = integer(countText);
  if (count === null || count < 1) errors['max_per_period.count'] = countText ? 'A whole number from 1.' : 'How many matches per period?';
  const days = Number(daysText);
  if (!daysText) errors['max_per_period.days'] = 'How many days?';
  else if (!Number.isFinite(days) || days < 1 / 24 || days > 3650) errors['max_per_period.days'] = 'From 0.042 (one hour) to 3650 days.';
  return { max_per_lead: maxPerLead, max_per_period: { count: count ?? 1, days } };
}

export function ruleOfForm(form: RuleForm): { ok: true; rule: RuleInput } | { ok: false; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const name = form.name.trim();
  if (!name) errors['name'] = 'Enter a name.';
  else if (name.length > 100) errors['name'] = 'At most 100 characters.';
  const points = integer(form.points);
  if (points === null) errors['points'] = 'Enter a whole number.';
  else if (points < -1000 || points > 1000) errors['points'] = 'Between -1000 and 1000.';
  const conditions = form.conditions.map((condition, index) => conditionOf(condition, `conditions.${index}`, form.kind, errors));

  if (form.kind === 'fit') {
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, rule: { kind: 'fit', name, event_type: null, points: points as number, conditions, max_per_lead: null, max_per_period: null, active: form.active } };
  }
  const eventType = form.event_type.trim().toUpperCase();
  if (!EVENT_TYPE.test(eventType)) errors['event_type'] = 'Capital letters, digits and _, starting with a letter (e.g. PAGE_VIEW).';
  else if (eventType === 'IDENTIFY') errors['event_type'] = 'IDENTIFY events set traits and score nothing: make a fit rule instead.';
  const caps = capsOf(form, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, rule: { kind: 'engagement', name, event_type: eventType, points: points as number, conditions, ...caps, active: form.active } };
}

/** One line per condition, e.g. `metadata.url contains "/pricing"`. */
export function describeCondition(condition: RuleCondition): string {
  const label = OPERATOR_LABELS[condition.op];
  if (condition.op === 'exists') return `${condition.field} ${condition.value === false ? 'does not exist' : label}`;
  const value = Array.isArray(condition.value) ? condition.value.map((item) => JSON.stringify(item)).join(', ') : JSON.stringify(condition.value);
  return `${condition.field} ${label} ${value}`;
}

/** A rule's caps in words: "3 per lead · 2 per 1 day", or null when it has none. */
export function describeCaps(rule: Pick<ScoringRule, 'max_per_lead' | 'max_per_period'>): string | null {
  const parts: string[] = [];
  if (rule.max_per_lead !== null && rule.max_per_lead !== undefined) parts.push(`${rule.max_per_lead} per lead`);
  if (rule.max_per_period) parts.push(`${rule.max_per_period.count} per ${formatDays(rule.max_per_period.days)}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function formatDays(days: number): string {
  if (days < 1) {
    const hours = Math.round(days * 24 * 10) / 10;
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** Trait keys to suggest: the defaults, then every key the given leads carry (sorted, each once). */
export function traitKeySuggestions(traitSets: Iterable<Record<string, unknown> | undefined>): string[] {
  const seen = new Set<string>();
  for (const traits of traitSets) for (const key of Object.keys(traits ?? {})) if (!DEFAULT_TRAIT_KEYS.includes(key)) seen.add(key);
  return [...DEFAULT_TRAIT_KEYS, ...[...seen].sort()];
}
