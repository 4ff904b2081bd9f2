import type { RecomputeProgress, UploadProgress } from '@lead-scoring/contracts';
import { newerRecompute, newerUpload, staleFamiliesOf } from './live-invalidation';

describe('staleFamiliesOf', () => {
  it('makes every lead-derived family stale on a lead change', () => {
    expect(staleFamiliesOf('lead.updated')).toEqual(expect.arrayContaining([['leaderboard'], ['leads'], ['lead'], ['analytics']]));
  });
  it('maps the aggregate events to their families and ignores the rest', () => {
    expect(staleFamiliesOf('activity.updated')).toEqual([['analytics']]);
    expect(staleFamiliesOf('leaderboard.updated')).toEqual([['leaderboard'], ['leads']]);
    expect(staleFamiliesOf('upload.progress')).toEqual([]);
  });
  it('refreshes the accounts when an account changes, and when a lead does', () => {
    expect(staleFamiliesOf('account.updated')).toEqual([['accounts']]);
    expect(staleFamiliesOf('lead.updated')).toContainEqual(['accounts']);
  });
  it('refreshes the deliveries and firings when a delivery changes, not the leads', () => {
    expect(staleFamiliesOf('delivery.updated')).toEqual([['deliveries'], ['system']]);
    expect(staleFamiliesOf('lead.updated')).not.toContainEqual(['deliveries']);
  });
});

describe('newerRecompute', () => {
  const at = (version: number, processed: number, state: RecomputeProgress['state'] = 'running'): RecomputeProgress => ({ version, processed, total: 10, state });
  it('keeps the higher version and, within one, the further progress', () => {
    expect(newerRecompute(at(3, 5), at(2, 9))).toEqual(at(3, 5));
    expect(newerRecompute(at(3, 5), at(4, 0))).toEqual(at(4, 0));
    expect(newerRecompute(at(3, 5), at(3, 2))).toEqual(at(3, 5));
    expect(newerRecompute(at(3, 5), at(3, 10, 'done'))).toEqual(at(3, 10, 'done'));
  });
  it('never goes back from done', () => {
    expect(newerRecompute(at(3, 10, 'done'), at(3, 9))).toEqual(at(3, 10, 'done'));
  });
});

describe('newerUpload', () => {
  const report = (state: UploadProgress['state'], rows: number, updated: string): UploadProgress => ({
    upload_id: 'upl_1', filename: 'a.csv', state, bytes: 10, rows, accepted: rows, duplicates: 0, rejected: 0,
    started_at: '2026-01-01T00:00:00Z', updated_at: updated, finished_at: null, failure: null,
  });
  it('ignores an older running report after a finished one', () => {
    const done = report('done', 10, '2026-01-01T00:00:05Z');
    expect(newerUpload(done, report('processing', 5, '2026-01-01T00:00:06Z'))).toEqual(done);
  });
  it('keeps the row errors of a polled answer when a push arrives', () => {
    const polled = { ...report('processing', 2, '2026-01-01T00:00:01Z'), errors: [{ row: 1, message: 'bad' }] };
    expect(newerUpload(polled, report('processing', 4, '2026-01-01T00:00:02Z'))).toMatchObject({ rows: 4, errors: [{ row: 1, message: 'bad' }] });
  });
});
