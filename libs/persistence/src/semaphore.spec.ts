import { Priority, Semaphore } from './semaphore';

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

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, whatever the number of callers', async () => {
    const semaphore = new Semaphore(2);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => heldTask(started, name));
    const results = tasks.map(({ task }) => semaphore.run(task));
    await settle();
    expect(started).toEqual(['a', 'b']);
    tasks[1].release();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    for (const { release } of tasks) release();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives a freed place to every high-priority waiter before a low one, each priority in arrival order', async () => {
    const semaphore = new Semaphore(1);
    const started: string[] = [];
    const order: [string, Priority][] = [['running', 'high'], ['low-1', 'low'], ['high-1', 'high'], ['low-2', 'low'], ['high-2', 'high']];
    const tasks = order.map(([name, priority]) => ({ ...heldTask(started, name), priority }));
    const results = tasks.map(({ task, priority }) => semaphore.run(task, priority));
    for (const { release } of tasks) {
      await settle();
      release();
    }
    await Promise.all(results);
    expect(started).toEqual(['running', 'high-1', 'high-2', 'low-1', 'low-2']);
  });

  it('frees the place of a task that fails, and passes its error on', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('storage away')))).rejects.toThrow('storage away');
    await expect(semaphore.run(() => Promise.resolve('next'), 'low')).resolves.toBe('next');
  });
});
