import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestInfrastructure, REPO_ROOT } from '../../e2e/src/support/infrastructure';
import { RunningSystem } from '../../e2e/src/support/services';

// Benchmarks reuse the end-to-end harness: their own Redis and FerretDB on free loopback ports and the built
// services as separate processes, so a run measures the real system and leaves nothing behind.

/** The scoring worker's default SCORING_CONCURRENCY: benchmarks measure it, not the test harness's 2. */
export const DEFAULT_SCORING_CONCURRENCY = 4;

export async function startBenchSystem(name: string, overrides: NodeJS.ProcessEnv = {}): Promise<RunningSystem> {
  const infra = new TestInfrastructure(join(REPO_ROOT, 'tmp/bench-logs', name));
  await infra.start();
  const system = new RunningSystem(infra, { RATE_LIMIT_PER_SECOND: '0', LOG_LEVEL: 'warn', ...overrides });
  await system.start();
  return system;
}

export async function stopBenchSystem(system: RunningSystem): Promise<void> {
  await system.stop();
  await system.infra.teardown();
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

/** Resident memory of a process in MiB, and its peak so far (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

export function argument(name: string, fallback: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag ? Number(flag.split('=')[1]) : fallback;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Node runs on

/**
 * CPU seconds a process has used (user + system, Linux /proc), and with `withChildren` those of its children too:
 * the ones it has reaped and the ones still running (a PostgreSQL server's backends).
 */
export function cpuSecondsOf(pid: number, withChildren = false): number {
  const fields = (statPid: number | string) => {
    const stat = readFileSync(`/proc/${statPid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": state is field 0
  };
  const own = fields(pid);
  let ticks = Number(own[11]) + Number(own[12]);
  if (withChildren) {
    ticks += Number(own[13]) + Number(own[14]);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const child = fields(entry);
        if (Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]);
      } catch {
        // the process ended meanwhile
      }
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}
