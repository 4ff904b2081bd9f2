import { stageTone } from './stage-tone';

describe('stageTone', () => {
  it('recognises the default stages whatever their case', () => {
    expect(stageTone('cold')).toBe('cold');
    expect(stageTone('Warm')).toBe('warm');
    expect(stageTone(' HOT ')).toBe('hot');
    expect(stageTone('qualified')).toBe('qualified');
  });

  it('gives custom or missing stages the neutral tone', () => {
    expect(stageTone('champion')).toBe('other');
    expect(stageTone('')).toBe('other');
    expect(stageTone(null)).toBe('other');
  });
});
