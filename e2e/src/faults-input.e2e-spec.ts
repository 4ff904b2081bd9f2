import { duplicateStormScenario, fuzzerScenario, timeOrderScenario, expectSound, runScenario } from './support/fault-scenario';

// Issue 7, short versions of the input scenarios (full sizes: npx tsx tools/faults/run.ts <name>). Each starts its
// own Redis, FerretDB and services, and checks every lead against the in-order fold of its stored events.
describe('fault scenarios: hostile input', () => {
  it('duplicate storm: the same 300 events from 10 concurrent senders are stored and counted once', async () => {
    const result = await runScenario(duplicateStormScenario, 300);
    expectSound(result);
    expect(result.accepted).toBe(300);
    expect(result.figures.duplicate_answers).toBe(2700);
  }, 300_000);

  it('events in reverse and random time order end at the in-order fold', async () => {
    const result = await runScenario(timeOrderScenario, 1000);
    expectSound(result);
    expect(result.accepted).toBe(1000);
    expect(Number(result.figures.refolded)).toBeGreaterThan(0);
  }, 300_000);

  it('1,000 malformed requests: no 5xx, no crash, nothing stored', async () => {
    const result = await runScenario(fuzzerScenario, 1000);
    expect(result.problems).toEqual([]);
    expect(result.figures.answers_5xx).toBe(0);
    expect(result.figures.no_answer).toBe(0);
    expect(result.figures.crashed).toBe(0);
    expect(result.stored).toBe(0);
    expect(Number(result.figures.categories)).toBeGreaterThanOrEqual(10);
  }, 300_000);
});
