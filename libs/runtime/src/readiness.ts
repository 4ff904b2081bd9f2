/** Something the service cannot work without (MongoDB, Redis), asked by GET /health/ready. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export const READINESS_TIMEOUT_MS = 2000;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

/** Runs every check at once, each bounded by READINESS_TIMEOUT_MS so that a hung dependency reads as down. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        await withTimeout(check.check(), READINESS_TIMEOUT_MS, check.name);
        return [check.name, { status: 'up' as const }] as const;
      } catch (error) {
        return [check.name, { status: 'down' as const, error: (error as Error).message }] as const;
      }
    }),
  );
  return { ready: results.every(([, result]) => result.status === 'up'), checks: Object.fromEntries(results) };
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
