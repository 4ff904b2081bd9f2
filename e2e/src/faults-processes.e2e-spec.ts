import { sigtermDrainScenario, twoOfEachScenario, expectSound, runScenario } from './support/fault-scenario';

// Issue 7, short versions of the process scenarios (full sizes: npx tsx tools/faults/run.ts <name>).
describe('fault scenarios: processes stopping and scaling', () => {
  it('SIGTERM to a worker and to a gateway under load: both drain and exit, nothing is lost', async () => {
    const result = await runScenario(sigtermDrainScenario, 1000);
    expectSound(result);
    expect(result.accepted).toBe(1000);
    // Code 0, or ended by the SIGTERM NestJS re-raises after closing (a SIGKILL after the grace would be a problem).
    expect(['0', 'SIGTERM']).toContain(result.figures.gateway_exit);
    expect(['0', 'SIGTERM']).toContain(result.figures.worker_exit);
    expect(result.figures.dropped).toBe(0);
  }, 300_000);

  it('two workers and two realtime gateways: both gateways serve the folded scores and both push updates', async () => {
    const result = await runScenario(twoOfEachScenario, 1000);
    expectSound(result);
    expect(result.accepted).toBe(1000);
    expect(result.figures.socket_updates).toMatch(/^[1-9]\d*\+[1-9]\d*$/);
  }, 300_000);
});
