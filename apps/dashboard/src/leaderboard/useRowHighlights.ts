import { useCallback, useEffect, useRef, useState } from 'react';

/** Ids flashed in the last `durationMs`; flashing an id again restarts its timer. */
export function useRowHighlights(durationMs: number) {
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(() => new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => {
      pending.forEach((timer) => clearTimeout(timer));
      pending.clear();
    };
  }, []);

  const flash = useCallback(
    (id: string) => {
      clearTimeout(timers.current.get(id));
      setHighlighted((current) => (current.has(id) ? current : new Set(current).add(id)));
      timers.current.set(
        id,
        setTimeout(() => {
          timers.current.delete(id);
          setHighlighted((current) => {
            if (!current.has(id)) return current;
            const next = new Set(current);
            next.delete(id);
            return next;
          });
        }, durationMs),
      );
    },
    [durationMs],
  );

  return { highlighted, flash };
}
