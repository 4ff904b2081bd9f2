import { CopiesInFlight } from './copies-in-flight';

/** Whether a promise has settled once the pending callbacks ran. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('CopiesInFlight', () => {
  it("has a duplicate wait for another group's copies, and skip the marker of each copy written", async () => {
    const copies = new CopiesInFlight();
    // The later group stored "a" first: the order in which groups started does not matter.
    const earlier = copies.start(['a', 'b', 'c']);
    const later = copies.start(['a', 'b']);
    const waiting = earlier.writtenElsewhere(['a']);
    expect(await isSettled(waiting)).toBe(false);
    later.written(new Set(['a']));
    await expect(waiting).resolves.toEqual(new Set(['a']));
    // Once a group's copies are written it is forgotten: a marker then meets the copy in the inbox, or comes after it.
    earlier.written(new Set(['b', 'c']));
    const after = copies.start(['a', 'b']).writtenElsewhere(['a', 'b']);
    expect(await isSettled(after)).toBe(true);
    await expect(after).resolves.toEqual(new Set());
  });

  it('keeps the marker when the other group failed before its copies', async () => {
    const copies = new CopiesInFlight();
    const first = copies.start(['a']);
    const second = copies.start(['a']);
    const answer = second.writtenElsewhere(['a']);
    first.written(new Set());
    await expect(answer).resolves.toEqual(new Set());
  });

  it('has two groups holding each other\'s duplicates both go on once their copies are written', async () => {
    const copies = new CopiesInFlight();
    const first = copies.start(['a', 'b']);
    const second = copies.start(['a', 'b']);
    first.written(new Set(['a']));
    second.written(new Set(['b']));
    await expect(Promise.all([first.writtenElsewhere(['b']), second.writtenElsewhere(['a'])])).resolves.toEqual([new Set(), new Set()]);
  });

  it('does not wait for groups without the event, nor for itself', async () => {
    const copies = new CopiesInFlight();
    copies.start(['x']);
    const own = copies.start(['a']);
    const alone = own.writtenElsewhere(['a']);
    expect(await isSettled(alone)).toBe(true);
    await expect(alone).resolves.toEqual(new Set());
  });
});
