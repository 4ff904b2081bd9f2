import type { Trigger } from '@lead-scoring/contracts';
import {
  conditionOfForm,
  describeTriggerCondition,
  EMPTY_TRIGGER_FORM,
  errorsAfterChange,
  errorsOfDetails,
  formOfTrigger,
  hysteresisHint,
  patchOf,
  previewSentence,
  sameCondition,
  triggerOfForm,
  type TriggerForm,
} from './trigger-form';

const form = (change: Partial<TriggerForm>): TriggerForm => ({ ...EMPTY_TRIGGER_FORM, name: 'Hot lead', url: 'https://hooks.example.com/x', value: '150', ...change });
const trigger = (condition: Trigger['condition']): Trigger => ({
  id: 'trg_1', name: 'Hot lead', condition, url: 'https://hooks.example.com/x', format: 'slack', active: false, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
});

describe('conditionOfForm', () => {
  it('re-arms at the line itself when the re-arm box is empty', () => {
    expect(conditionOfForm(form({ value: ' 150 ' }))).toEqual({ ok: true, condition: { type: 'score_at_least', value: 150, rearm_below: 150 } });
    expect(conditionOfForm(form({ type: 'score_below', value: '20', rearm: '40' }))).toEqual({ ok: true, condition: { type: 'score_below', value: 20, rearm_at_least: 40 } });
  });

  it('keeps the re-arm line on the right side of the line, under the field the gateway names', () => {
    expect(conditionOfForm(form({ value: '150', rearm: '160' }))).toEqual({ ok: false, errors: { 'condition.rearm_below': expect.stringContaining('above 150') } });
    expect(conditionOfForm(form({ type: 'score_below', value: '20', rearm: '10' }))).toEqual({ ok: false, errors: { 'condition.rearm_at_least': expect.stringContaining('below 20') } });
  });

  it('asks for whole numbers within the score bounds', () => {
    expect(conditionOfForm(form({ value: '' }))).toMatchObject({ ok: false, errors: { 'condition.value': 'Enter the score of the line.' } });
    expect(conditionOfForm(form({ value: '12.5' }))).toMatchObject({ ok: false, errors: { 'condition.value': 'Enter a whole number.' } });
    expect(conditionOfForm(form({ value: '2000000' }))).toMatchObject({ ok: false, errors: { 'condition.value': 'Between -1000000 and 1000000.' } });
    expect(conditionOfForm(form({ rearm: 'abc' }))).toMatchObject({ ok: false, errors: { 'condition.rearm_below': 'Enter a whole number.' } });
  });

  it('needs a stage for the stage conditions and ignores the score boxes', () => {
    expect(conditionOfForm(form({ type: 'stage_entered', stage: ' hot ', value: 'x' }))).toEqual({ ok: true, condition: { type: 'stage_entered', stage: 'hot' } });
    expect(conditionOfForm(form({ type: 'stage_left', stage: '' }))).toEqual({ ok: false, errors: { 'condition.stage': 'Choose a stage.' } });
  });

  it('needs a grade for the grade condition', () => {
    expect(conditionOfForm(form({ type: 'grade_entered', grade: ' A1 ' }))).toEqual({ ok: true, condition: { type: 'grade_entered', grade: 'A1' } });
    expect(conditionOfForm(form({ type: 'grade_entered', grade: '' }))).toEqual({ ok: false, errors: { 'condition.grade': 'Choose a grade.' } });
    expect(hysteresisHint({ type: 'grade_entered', value: '', rearm: '', stage: '', grade: 'A1' })).toBe('Announced once when it reaches “A1”; again only after its grade changes and comes back.');
    expect(describeTriggerCondition({ type: 'grade_entered', grade: 'B2' })).toBe('Reaches grade “B2”');
  });
});

