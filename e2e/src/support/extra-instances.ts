import { join } from 'node:path';
import { ManagedProcess } from './processes';
import { freePort, waitFor } from './ports';
import { RunningSystem, ServiceName, entryPointOf } from './services';

const PORT_VARIABLE: Record<ServiceName, string> = { 'ingestion-gateway': 'INGESTION_PORT', 'scoring-worker': 'WORKER_PORT', 'realtime-gateway': 'REALTIME_PORT' };

/**
 * Starts one more process of `service` for a running system, on its own port (RunningSystem.startService reuses
 * the first instance's port). The system stops it with the others. Resolves with its base URL once it is ready.
 */
export async function startExtraInstance(system: RunningSystem, service: ServiceName, name: string): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(system.infra.logDir, `${name}.log`);
  const child = new ManagedProcess(name, 'node', [entryPointOf(service)], { ...system.environment, [PORT_VARIABLE[service]]: String(port) }, logFile).start();
  system.processes.push(child);
  await waitFor(`${name} to be ready`, async () => {
    if (!child.running) throw new Error(`${name} exited; see ${logFile}`);
    return (await fetch(`${url}/health/ready`)).status === 200;
  }, 60_000);
  return url;
}
