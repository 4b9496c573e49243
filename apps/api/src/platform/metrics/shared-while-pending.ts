/**
 * `read` shared by every caller while a call is pending, made afresh once it settles. prom-client collects a scrape's
 * metrics at once (Promise.all), so gauges that show one reading of a store take it once a scrape this way, and never
 * a stale one: nothing is kept after the scrape.
 */
export function sharedWhilePending<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= read().finally(() => {
      pending = undefined;
    }));
}
