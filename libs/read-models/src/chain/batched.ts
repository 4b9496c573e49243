/**
 * Collects the keys asked for while one piece of synchronous code runs (say, a `Promise.all` over a chain's duties) and
 * loads them with one call: a chain read makes a handful of store queries instead of one per duty and post.
 * `load` answers the keys it found; the others get `missing`.
 */
export function batched<K, V>(load: (keys: K[]) => Promise<Map<K, V>>, missing: V): (key: K) => Promise<V> {
  let queue: Map<K, { resolve: (value: V) => void; reject: (error: unknown) => void }[]> | null = null;
  const flush = (batch: NonNullable<typeof queue>) => {
    load([...batch.keys()]).then(
      (found) => {
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.has(key) ? found.get(key)! : missing);
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (!queue) {
        const batch = (queue = new Map());
        queueMicrotask(() => {
          queue = null;
          flush(batch);
        });
      }
      const waiters = queue.get(key) ?? [];
      waiters.push({ resolve, reject });
      queue.set(key, waiters);
    });
}

/** `batched`, and each key loaded at most once: a later ask for a key gets the answer already on its way. */
export function batchedOnce<K, V>(load: (keys: K[]) => Promise<Map<K, V>>, missing: V): (key: K) => Promise<V> {
  const loadBatched = batched(load, missing);
  const asked = new Map<K, Promise<V>>();
  return (key) => {
    let answer = asked.get(key);
    if (!answer) asked.set(key, (answer = loadBatched(key)));
    return answer;
  };
}
