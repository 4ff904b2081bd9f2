import { WaitingJob, foldWaitingJobs } from './waiting-jobs';

const job = (leadKeys: string[], tried: Partial<WaitingJob> = {}): WaitingJob => ({ data: { lead_keys: leadKeys, reason: 'ingest' }, attemptsMade: 0, ...tried });

describe('foldWaitingJobs', () => {
  it('takes the leads of waiting jobs in queue order, each once, and lists the jobs it covers', () => {
    const first = job(['b', 'c']);
    const second = job(['a', 'd']);
    expect(foldWaitingJobs(['a', 'b'], [first, second], 10)).toEqual({ leadKeys: ['a', 'b', 'c', 'd'], covered: [first, second] });
  });

  it('stops at the first job that would exceed the limit, so no job is covered in part', () => {
    const fits = job(['c']);
    const tooMany = job(['d', 'e', 'f']);
    const later = job(['g']);
    expect(foldWaitingJobs(['a', 'b'], [fits, tooMany, later], 4)).toEqual({ leadKeys: ['a', 'b', 'c'], covered: [fits] });
  });

  it('leaves jobs tried before (retried or stalled) to re-fold their own leads, and skips vanished jobs', () => {
    const retried = job(['x'], { attemptsMade: 1 });
    const stalled = job(['y'], { stalledCounter: 1 });
    const fresh = job(['z']);
    expect(foldWaitingJobs(['a'], [retried, null, stalled, undefined, fresh], 10)).toEqual({ leadKeys: ['a', 'z'], covered: [fresh] });
  });
});
