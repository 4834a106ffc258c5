/**
 * A read that every check of one sweep shares: the first call with a sweep's
 * `now` loads, the others (any check, any entity) get the same answer, and
 * the next sweep (another `now`) loads again. One instance may be given to
 * several checks so that they read a table once per sweep between them.
 */
export function perSweep<T>(load: () => Promise<T>): (now: Date) => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return now => {
    if (!cached || cached.at !== now.getTime()) {
      cached = { at: now.getTime(), value: load() };
    }
    return cached.value;
  };
}
