import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManagedProcess } from './processes';
import { freePort, waitFor } from './ports';
import { createConnection } from 'node:net';
import { randomBytes } from 'node:crypto';

export const REPO_ROOT = resolve(__dirname, '../../..');
const EQUALITY_INDEXES_SQL = join(REPO_ROOT, 'tools/infra/ferretdb/postgresql-equality-indexes.sql');

let cachedPostgresAdminUrl: string | undefined;

/**
 * The PostgreSQL that test systems store in: E2E_POSTGRES_URL, else the project's own cluster, which
 * tools/infra/ferretdb-postgres.sh starts when it is down (an empty string when PostgreSQL is not installed).
 */
function postgresAdminUrl(): string {
  cachedPostgresAdminUrl ??= process.env.E2E_POSTGRES_URL ?? (() => {
    try {
      return execFileSync('bash', [join(REPO_ROOT, 'tools/infra/ferretdb-postgres.sh')], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  return cachedPostgresAdminUrl;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolveAnswer(true);
    });
    socket.on('error', () => resolveAnswer(false));
  });
}

/**
 * A Redis and a FerretDB of the test's own, on free loopback ports, so that a test can stop and restart them
 * without touching anything else. FerretDB keeps its data in SQLite files under a temporary folder, which
 * survive a restart of the process.
 */
export class TestInfrastructure {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'lead-scoring-e2e-'));
  redisPort = 0;
  mongoPort = 0;
  private postgresDatabase: string | null | undefined;
  private redis: ManagedProcess | undefined;
  private ferretdb: ManagedProcess | undefined;
  private readonly ferretdbBinary = execFileSync('bash', [join(REPO_ROOT, 'tools/infra/ferretdb-bin.sh')], { encoding: 'utf8' }).trim();

  constructor(readonly logDir: string) {}

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.redisPort}`;
  }

  mongoUri(database = 'lead-scoring-e2e'): string {
    return `mongodb://127.0.0.1:${this.mongoPort}/${database}`;
  }

  async start(): Promise<void> {
    this.redisPort = await freePort();
    this.mongoPort = await freePort();
    await Promise.all([this.startRedis(), this.startMongo()]);
  }

  async startRedis(): Promise<void> {
    this.redis = new ManagedProcess('redis', 'redis-server', [
      '--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dataDir,
    ], process.env, join(this.logDir, 'redis.log')).start();
    await waitFor('redis-server to listen', () => portAnswers(this.redisPort), 10_000);
  }

  /** The pids of this system's Redis and FerretDB, and of the PostgreSQL server FerretDB stores in (if any). */
  processIds(): { redis?: number; ferretdb?: number; postgresql?: number } {
    let postgresql: number | undefined;
    if (this.postgresDatabase) {
      try {
        const dataDir = execFileSync('psql', [postgresAdminUrl(), '-Atc', 'SHOW data_directory'], { encoding: 'utf8' }).trim();
        postgresql = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        postgresql = undefined; // another user's server: its data directory is not readable here
      }
    }
    return { redis: this.redis?.pid, ferretdb: this.ferretdb?.pid, postgresql };
  }

  async stopRedis(): Promise<void> {
    await this.redis?.stop('SIGKILL');
  }

  async startMongo(): Promise<void> {
    // FERRETDB_DEBUG_ADDR serves FerretDB's Go profiler there (docs/benchmarks.md); off by default, as several
    // instances cannot share one address.
    const debugAddr = process.env.FERRETDB_DEBUG_ADDR ?? '-';
    this.ferretdb = new ManagedProcess('ferretdb', this.ferretdbBinary, [
      '--telemetry=disable', `--debug-addr=${debugAddr}`, `--listen-addr=127.0.0.1:${this.mongoPort}`,
      `--state-dir=${this.dataDir}`, ...this.backendArgs(), '--log-level=warn',
    ], process.env, join(this.logDir, 'ferretdb.log')).start();
    await waitFor('FerretDB to listen', () => portAnswers(this.mongoPort), 20_000);
  }

  /**
   * PostgreSQL (a database of this run's own, in the project's cluster), as `tools/infra/provision.sh` prefers;
   * else SQLite files in the data folder.
   */
  private backendArgs(): string[] {
    if (this.postgresDatabase === undefined) {
      this.postgresDatabase = postgresAdminUrl() ? `lead_scoring_e2e_${randomBytes(4).toString('hex')}` : null;
      try {
        if (this.postgresDatabase) {
          execFileSync('psql', [postgresAdminUrl(), '-qc', `CREATE DATABASE ${this.postgresDatabase}`], { stdio: 'ignore' });
        }
      } catch {
        this.postgresDatabase = null;
      }
      // The same equality indexes as tools/infra/provision.sh, so tests see the production-like query plans.
      if (this.postgresDatabase) {
        execFileSync('psql', [this.postgresUrl(), '-qAt', '-v', 'ON_ERROR_STOP=1', '-f', EQUALITY_INDEXES_SQL], { stdio: 'ignore' });
      }
    }
    return this.postgresDatabase
      ? ['--handler=postgresql', `--postgresql-url=${this.postgresUrl()}`]
      : ['--handler=sqlite', `--sqlite-url=file:${this.dataDir}/`];
  }

  private postgresUrl(): string {
    return postgresAdminUrl().replace(/\/postgres$/, `/${this.postgresDatabase}`);
  }

  async stopMongo(): Promise<void> {
    await this.ferretdb?.stop('SIGKILL');
  }

  async teardown(): Promise<void> {
    await Promise.all([this.redis?.stop('SIGKILL'), this.ferretdb?.stop('SIGKILL')]);
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.postgresDatabase) {
      execFileSync('psql', [postgresAdminUrl(), '-qc', `DROP DATABASE IF EXISTS ${this.postgresDatabase} WITH (FORCE)`], { stdio: 'ignore' });
    }
  }
}
