/** Something the service cannot work without (MongoDB, Redis), asked by GET /health/ready. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export const READINESS_TIMEOUT_MS = 2000;

/** What GET /health/ready answers for one dependency: a code and a sentence, never the driver's own text. */
export type ReadinessStatus = { status: 'up' } | { status: 'down'; error: 'unavailable'; message: string };

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessStatus>;
  /** The drivers' error texts, for the service log only: they may name hosts, users or internals. */
  failures: { name: string; detail: string }[];
}

/** Runs every check at once, each bounded by READINESS_TIMEOUT_MS so that a hung dependency reads as down. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const failures: ReadinessReport['failures'] = [];
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, ReadinessStatus]> => {
      try {
        await withTimeout(check.check(), READINESS_TIMEOUT_MS, check.name);
        return [check.name, { status: 'up' }];
      } catch (error) {
        failures.push({ name: check.name, detail: error instanceof Error ? error.message : String(error) });
        return [check.name, { status: 'down', error: 'unavailable', message: `${check.name} is unreachable or did not answer within ${READINESS_TIMEOUT_MS} ms; the service log has the detail` }];
      }
    }),
  );
  return { ready: results.every(([, result]) => result.status === 'up'), checks: Object.fromEntries(results), failures };
}

/** Rejects with `<what> did not answer within <ms> ms` when `promise` takes longer. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
