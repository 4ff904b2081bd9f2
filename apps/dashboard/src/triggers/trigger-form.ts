import type { ErrorDetail, Trigger, TriggerCondition, TriggerFormat, TriggerPreview } from '@lead-scoring/contracts';
import type { TriggerInput } from '../api/triggers';

// Pure conversions between a trigger and its form, the gateway's checks in words, and the sentences the form shows.

export type ConditionType = TriggerCondition['type'];

export const CONDITION_TYPES: readonly ConditionType[] = ['score_at_least', 'score_below', 'stage_entered', 'stage_left', 'grade_entered'];

export const CONDITION_TYPE_LABELS: Readonly<Record<ConditionType, string>> = {
  score_at_least: 'Score reaches',
  score_below: 'Score falls below',
  stage_entered: 'Lead enters stage',
  stage_left: 'Lead leaves stage',
  grade_entered: 'Lead reaches grade',
};

export const TRIGGER_FORMAT_LABELS: Readonly<Record<TriggerFormat, string>> = {
  standard: 'Standard Webhooks (signed JSON)',
  slack: 'Slack incoming webhook',
};

/** Kept in step with SCORE_SETTING_LIMIT (contracts), which is not imported so that no runtime code of it is bundled. */
export const SCORE_LINE_LIMIT = 1_000_000;

export interface TriggerForm {
  name: string;
  type: ConditionType;
  /** The line, as typed (score conditions). */
  value: string;
  /** Where the trigger re-arms, as typed; empty means at the line itself. */
  rearm: string;
  /** The stage (stage conditions). */
  stage: string;
  /** The grade, e.g. A1 (grade condition). */
  grade: string;
  url: string;
  format: TriggerFormat;
  active: boolean;
}

/** Form errors keyed as the gateway names the fields: `name`, `url`, `condition.value`, `condition.rearm_below`… */
export type TriggerFormErrors = Record<string, string>;

export const EMPTY_TRIGGER_FORM: TriggerForm = { name: '', type: 'score_at_least', value: '', rearm: '', stage: '', grade: '', url: '', format: 'standard', active: true };

export const isScoreType = (type: ConditionType): type is 'score_at_least' | 'score_below' => type === 'score_at_least' || type === 'score_below';

/** The error key of the re-arm box: the field the gateway names for this type. */
export function rearmKey(type: ConditionType): string {
  return type === 'score_below' ? 'condition.rearm_at_least' : 'condition.rearm_below';
}

export function formOfTrigger(trigger: Trigger): TriggerForm {
  const base = { ...EMPTY_TRIGGER_FORM, name: trigger.name, url: trigger.url, format: trigger.format, active: trigger.active, type: trigger.condition.type };
  const condition = trigger.condition;
  switch (condition.type) {
    case 'score_at_least':
      return { ...base, value: String(condition.value), rearm: condition.rearm_below === condition.value ? '' : String(condition.rearm_below) };
    case 'score_below':
      return { ...base, value: String(condition.value), rearm: condition.rearm_at_least === condition.value ? '' : String(condition.rearm_at_least) };
    case 'stage_entered':
    case 'stage_left':
      return { ...base, stage: condition.stage };
    case 'grade_entered':
      return { ...base, grade: condition.grade };
  }
}

