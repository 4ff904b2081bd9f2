import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { REPO_ROOT, TestInfrastructure } from './infrastructure';
import { ManagedProcess } from './processes';
import { freePort, waitFor } from './ports';
// Not the library's index: tools run this module with tsx, which cannot load NestJS decorators.
import { HEAP_BUDGET_MIB } from '@lead-scoring/runtime/heap-budget';

export type ServiceName = 'ingestion-gateway' | 'scoring-worker' | 'realtime-gateway';
const PORT_VARIABLE: Record<ServiceName, string> = {
  'ingestion-gateway': 'INGESTION_PORT',
  'scoring-worker': 'WORKER_PORT',
  'realtime-gateway': 'REALTIME_PORT',
};

export function entryPointOf(service: ServiceName): string {
  const entry = join(REPO_ROOT, 'dist/apps', service, 'apps', service, 'src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the apps first (npx nx run-many -t build)`);
  return entry;
}

/**
 * The three real services as separate Node processes, built from dist/, on free ports, configured for one
 * TestInfrastructure. Each instance has its own keys, database and queue prefix.
 */
export class RunningSystem {
  readonly ingestKey = `ik_${randomBytes(16).toString('hex')}`;
  readonly adminKey = `ak_${randomBytes(16).toString('hex')}`;
  readonly ports = {} as Record<ServiceName, number>;
  readonly processes: ManagedProcess[] = [];
  readonly environment: NodeJS.ProcessEnv;

  constructor(
    readonly infra: TestInfrastructure,
    overrides: NodeJS.ProcessEnv = {},
  ) {
    this.environment = {
      PATH: process.env.PATH,
      MONGO_URI: infra.mongoUri(),
      REDIS_URL: infra.redisUrl,
      INGEST_API_KEYS: this.ingestKey,
      ADMIN_API_KEYS: this.adminKey,
      QUEUE_PREFIX: `e2e${randomBytes(3).toString('hex')}`,
      SCORING_PARTITIONS: '4',
      // Fewer scoring slots than partitions, as at the services' defaults (16 and 4): jobs wait for a slot.
      SCORING_CONCURRENCY: '2',
      // FerretDB: small bulk update commands (see libs/persistence/src/bulk-writes.ts).
      MONGO_UPDATES_PER_COMMAND: '8',
      LOG_LEVEL: 'warn',
      ...overrides,
    };
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }

  /** Starts one process of `service` and waits until its /health/ready answers 200. */
  async startService(service: ServiceName, extraEnv: NodeJS.ProcessEnv = {}): Promise<ManagedProcess> {
    this.ports[service] ??= await freePort();
    const env = {
      ...this.environment,
      [PORT_VARIABLE[service]]: String(this.ports[service]),
      // The same heap limit as in production (libs/runtime/src/heap-budget.ts); a caller may set its own.
      ...(HEAP_BUDGET_MIB[service] ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_BUDGET_MIB[service]}` } : {}),
      ...extraEnv,
    };
    const process = new ManagedProcess(service, 'node', [entryPointOf(service)], env, join(this.infra.logDir, `${service}.log`)).start();
    this.processes.push(process);
    await waitFor(`${service} to be ready`, async () => {
      if (!process.running) throw new Error(`${service} exited; see ${join(this.infra.logDir, `${service}.log`)}`);
      const response = await fetch(`${this.url(service)}/health/ready`);
      return response.status === 200;
    }, 60_000);
    return process;
  }

  async start(): Promise<void> {
    await this.startService('ingestion-gateway');
    await Promise.all([this.startService('scoring-worker'), this.startService('realtime-gateway')]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
  }

  postEvent(event: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url('ingestion-gateway')}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': this.ingestKey, ...headers },
      body: JSON.stringify(event),
    });
  }

  read(path: string): Promise<Response> {
    return fetch(`${this.url('realtime-gateway')}${path}`, { headers: { authorization: `Bearer ${this.adminKey}` } });
  }
}