describe('triggerOfForm', () => {
  it('builds the request body', () => {
    expect(triggerOfForm(form({ name: ' Hot lead ', url: ' http://127.0.0.1:9000/hook ', format: 'slack', active: false }))).toEqual({
      ok: true,
      input: { name: 'Hot lead', url: 'http://127.0.0.1:9000/hook', format: 'slack', active: false, condition: { type: 'score_at_least', value: 150, rearm_below: 150 } },
    });
  });

  it('names every bad field the way the gateway does', () => {
    const result = triggerOfForm(form({ name: ' ', url: 'ftp://example.com', value: 'x' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['condition.value', 'name', 'url']);
    expect(triggerOfForm(form({ url: '' }))).toMatchObject({ ok: false, errors: { url: 'Enter the address to call.' } });
    expect(triggerOfForm(form({ url: 'https://' }))).toMatchObject({ ok: false, errors: { url: expect.stringContaining('http:// or https://') } });
    expect(triggerOfForm(form({ name: 'x'.repeat(101) }))).toMatchObject({ ok: false, errors: { name: 'At most 100 characters.' } });
  });

  it('round-trips every kind of trigger through the form', () => {
    for (const condition of [
      { type: 'score_at_least', value: 150, rearm_below: 120 },
      { type: 'score_at_least', value: 50, rearm_below: 50 },
      { type: 'score_below', value: -5, rearm_at_least: 10 },
      { type: 'stage_entered', stage: 'hot' },
      { type: 'stage_left', stage: 'qualified' },
      { type: 'grade_entered', grade: 'A1' },
    ] as const) {
      const { id: _id, created_at: _c, updated_at: _u, ...input } = trigger(condition);
      expect(triggerOfForm(formOfTrigger(trigger(condition)))).toEqual({ ok: true, input });
    }
    expect(formOfTrigger(trigger({ type: 'score_at_least', value: 50, rearm_below: 50 })).rearm).toBe('');
  });
});

describe('errorsOfDetails', () => {
  it('keeps the gateway field names and puts a whole-condition error on the type box', () => {
    expect(
      errorsOfDetails([
        { field: 'condition.value', message: 'must be a whole number' },
        { field: 'url', message: 'resolves to a private address' },
        { field: 'url', message: 'second one is dropped' },
        { field: 'condition', message: 'must have a type' },
      ]),
    ).toEqual({ 'condition.value': 'must be a whole number', url: 'resolves to a private address', 'condition.type': 'must have a type' });
  });
});

describe('describeTriggerCondition', () => {
  it('reads like a sentence and mentions the re-arm line only when it differs', () => {
    expect(describeTriggerCondition({ type: 'score_at_least', value: 150, rearm_below: 120 })).toBe('Score reaches 150; again after falling below 120');
    expect(describeTriggerCondition({ type: 'score_at_least', value: 50, rearm_below: 50 })).toBe('Score reaches 50');
    expect(describeTriggerCondition({ type: 'score_below', value: 20, rearm_at_least: 40 })).toBe('Score falls below 20; again after reaching 40');
    expect(describeTriggerCondition({ type: 'stage_entered', stage: 'hot' })).toBe('Enters stage “hot”');
    expect(describeTriggerCondition({ type: 'stage_left', stage: 'hot' })).toBe('Leaves stage “hot”');
  });
});

describe('hysteresisHint', () => {
  it('explains when a lead is announced again, with what is typed so far', () => {
    expect(hysteresisHint(form({ value: '150', rearm: '120' }))).toBe('Announced once when it reaches 150; again only after falling below 120.');
    expect(hysteresisHint(form({ value: '150', rearm: '' }))).toBe('Announced once when it reaches 150; again only after falling below 150.');
    expect(hysteresisHint(form({ value: '', rearm: '' }))).toBe('Announced once when it reaches the line; again only after falling below the line.');
    expect(hysteresisHint(form({ type: 'score_below', value: '20', rearm: '40' }))).toBe('Announced once when it falls below 20; again only after reaching 40.');
    expect(hysteresisHint(form({ type: 'stage_entered', stage: 'hot' }))).toBe('Announced once when it enters “hot”; again only after leaving it and coming back.');
  });
});

describe('previewSentence', () => {
  it('says how many leads would be suppressed rather than sent', () => {
    expect(previewSentence({ matching: 12, total: 340 })).toBe('12 of 340 leads are past this line now: they will be recorded as suppressed, not sent.');
    expect(previewSentence({ matching: 1, total: 340 })).toBe('1 of 340 leads is past this line now: it will be recorded as suppressed, not sent.');
    expect(previewSentence({ matching: 0, total: 1 })).toBe('0 of 1 lead are past this line now: every crossing from now on will be sent.');
    expect(previewSentence({ matching: 0, total: 0 })).toBe('No leads yet: every crossing from now on will be sent.');
    expect(previewSentence({ matching: 12, total: 340 }, true)).toBe('12 of 340 leads are past this line now.');
  });
});

describe('sameCondition', () => {
  it('compares the line, not the key order', () => {
    expect(sameCondition({ type: 'score_at_least', value: 1, rearm_below: 1 }, { rearm_below: 1, value: 1, type: 'score_at_least' } as never)).toBe(true);
    expect(sameCondition({ type: 'score_at_least', value: 1, rearm_below: 1 }, { type: 'score_at_least', value: 1, rearm_below: 0 })).toBe(false);
  });
});

describe('patchOf', () => {
  it('sends only what changed, so an unchanged line is not re-armed', () => {
    const saved = trigger({ type: 'score_at_least', value: 150, rearm_below: 120 });
    const { id: _id, created_at: _c, updated_at: _u, ...input } = saved;
    expect(patchOf(saved, input)).toEqual({});
    expect(patchOf(saved, { ...input, name: 'Renamed', active: true })).toEqual({ name: 'Renamed', active: true });
    expect(patchOf(saved, { ...input, condition: { type: 'score_at_least', value: 150, rearm_below: 100 } })).toEqual({ condition: { type: 'score_at_least', value: 150, rearm_below: 100 } });
  });
});

describe('errorsAfterChange', () => {
  it("drops an edited field's error and keeps the others", () => {
    const errors = { url: 'bad', name: 'empty', 'condition.value': 'x', 'condition.rearm_below': 'above' };
    expect(errorsAfterChange(errors, { url: 'https://x' })).toEqual({ name: 'empty', 'condition.value': 'x', 'condition.rearm_below': 'above' });
    expect(errorsAfterChange(errors, { value: '10' })).toEqual({ url: 'bad', name: 'empty' });
    expect(errorsAfterChange(errors, { format: 'slack' })).toBe(errors);
  });
});
