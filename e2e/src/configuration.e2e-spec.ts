import { join } from 'node:path';
import { REPO_ROOT } from './support/infrastructure';
import { ManagedProcess } from './support/processes';
import { entryPointOf } from './support/services';
import { readFileSync } from 'node:fs';

async function bootWith(service: 'ingestion-gateway' | 'realtime-gateway' | 'scoring-worker', env: NodeJS.ProcessEnv) {
  const logFile = join(REPO_ROOT, 'tmp/e2e-logs/configuration', `${service}-${Date.now()}.log`);
  const process = new ManagedProcess(service, 'node', [entryPointOf(service)], { PATH: globalThis.process.env.PATH, ...env }, logFile).start();
  const code = await process.waitForExit();
  return { code, output: readFileSync(logFile, 'utf8') };
}

describe('configuration is validated at boot', () => {
  it.each([
    ['ingestion-gateway', { INGEST_API_KEYS: 'k'.repeat(20), ADMIN_API_KEYS: 'a'.repeat(20), INGESTION_PORT: 'abc' }, 'INGESTION_PORT'],
    ['ingestion-gateway', { ADMIN_API_KEYS: 'a'.repeat(20) }, 'INGEST_API_KEYS'],
    ['realtime-gateway', { ADMIN_API_KEYS: 'short' }, 'ADMIN_API_KEYS'],
    ['scoring-worker', { MONGO_URI: 'postgres://x/y' }, 'MONGO_URI'],
    ['scoring-worker', { SCORING_PARTITIONS: '0' }, 'SCORING_PARTITIONS'],
    ['scoring-worker', { SCORING_CONCURRENCY: 'four' }, 'SCORING_CONCURRENCY'],
  ] as const)('%s exits with the name of the bad variable (%j)', async (service, env, variable) => {
    const { code, output } = await bootWith(service, env);
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration');
    expect(output).toContain(variable);
  });
});
