import { addSample, perMinute } from './rate';

describe('rate sampling', () => {
  it('drops samples outside the window', () => {
    const samples = addSample([{ at: 0, value: 0 }, { at: 50_000, value: 5 }], { at: 70_000, value: 9 }, 60_000);
    expect(samples).toEqual([{ at: 50_000, value: 5 }, { at: 70_000, value: 9 }]);
  });
  it('computes growth per minute, and nothing from too little data', () => {
    expect(perMinute([{ at: 0, value: 10 }, { at: 30_000, value: 40 }])).toBe(60);
    expect(perMinute([{ at: 0, value: 10 }, { at: 1000, value: 40 }])).toBeNull();
    expect(perMinute([{ at: 0, value: 10 }])).toBeNull();
  });
});
