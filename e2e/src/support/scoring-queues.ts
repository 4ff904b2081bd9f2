import Redis from 'ioredis';

/** True when no scoring partition has a job waiting, active, delayed (a retry) or prioritized. */
export async function scoringQueuesIdle(redis: Redis, prefix: string, partitions: number): Promise<boolean> {
  for (let partition = 0; partition < partitions; partition++) {
    const key = `${prefix}:scoring.p${partition}`;
    const [wait, active, delayed, prioritized] = await Promise.all([
      redis.llen(`${key}:wait`), redis.llen(`${key}:active`), redis.zcard(`${key}:delayed`), redis.zcard(`${key}:prioritized`),
    ]);
    if (wait + active + delayed + prioritized > 0) return false;
  }
  return true;
}
