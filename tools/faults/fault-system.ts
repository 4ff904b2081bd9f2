import { join } from 'node:path';
import { REPO_ROOT, TestInfrastructure } from '../../e2e/src/support/infrastructure';
import { ManagedProcess } from '../../e2e/src/support/processes';
import { freePort } from '../../e2e/src/support/ports';
import { RunningSystem, ServiceName } from '../../e2e/src/support/services';

/** One running process of a service, on a port of its own. */
export interface ServiceInstance {
  service: ServiceName;
  process: ManagedProcess;
  port: number;
  url: string;
}

export interface FaultSystemOptions {
  workers?: number;
  ingestionGateways?: number;
  realtimeGateways?: number;
  /** Environment for every service (over RunningSystem's defaults). */
  env?: NodeJS.ProcessEnv;
  /**
   * MongoDB driver pool size per process (`maxPoolSize` in MONGO_URI); 0 keeps the driver's default of 100.
   * See docs/reliability.md: FerretDB 1.24 on PostgreSQL can deadlock when many operations run at once.
   */
  mongoPoolSize?: number;
}

/**
 * The real system on loopback for a fault scenario: the e2e harness's own Redis and FerretDB, and any number of
 * processes per service, each on its own port, so that one can be killed or stopped while the others keep going.
 * `system.url(service)` stays on the first instance of each service.
 */
export class FaultSystem {
  /** Systems not yet stopped, so that an interrupted CLI run can still stop everything it started. */
  static readonly active = new Set<FaultSystem>();
  readonly instances: ServiceInstance[] = [];

  private constructor(readonly system: RunningSystem) {}

  static async start(name: string, options: FaultSystemOptions = {}): Promise<FaultSystem> {
    const infra = new TestInfrastructure(join(REPO_ROOT, 'tmp/fault-logs', `${name}-${Date.now()}`));
    await infra.start();
    const poolSize = options.mongoPoolSize ?? Number(process.env.FAULTS_MONGO_POOL_SIZE ?? 0);
    const system = new RunningSystem(infra, {
      ...(poolSize > 0 ? { MONGO_URI: `${infra.mongoUri()}?maxPoolSize=${poolSize}` } : {}),
      // The production defaults of the reconciler (30 s grace, 10 s interval) unless a scenario needs it faster:
      // under a backlog a short grace re-enqueues thousands of events that are merely queued, which slows scoring.
      RATE_LIMIT_PER_SECOND: '0',
      ...options.env,
    });
    const faults = new FaultSystem(system);
    FaultSystem.active.add(faults);
    try {
      // The ingestion gateway seeds the rules on first start: let it finish before the others boot.
      for (let i = 0; i < (options.ingestionGateways ?? 1); i++) await faults.startInstance('ingestion-gateway');
      for (let i = 0; i < (options.workers ?? 1); i++) await faults.startInstance('scoring-worker');
      for (let i = 0; i < (options.realtimeGateways ?? 1); i++) await faults.startInstance('realtime-gateway');
    } catch (error) {
      await faults.stop();
      throw error;
    }
    return faults;
  }

  get infra(): TestInfrastructure {
    return this.system.infra;
  }

  get logDir(): string {
    return this.system.infra.logDir;
  }

  /** Starts one more process of `service` on a free port and waits until it is ready. */
  async startInstance(service: ServiceName): Promise<ServiceInstance> {
    const first = this.system.ports[service];
    const port = await freePort();
    // RunningSystem probes readiness on ports[service]: point it at the new process while it starts.
    this.system.ports[service] = port;
    try {
      const process = await this.system.startService(service);
      const instance = { service, process, port, url: `http://127.0.0.1:${port}` };
      this.instances.push(instance);
      return instance;
    } finally {
      if (first !== undefined) this.system.ports[service] = first;
    }
  }

  running(service: ServiceName): ServiceInstance[] {
    return this.instances.filter((instance) => instance.service === service && instance.process.running);
  }

  /** Every instance ever started (running or not) of `service`. */
  all(service: ServiceName): ServiceInstance[] {
    return this.instances.filter((instance) => instance.service === service);
  }

  /** The first running instance's URL (the API a client would use). */
  url(service: ServiceName): string {
    const [instance] = this.running(service);
    if (!instance) throw new Error(`no ${service} is running`);
    return instance.url;
  }

  get ingestKey(): string {
    return this.system.ingestKey;
  }

  get adminKey(): string {
    return this.system.adminKey;
  }

  get mongoUri(): string {
    return this.system.environment.MONGO_URI as string;
  }

  get redisUrl(): string {
    return this.system.infra.redisUrl;
  }

  get queuePrefix(): string {
    return this.system.environment.QUEUE_PREFIX as string;
  }

  get partitions(): number {
    return Number(this.system.environment.SCORING_PARTITIONS);
  }

  async stop(): Promise<void> {
    FaultSystem.active.delete(this);
    await this.system.stop();
    await this.system.infra.teardown();
  }
}
