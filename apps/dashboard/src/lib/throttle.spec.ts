import { createThrottle } from './throttle';

describe('createThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the first call at once', () => {
    const fn = jest.fn();
    createThrottle(fn, 400)();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('collapses a burst into one trailing run at the end of the window', () => {
    const fn = jest.fn();
    const throttled = createThrottle(fn, 400);

    throttled();
    throttled();
    throttled();
    expect(fn).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(399);
    expect(fn).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);

    jest.advanceTimersByTime(10_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet window', () => {
    const fn = jest.fn();
    const throttled = createThrottle(fn, 400);
    throttled();
    jest.advanceTimersByTime(400);
    throttled();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('drops the pending trailing run when cancelled', () => {
    const fn = jest.fn();
    const throttled = createThrottle(fn, 400);
    throttled();
    throttled();
    throttled.cancel();
    jest.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
    throttled();
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
