/**
 * Wraps a costly read keyed by `key`: concurrent callers share one call, and its answer is reused for `reuseFactor`
 * times as long as it took (at least `minReuseMs`), so that polling it spends at most about 1 / (1 + reuseFactor)
 * of the server's time on it. A failed call is not reused.
 */
export function reuseCostlyRead<K, V>(read: (key: K) => Promise<V>, reuseFactor = 4, minReuseMs = 1000): (key: K) => Promise<V> {
  let last: { key: K; answer: Promise<V>; freshUntil: number } | null = null;
  return (key) => {
    if (last && last.key === key && Date.now() < last.freshUntil) return last.answer;
    const started = Date.now();
    const entry = { key, answer: read(key), freshUntil: Number.POSITIVE_INFINITY };
    last = entry;
    entry.answer.then(
      () => {
        entry.freshUntil = Date.now() + Math.max(minReuseMs, reuseFactor * (Date.now() - started));
      },
      () => {
        if (last === entry) last = null;
      },
    );
    return entry.answer;
  };
}