function integer(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function scoreLine(text: string, errors: TriggerFormErrors, key: string, emptyMessage: string): number | null {
  if (!text.trim()) {
    errors[key] = emptyMessage;
    return null;
  }
  const number = integer(text);
  if (number === null) errors[key] = 'Enter a whole number.';
  else if (Math.abs(number) > SCORE_LINE_LIMIT) errors[key] = `Between -${SCORE_LINE_LIMIT} and ${SCORE_LINE_LIMIT}.`;
  else return number;
  return null;
}

/** The condition of the form, or why it is not one yet (also what the live preview asks about). */
export function conditionOfForm(form: TriggerForm): { ok: true; condition: TriggerCondition } | { ok: false; errors: TriggerFormErrors } {
  const errors: TriggerFormErrors = {};
  if (form.type === 'grade_entered') {
    const grade = form.grade.trim();
    if (!grade) errors['condition.grade'] = 'Choose a grade.';
    else if (!/^[A-Za-z0-9]{2,6}$/.test(grade)) errors['condition.grade'] = 'A grade such as A1.';
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, condition: { type: 'grade_entered', grade } };
  }
  if (!isScoreType(form.type)) {
    const stage = form.stage.trim();
    if (!stage) errors['condition.stage'] = 'Choose a stage.';
    else if (stage.length > 40) errors['condition.stage'] = 'At most 40 characters.';
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, condition: { type: form.type, stage } };
  }
  const value = scoreLine(form.value, errors, 'condition.value', 'Enter the score of the line.');
  const key = rearmKey(form.type);
  let rearm = value;
  if (form.rearm.trim()) {
    rearm = scoreLine(form.rearm, errors, key, '');
    if (rearm !== null && value !== null) {
      if (form.type === 'score_at_least' && rearm > value) errors[key] = `Must not be above ${value}: it re-arms below the line.`;
      if (form.type === 'score_below' && rearm < value) errors[key] = `Must not be below ${value}: it re-arms at or above the line.`;
    }
  }
  if (Object.keys(errors).length > 0 || value === null || rearm === null) return { ok: false, errors };
  return form.type === 'score_at_least'
    ? { ok: true, condition: { type: 'score_at_least', value, rearm_below: rearm } }
    : { ok: true, condition: { type: 'score_below', value, rearm_at_least: rearm } };
}

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** The request body of a create (and of an edit, which sends every field), or the errors to show by the fields. */
export function triggerOfForm(form: TriggerForm): { ok: true; input: TriggerInput } | { ok: false; errors: TriggerFormErrors } {
  const condition = conditionOfForm(form);
  const errors: TriggerFormErrors = condition.ok ? {} : { ...condition.errors };
  const name = form.name.trim();
  if (!name) errors['name'] = 'Enter a name.';
  else if (name.length > 100) errors['name'] = 'At most 100 characters.';
  const url = form.url.trim();
  if (!url) errors['url'] = 'Enter the address to call.';
  else if (url.length > 2048) errors['url'] = 'At most 2048 characters.';
  else if (!isHttpUrl(url)) errors['url'] = 'An http:// or https:// address, e.g. https://hooks.example.com/leads.';
  if (!condition.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { name, condition: condition.condition, url, format: form.format, active: form.active } };
}

/** The gateway's 400 details in the form's keys; a detail about the whole condition belongs to its type box. */
export function errorsOfDetails(details: readonly ErrorDetail[]): TriggerFormErrors {
  const errors: TriggerFormErrors = {};
  for (const detail of details) {
    const field = detail.field === 'condition' || detail.field === 'condition.type' ? 'condition.type' : detail.field;
    errors[field] ??= detail.message;
  }
  return errors;
}

/** The error keys the form shows next to a field; anything else the gateway names is listed above the buttons. */
export const FORM_FIELDS: readonly string[] = ['name', 'url', 'format', 'condition.type', 'condition.value', 'condition.rearm_below', 'condition.rearm_at_least', 'condition.stage', 'condition.grade'];

const quoted = (stage: string) => `“${stage}”`;

/** A condition in words, for the list: "Score reaches 150; again after falling below 120". */
export function describeTriggerCondition(condition: TriggerCondition): string {
  switch (condition.type) {
    case 'score_at_least':
      return `Score reaches ${condition.value}${condition.rearm_below < condition.value ? `; again after falling below ${condition.rearm_below}` : ''}`;
    case 'score_below':
      return `Score falls below ${condition.value}${condition.rearm_at_least > condition.value ? `; again after reaching ${condition.rearm_at_least}` : ''}`;
    case 'stage_entered':
      return `Enters stage ${quoted(condition.stage)}`;
    case 'stage_left':
      return `Leaves stage ${quoted(condition.stage)}`;
    case 'grade_entered':
      return `Reaches grade ${quoted(condition.grade)}`;
  }
}

