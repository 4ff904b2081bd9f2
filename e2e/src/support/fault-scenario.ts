// The fault scenarios are written once in tools/faults (a folder of scripts, not an Nx project) and run both by
// their CLI at full size and by the faults-*.e2e-spec.ts files at short sizes: this file is the one place that
// reaches into tools/, hence the module-boundary exceptions.
/* eslint-disable @nx/enforce-module-boundaries */
import { ScenarioResult, Scenario, verdictLine } from '../../../tools/faults/scenario';
export { duplicateStormScenario } from '../../../tools/faults/scenarios/duplicate-storm.scenario';
export { fuzzerScenario } from '../../../tools/faults/scenarios/fuzzer.scenario';
export { mongoOutageScenario } from '../../../tools/faults/scenarios/mongo-outage.scenario';
export { redisFlushScenario } from '../../../tools/faults/scenarios/redis-flush.scenario';
export { sigtermDrainScenario } from '../../../tools/faults/scenarios/sigterm-drain.scenario';
export { timeOrderScenario } from '../../../tools/faults/scenarios/time-order.scenario';
export { twoOfEachScenario } from '../../../tools/faults/scenarios/two-of-each.scenario';
export { workerKillScenario } from '../../../tools/faults/scenarios/worker-kill.scenario';
/* eslint-enable @nx/enforce-module-boundaries */

/**
 * Runs a fault scenario (tools/faults/scenarios) at a short size and checks its verdict: every accepted event
 * stored and scored once, every lead equal to the in-order fold of its stored events, and the scenario's own
 * checks. The verdict line is printed either way; on failure the problems and the log folder are in the message.
 */
export async function runScenario(scenario: Scenario, events: number): Promise<ScenarioResult> {
  const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31);
  const result = await scenario.run({ events, seed, log: () => undefined });
  console.log(`${verdictLine(result)} (seed ${seed}; replay: npx tsx tools/faults/run.ts ${scenario.name} --events=${events} --seed=${seed})`);
  return result;
}

/** The checks every scenario shares. */
export function expectSound(result: ScenarioResult): void {
  expect({ scenario: result.scenario, problems: result.problems }).toEqual({ scenario: result.scenario, problems: [] });
  expect(result.lost).toBe(0);
  expect(result.duplicatesCounted).toBe(0);
  expect(result.stored).toBe(result.accepted);
  expect(result.scored).toBe(result.stored);
  expect(result.ok).toBe(true);
}
