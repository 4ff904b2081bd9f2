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
  private ferretdbDebugAddr: string | undefined;
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
    // FerretDB's debug handler serves its Prometheus counters (commands received, for the benchmarks) and its Go
    // profiler (docs/benchmarks.md): on FERRETDB_DEBUG_ADDR, else on a free loopback port of its own.
    this.ferretdbDebugAddr ??= process.env.FERRETDB_DEBUG_ADDR ?? `127.0.0.1:${await freePort()}`;
    this.ferretdb = new ManagedProcess('ferretdb', this.ferretdbBinary, [
      '--telemetry=disable', `--debug-addr=${this.ferretdbDebugAddr}`, `--listen-addr=127.0.0.1:${this.mongoPort}`,
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

  /** FerretDB's Prometheus counters, as text. */
  async ferretdbMetrics(): Promise<string> {
    const response = await fetch(`http://${this.ferretdbDebugAddr}/debug/metrics`);
    if (!response.ok) throw new Error(`FerretDB's metrics answered ${response.status}`);
    return response.text();
  }

  /**
   * This system's database's counters in PostgreSQL (pg_stat_database: transactions committed, rows written and
   * read), or null when FerretDB stores in SQLite. PostgreSQL publishes a connection's counts at most once a second
   * while it is busy, and within 10 s once it is idle.
   */
  postgresCounters(): Record<string, number> | null {
    if (!this.postgresDatabase) return null;
    const columns = ['xact_commit', 'tup_inserted', 'tup_updated', 'tup_deleted', 'tup_returned', 'tup_fetched'];
    const row = execFileSync('psql', [postgresAdminUrl(), '-AtF,', '-c', `SELECT ${columns.join(', ')} FROM pg_stat_database WHERE datname = '${this.postgresDatabase}'`], { encoding: 'utf8' }).trim();
    const values = row.split(',').map(Number);
    return Object.fromEntries(columns.map((column, i) => [column, values[i]]));
  }

  /**
   * Rows written and read in PostgreSQL per collection of this system's database (FerretDB names a collection's
   * table after it, plus a hash), or null when FerretDB stores in SQLite. Published like postgresCounters.
   */
  postgresTableCounters(): Map<string, { inserted: number; updated: number; deleted: number; read: number }> | null {
    if (!this.postgresDatabase) return null;
    const sql = 'SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables';
    const rows = execFileSync('psql', [this.postgresUrl(), '-AtF,', '-c', sql], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    return new Map(rows.map((row) => {
      const [table, inserted, updated, deleted, read] = row.split(',');
      return [table.replace(/_[0-9a-f]{8}$/, ''), { inserted: Number(inserted), updated: Number(updated), deleted: Number(deleted), read: Number(read) }];
    }));
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
