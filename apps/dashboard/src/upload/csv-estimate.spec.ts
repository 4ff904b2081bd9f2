import { estimateCsvRows, formatBytes, processedShare } from './csv-estimate';

describe('estimateCsvRows', () => {
  it('counts data rows without the header, with or without a final newline', () => {
    expect(estimateCsvRows('a,b\n1,2\n3,4\n')).toBe(2);
    expect(estimateCsvRows('a,b\n1,2\n3,4')).toBe(2);
    expect(estimateCsvRows('a,b\n')).toBe(0);
    expect(estimateCsvRows('')).toBe(0);
  });
});

describe('processedShare', () => {
  it('caps at 1 and is null without an estimate', () => {
    expect(processedShare(5, 10)).toBe(0.5);
    expect(processedShare(12, 10)).toBe(1);
    expect(processedShare(3, null)).toBeNull();
    expect(processedShare(3, 0)).toBeNull();
  });
});

describe('formatBytes', () => {
  it('picks a unit', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
