import { ScoringSlots, SlotPriority } from './scoring-slots';

/** A task that runs until released, recording when it started. */
function heldTask(started: string[], name: string): { task: () => Promise<string>; release: () => void } {
  let release = () => {};
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      started.push(name);
      await done;
      return name;
    },
    release: () => release(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ScoringSlots', () => {
  it('runs at most `limit` tasks at once, whatever the number of callers', async () => {
    const slots = new ScoringSlots(2);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => heldTask(started, name));
    const results = tasks.map(({ task }) => slots.run('live', task));
    await settle();
    expect(started).toEqual(['a', 'b']);
    tasks[1].release();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    for (const { release } of tasks) release();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it("gives a freed slot to a live job before a re-score's, each kind in arrival order", async () => {
    const slots = new ScoringSlots(1);
    const started: string[] = [];
    const order: [string, SlotPriority][] = [['running', 'live'], ['rescore-1', 'rescore'], ['live-1', 'live'], ['rescore-2', 'rescore'], ['live-2', 'live']];
    const tasks = order.map(([name, priority]) => ({ ...heldTask(started, name), priority }));
    const results = tasks.map(({ task, priority }) => slots.run(priority, task));
    for (const { release } of tasks) {
      await settle();
      release();
    }
    await Promise.all(results);
    expect(started).toEqual(['running', 'live-1', 'live-2', 'rescore-1', 'rescore-2']);
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const slots = new ScoringSlots(1);
    await expect(slots.run('live', () => Promise.reject(new Error('storage away')))).rejects.toThrow('storage away');
    await expect(slots.run('rescore', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
