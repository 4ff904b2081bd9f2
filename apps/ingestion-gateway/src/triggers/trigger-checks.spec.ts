import { DEFAULT_SETTINGS } from '@lead-scoring/contracts';
import { conditionProblems, destinationProblems, holdingScoreRange } from './trigger-checks';

describe('trigger checks', () => {
  it('accepts the stages of the settings and names the field of any other', () => {
    expect(conditionProblems({ type: 'stage_entered', stage: 'hot' }, DEFAULT_SETTINGS)).toEqual([]);
    expect(conditionProblems({ type: 'stage_left', stage: 'Hot' }, DEFAULT_SETTINGS)).toEqual([{ field: 'condition.stage', message: 'must be one of the stages: cold, warm, hot, qualified' }]);
    expect(conditionProblems({ type: 'score_below', value: 5, rearm_at_least: 5 }, DEFAULT_SETTINGS)).toEqual([]);
  });

  it.each([
    [{ type: 'score_at_least', value: 150, rearm_below: 120 } as const, { min: 150, max: null, negate: false }],
    [{ type: 'score_below', value: 20, rearm_at_least: 40 } as const, { min: null, max: 20, negate: false }],
    [{ type: 'stage_entered', stage: 'cold' } as const, { min: null, max: 50, negate: false }],
    [{ type: 'stage_entered', stage: 'hot' } as const, { min: 100, max: 200, negate: false }],
    [{ type: 'stage_left', stage: 'qualified' } as const, { min: 200, max: null, negate: true }],
  ])('counts leads past the line of %j in the score range %j', (condition, range) => {
    expect(holdingScoreRange(condition, DEFAULT_SETTINGS)).toEqual(range);
  });

  it('refuses metadata and, unless allowed, loopback destinations with a reason on the url field', async () => {
    expect(await destinationProblems(undefined, false)).toEqual([]);
    expect(await destinationProblems('http://127.0.0.1:9/hook', true)).toEqual([]);
    expect(await destinationProblems('http://127.0.0.1:9/hook', false)).toEqual([{ field: 'url', message: expect.any(String) }]);
    expect(await destinationProblems('http://169.254.169.254/latest', true)).toEqual([{ field: 'url', message: expect.any(String) }]);
  });
});
