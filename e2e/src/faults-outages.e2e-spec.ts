import { mongoOutageScenario, redisFlushScenario, expectSound, runScenario } from './support/fault-scenario';

// Issue 7, short versions of the outage scenarios (full sizes: npx tsx tools/faults/run.ts <name>).
describe('fault scenarios: dependency outages', () => {
  it('Redis killed and restarted empty mid-stream: the reconciler scores every stored event once', async () => {
    const result = await runScenario(redisFlushScenario, 1000);
    expectSound(result);
    expect(result.accepted).toBe(1000);
    expect(Number(result.figures.accepted_before_flush)).toBeLessThan(1000);
  }, 300_000);

  it('the MongoDB-protocol server stopped for 10 s: 503s meanwhile, then everything accepted is stored and scored', async () => {
    const result = await runScenario(mongoOutageScenario(10), 1000);
    expectSound(result);
    expect(result.accepted).toBe(1000);
    expect(Number(result.figures.answers_503)).toBeGreaterThan(0);
  }, 300_000);
});