/**
 * The one line of help under the condition: when a lead is announced, and when it can be announced again
 * (hysteresis). Uses what is typed so far, with a placeholder for what is not.
 */
export function hysteresisHint(form: Pick<TriggerForm, 'type' | 'value' | 'rearm' | 'stage'> & Partial<Pick<TriggerForm, 'grade'>>): string {
  const line = integer(form.value);
  const lineText = line === null ? 'the line' : String(line);
  const rearm = integer(form.rearm);
  const rearmText = !form.rearm.trim() ? lineText : rearm === null ? 'the re-arm line' : String(rearm);
  const stage = form.stage.trim() ? quoted(form.stage.trim()) : 'the stage';
  switch (form.type) {
    case 'score_at_least':
      return `Announced once when it reaches ${lineText}; again only after falling below ${rearmText}.`;
    case 'score_below':
      return `Announced once when it falls below ${lineText}; again only after reaching ${rearmText}.`;
    case 'stage_entered':
      return `Announced once when it enters ${stage}; again only after leaving it and coming back.`;
    case 'stage_left':
      return `Announced once when it leaves ${stage}; again only after coming back into it.`;
    case 'grade_entered': {
      const grade = form.grade?.trim() ? quoted(form.grade.trim()) : 'the grade';
      return `Announced once when it reaches ${grade}; again only after its grade changes and comes back.`;
    }
  }
}

/**
 * The live preview: the leads already past the line get a suppressed delivery (recorded, never sent) when the trigger
 * is saved. `sameLine`: an edit that keeps the condition, whose leads were accounted for already.
 */
export function previewSentence(preview: TriggerPreview, sameLine = false): string {
  const { matching, total } = preview;
  if (total === 0) return 'No leads yet: every crossing from now on will be sent.';
  const count = `${matching} of ${total} lead${total === 1 ? '' : 's'} ${matching === 1 ? 'is' : 'are'} past this line now`;
  if (sameLine) return `${count}.`;
  if (matching === 0) return `${count}: every crossing from now on will be sent.`;
  return `${count}: ${matching === 1 ? 'it' : 'they'} will be recorded as suppressed, not sent.`;
}

/** Whether two conditions draw the same line (an edit that does not move it suppresses nothing new). */
export function sameCondition(a: TriggerCondition, b: TriggerCondition): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/**
 * The PATCH of an edit: only the fields that changed, so an unchanged condition is not sent again (a new condition
 * re-arms the trigger and records the leads past it as suppressed).
 */
export function patchOf(trigger: Trigger, input: TriggerInput): Partial<TriggerInput> {
  const patch: Partial<TriggerInput> = {};
  if (input.name !== trigger.name) patch.name = input.name;
  if (!sameCondition(input.condition, trigger.condition)) patch.condition = input.condition;
  if (input.url !== trigger.url) patch.url = input.url;
  if (input.format !== trigger.format) patch.format = input.format;
  if (input.active !== trigger.active) patch.active = input.active;
  return patch;
}

const ERROR_KEYS_OF: Readonly<Record<keyof TriggerForm, readonly string[]>> = {
  name: ['name'],
  url: ['url'],
  format: ['format'],
  active: ['active'],
  type: ['condition.type', 'condition.value', 'condition.rearm_below', 'condition.rearm_at_least', 'condition.stage', 'condition.grade'],
  value: ['condition.value', 'condition.rearm_below', 'condition.rearm_at_least'],
  rearm: ['condition.rearm_below', 'condition.rearm_at_least'],
  stage: ['condition.stage'],
  grade: ['condition.grade'],
};

/** The errors left once the user edits some fields: an edited field's error is gone until the next save. */
export function errorsAfterChange(errors: TriggerFormErrors, change: Partial<TriggerForm>): TriggerFormErrors {
  const cleared = new Set(Object.keys(change).flatMap((field) => ERROR_KEYS_OF[field as keyof TriggerForm] ?? []));
  if (![...cleared].some((key) => key in errors)) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !cleared.has(key)));
}
