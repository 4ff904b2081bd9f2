import { checkReadiness } from './readiness';

describe('checkReadiness', () => {
  it('is ready only when every check answers', async () => {
    const up = { name: 'mongodb', check: async () => undefined };
    const down = { name: 'redis', check: async () => { throw new Error('connection refused'); } };
    expect(await checkReadiness([up])).toEqual({ ready: true, checks: { mongodb: { status: 'up' } } });
    expect(await checkReadiness([up, down])).toEqual({
      ready: false,
      checks: { mongodb: { status: 'up' }, redis: { status: 'down', error: 'connection refused' } },
    });
  });

  it('reads a check that never answers as down', async () => {
    jest.useFakeTimers();
    const hung = { name: 'redis', check: () => new Promise<void>(() => undefined) };
    const report = checkReadiness([hung]);
    jest.advanceTimersByTime(2500);
    expect(await report).toEqual({ ready: false, checks: { redis: { status: 'down', error: 'redis did not answer within 2000 ms' } } });
    jest.useRealTimers();
  });
});
