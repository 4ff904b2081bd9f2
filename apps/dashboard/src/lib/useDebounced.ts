import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `delayMs` (a search box should not query on every keystroke). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(id);
  }, [value, delayMs]);
  return settled;
}
