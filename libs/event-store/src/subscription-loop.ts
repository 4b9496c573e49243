import type { BatchHandler, RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

export interface SubscriptionSource {
  /** Events from `fromPosition` (inclusive), in position order, at most `limit`. */
  read(fromPosition: number, limit: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** Registers a callback run after each local commit; returns its unregistration. */
  onCommit(wake: () => void): () => void;
  /** How often to look for writes the source is not told about (other processes). */
  pollIntervalMs: number;
  /** Told of a failed read or handler call before the batch is retried. */
  onError?: (error: unknown) => void;
}

const DEFAULT_BATCH = 500;
const MAX_BACKOFF_MS = 5_000;

/**
 * Catch-up then live, batch by batch: the next batch waits for the handler's promise; a failed batch is
 * retried, never skipped, after a back-off doubling from 200 ms up to 5 s.
 */
export function startSubscription(source: SubscriptionSource, options: SubscribeOptions, handler: BatchHandler): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let after = options.afterPosition ?? -1;
  let closed = false;
  let wake = (): void => {};
  const unregister = source.onCommit(() => wake());
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const running = (async () => {
    let failures = 0;
    while (!closed) {
      try {
        const events = await source.read(after + 1, batchSize);
        if (events.length > 0) {
          if (closed) break;
          await handler(events);
          after = events[events.length - 1].position;
          failures = 0;
          continue;
        }
      } catch (error) {
        source.onError?.(error);
        failures++;
      }
      if (!closed) await pause(failures ? Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures) : source.pollIntervalMs);
    }
  })();

  return {
    close: async () => {
      closed = true;
      wake();
      await running;
      unregister();
    },
  };
}

/** The live subscriptions of one store: woken after each local commit, all closed with the store. */
export class Subscribers {
  private readonly wakers = new Set<() => void>();
  private readonly open = new Set<Subscription>();

  constructor(private readonly source: Omit<SubscriptionSource, 'onCommit'>) {}

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    const onCommit = (wake: () => void) => {
      this.wakers.add(wake);
      return () => this.wakers.delete(wake);
    };
    const subscription = startSubscription({ ...this.source, onCommit }, options, handler);
    this.open.add(subscription);
    return {
      close: async () => {
        this.open.delete(subscription);
        await subscription.close();
      },
    };
  }

  /** Tells every subscriber that new events were committed here. */
  wake(): void {
    for (const wake of this.wakers) wake();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((s) => s.close()));
    this.open.clear();
  }
}
