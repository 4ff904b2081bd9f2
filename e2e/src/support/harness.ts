import { join } from 'node:path';
import { REPO_ROOT, TestInfrastructure } from './infrastructure';
import { RunningSystem } from './services';

/** Starts infrastructure and services for one test file; call in beforeAll, and `stop` in afterAll. */
export async function startSystem(name: string, overrides: NodeJS.ProcessEnv = {}): Promise<RunningSystem> {
  const infra = new TestInfrastructure(join(REPO_ROOT, 'tmp/e2e-logs', name));
  await infra.start();
  const system = new RunningSystem(infra, overrides);
  try {
    await system.start();
  } catch (error) {
    await stopSystem(system);
    throw error;
  }
  return system;
}

export async function stopSystem(system: RunningSystem | undefined): Promise<void> {
  if (!system) return;
  await system.stop();
  await system.infra.teardown();
}
