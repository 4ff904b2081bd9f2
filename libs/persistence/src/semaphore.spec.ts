import { Priority, Semaphore, SemaphoreClosedError } from './semaphore';

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

  it('once closed, turns away the waiting tasks and later ones that would wait, and lets the running ones finish', async () => {
    const semaphore = new Semaphore(1);
    const started: string[] = [];
    const running = heldTask(started, 'running');
    const result = semaphore.run(running.task);
    const waiting = [semaphore.run(heldTask(started, 'waiting-high').task), semaphore.run(heldTask(started, 'waiting-low').task, 'low')];
    await settle();
    expect(semaphore.close()).toBe(2);
    for (const turnedAway of waiting) await expect(turnedAway).rejects.toBeInstanceOf(SemaphoreClosedError);
    await expect(semaphore.run(heldTask(started, 'late').task)).rejects.toBeInstanceOf(SemaphoreClosedError);
    running.release();
    await expect(result).resolves.toBe('running');
    expect(started).toEqual(['running']);
    // The place the running task freed is free again: a task that finds it runs, closed or not.
    await expect(semaphore.run(() => Promise.resolve('after'))).resolves.toBe('after');
  });
});
