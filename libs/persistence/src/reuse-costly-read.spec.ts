import { reuseCostlyRead } from './reuse-costly-read';

describe('reuseCostlyRead', () => {
  let counts: number;
  let progressOf: (version: number) => Promise<{ version: number; processed: number; total: number }>;

  beforeEach(() => {
    counts = 0;
    progressOf = reuseCostlyRead(async (version: number) => {
      counts += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { version, processed: 5, total: 10 };
    });
  });

  it('shares one count between concurrent and closely following callers', async () => {
    const answers = await Promise.all([progressOf(3), progressOf(3), progressOf(3)]);
    expect(answers).toEqual(Array(3).fill({ version: 3, processed: 5, total: 10 }));
    await progressOf(3);
    expect(counts).toBe(1);
  });

  it('counts again for a new ruleset version', async () => {
    await progressOf(3);
    expect(await progressOf(4)).toMatchObject({ version: 4 });
    expect(counts).toBe(2);
  });

  it('does not reuse a failed read', async () => {
    const flaky = reuseCostlyRead(async () => {
      counts += 1;
      if (counts === 1) throw new Error('server away');
      return counts;
    });
    await expect(flaky('k')).rejects.toThrow('server away');
    expect(await flaky('k')).toBe(2);
  });
});
