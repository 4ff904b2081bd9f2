import { checkReadiness } from './readiness';

describe('checkReadiness', () => {
  it('is ready only when every check answers', async () => {
    const up = { name: 'mongodb', check: async () => undefined };
    const down = { name: 'redis', check: async () => { throw new Error('connection refused'); } };
    expect(await checkReadiness([up])).toEqual({ ready: true, checks: { mongodb: { status: 'up' } }, failures: [] });
    const report = await checkReadiness([up, down]);
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({ mongodb: { status: 'up' }, redis: { status: 'down', error: 'unavailable', message: expect.stringContaining('redis is unreachable') } });
    expect(report.failures).toEqual([{ name: 'redis', detail: 'connection refused' }]);
  });

  it('never puts the driver\'s error text in the answer (it may name hosts and users); only in failures, for the log', async () => {
    const leaky = { name: 'mongodb', check: async () => { throw new Error('connect ECONNREFUSED 10.1.2.3:27017 user=scoring'); } };
    const report = await checkReadiness([leaky]);
    expect(JSON.stringify(report.checks)).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|scoring/);
    expect(report.failures[0].detail).toContain('ECONNREFUSED');
  });

  it('reads a check that never answers as down', async () => {
    jest.useFakeTimers();
    const hung = { name: 'redis', check: () => new Promise<void>(() => undefined) };
    const report = checkReadiness([hung]);
    jest.advanceTimersByTime(2500);
    const result = await report;
    expect(result.ready).toBe(false);
    expect(result.checks['redis']).toMatchObject({ status: 'down', error: 'unavailable' });
    expect(result.failures).toEqual([{ name: 'redis', detail: 'redis did not answer within 2000 ms' }]);
    jest.useRealTimers();
  });
});
