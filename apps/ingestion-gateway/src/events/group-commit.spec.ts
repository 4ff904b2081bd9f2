import { GroupCommit } from './group-commit';

/** A commit function that records each group and finishes when the test says so. */
function recordingCommit() {
  const groups: number[][] = [];
  const finishers: (() => void)[] = [];
  const commit = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      groups.push(items);
      finishers.push(() => (items.includes(-1) ? reject(new Error('storage down')) : resolve(items.map((item) => `stored ${item}`))));
    });
  return { groups, commit, finishNext: () => finishers.shift()?.() };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('GroupCommit', () => {
  it('commits concurrent submissions together and answers each with its own outcomes, in order', async () => {
    const { groups, commit, finishNext } = recordingCommit();
    const groupCommit = new GroupCommit(commit, { windowMs: 5, maxItems: 100, maxInFlight: 1 });
    const answers = [groupCommit.submit([1]), groupCommit.submit([2, 3]), groupCommit.submit([4])];
    await flush();
    expect(groups).toEqual([[1, 2, 3, 4]]);
    finishNext();
    await expect(Promise.all(answers)).resolves.toEqual([['stored 1'], ['stored 2', 'stored 3'], ['stored 4']]);
  });

  it('gathers what arrives during a commit into the next group, started as soon as the commit ends', async () => {
    const { groups, commit, finishNext } = recordingCommit();
    const groupCommit = new GroupCommit(commit, { windowMs: 5, maxItems: 100, maxInFlight: 1 });
    const first = groupCommit.submit([1]);
    await flush();
    const later = [groupCommit.submit([2]), groupCommit.submit([3])];
    await flush();
    expect(groups).toEqual([[1]]);
    finishNext();
    await first;
    await flush();
    expect(groups).toEqual([[1], [2, 3]]);
    finishNext();
    await expect(Promise.all(later)).resolves.toEqual([['stored 2'], ['stored 3']]);
  });

  it('starts a group at once when it is full, never splits a submission, and keeps to maxInFlight', async () => {
    const { groups, commit, finishNext } = recordingCommit();
    const groupCommit = new GroupCommit(commit, { windowMs: 10_000, maxItems: 3, maxInFlight: 2 });
    const answers = [groupCommit.submit([1, 2]), groupCommit.submit([3, 4]), groupCommit.submit([5, 6, 7, 8]), groupCommit.submit([9])];
    await flush();
    // Full groups do not wait for the (long) window; the third cannot start while two commit.
    expect(groups).toEqual([[1, 2], [3, 4]]);
    finishNext();
    await flush();
    expect(groups).toEqual([[1, 2], [3, 4], [5, 6, 7, 8]]);
    finishNext();
    finishNext();
    await flush();
    expect(groups[3]).toEqual([9]);
    finishNext();
    await expect(Promise.all(answers)).resolves.toHaveLength(4);
  });

  it("gives a failed commit's error to every submission of that group only", async () => {
    const { commit, finishNext } = recordingCommit();
    const groupCommit = new GroupCommit(commit, { windowMs: 1, maxItems: 2, maxInFlight: 2 });
    const failing = [groupCommit.submit([-1]), groupCommit.submit([5])];
    const fine = groupCommit.submit([6]);
    await flush();
    finishNext();
    finishNext();
    await expect(failing[0]).rejects.toThrow('storage down');
    await expect(failing[1]).rejects.toThrow('storage down');
    await expect(fine).resolves.toEqual(['stored 6']);
  });
});
