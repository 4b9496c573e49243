import type { BatchHandler, EventStore, SubscribeOptions, Subscription } from '@duty-ledger/event-store/event-store.port';

/** The log as it stood at `until` (inclusive): a projection runner fed from it sees nothing later. */
export function logUntil(store: EventStore, until: number): EventStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'subscribe')
        return (options: SubscribeOptions, handler: BatchHandler): Subscription =>
          target.subscribe(options, async (events) => {
            const upTo = events.filter((e) => e.position <= until);
            if (upTo.length) await handler(upTo);
          });
      if (key === 'readAll') return (options: Parameters<EventStore['readAll']>[0] = {}) => target.readAll({ ...options, toPosition: Math.min(options.toPosition ?? until, until) });
      if (key === 'headPosition') return async () => (await target.readAll({ toPosition: until })).at(-1)?.position ?? null;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}
