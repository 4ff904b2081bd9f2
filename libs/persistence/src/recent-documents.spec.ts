import { RecentDocuments } from './recent-documents';

describe('RecentDocuments', () => {
  it('drops the least recently used document beyond its capacity', () => {
    const recent = new RecentDocuments<number>(2);
    recent.set('a', { document: 1, revision: 'r1' });
    recent.set('b', { document: 2, revision: 'r2' });
    expect(recent.get('a')?.document).toBe(1); // a is now more recent than b
    recent.set('c', { document: 3, revision: 'r3' });
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')).toEqual({ document: 1, revision: 'r1' });
    expect(recent.get('c')).toEqual({ document: 3, revision: 'r3' });
    expect(recent.size).toBe(2);
  });

  it('replaces a document written again, and forgets one on request', () => {
    const recent = new RecentDocuments<number>(2);
    recent.set('a', { document: 1, revision: 'r1' });
    recent.set('a', { document: 2, revision: 'r2' });
    expect(recent.get('a')).toEqual({ document: 2, revision: 'r2' });
    recent.forget('a');
    expect(recent.get('a')).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});
