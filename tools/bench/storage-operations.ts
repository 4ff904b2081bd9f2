import { TestInfrastructure } from '../../e2e/src/support/infrastructure';
import { round } from './bench-support';

type Counts = Map<string, number>;
type TableCount = { inserted: number; updated: number; deleted: number; read: number };
type TableCounts = Map<string, TableCount>;

/** FerretDB's `ferretdb_client_requests_total` by command: each is one round trip from a service. */
function commandsOf(metricsText: string): Counts {
  const commands: Counts = new Map();
  for (const match of metricsText.matchAll(/^ferretdb_client_requests_total\{command="([^"]+)",opcode="OP_MSG"\} (\d+)$/gm)) {
    commands.set(match[1], Number(match[2]));
  }
  return commands;
}

function difference(after: Counts, before: Counts): Counts {
  return new Map([...after].map(([key, value]) => [key, value - (before.get(key) ?? 0)] as [string, number]).filter(([, value]) => value > 0));
}

/** PostgreSQL publishes an idle connection's counts within this long (PGSTAT_IDLE_INTERVAL). */
const POSTGRES_STATS_DELAY_MS = 11_000;

/**
 * What the storage did during a run, per event: the MongoDB commands FerretDB received (every service together,
 * by command) and, when FerretDB stores in PostgreSQL, the transactions committed and rows written and read there.
 * These are the round trips and commits the hot path costs; CPU per process says what each of them costs here.
 */
export class StorageOperations {
  private constructor(
    private readonly infra: TestInfrastructure,
    private readonly commands: Counts,
    private readonly postgres: Record<string, number> | null,
    private readonly tables: TableCounts | null,
  ) {}

  static async start(infra: TestInfrastructure): Promise<StorageOperations> {
    return new StorageOperations(infra, commandsOf(await infra.ferretdbMetrics()), infra.postgresCounters(), infra.postgresTableCounters());
  }

  /** Per event of `events`, since start. Waits for PostgreSQL to publish its last counts first. */
  async describe(events: number): Promise<string> {
    const commands = difference(commandsOf(await this.infra.ferretdbMetrics()), this.commands);
    const total = [...commands.values()].reduce((sum, count) => sum + count, 0);
    const perEvent = (count: number) => round(count / Math.max(events, 1), 3);
    const byCommand = [...commands].sort(([, a], [, b]) => b - a).map(([command, count]) => `${command} ${perEvent(count)}`);
    let line = `storage per event (${events} events): MongoDB commands ${perEvent(total)} (${byCommand.join(', ')})`;
    if (this.postgres) {
      await new Promise((resolve) => setTimeout(resolve, POSTGRES_STATS_DELAY_MS));
      const now = this.infra.postgresCounters() as Record<string, number>;
      const delta = (column: string) => perEvent(now[column] - (this.postgres as Record<string, number>)[column]);
      line += `; PostgreSQL commits ${delta('xact_commit')}, rows inserted ${delta('tup_inserted')}, updated ${delta('tup_updated')}, deleted ${delta('tup_deleted')}, read ${delta('tup_returned')} (fetched by index ${delta('tup_fetched')})`;
      const tables = this.infra.postgresTableCounters() as TableCounts;
      const byCollection = (field: keyof TableCount) => {
        const rows = [...tables].map(([table, now]) => [table, now[field] - (this.tables?.get(table)?.[field] ?? 0)] as const).filter(([, count]) => count > 0);
        return rows.sort(([, a], [, b]) => b - a).map(([table, count]) => `${table} ${perEvent(count)}`).join(', ') || 'none';
      };
      line += `\n  rows per event by collection: updated ${byCollection('updated')}; deleted ${byCollection('deleted')}; inserted ${byCollection('inserted')}; read ${byCollection('read')}`;
    }
    return line;
  }
}
