import type { EventStore } from '@duty-ledger/event-store/event-store.port';

/** The log as it stood at `position` (inclusive; -1: before the first event), for a reader that pages through it. */
export function logThrough(store: Pick<EventStore, 'readAll'>, position: number): Pick<EventStore, 'readAll'> {
  return {
    readAll: async (options = {}) => (position < 0 ? [] : store.readAll({ ...options, toPosition: Math.min(options.toPosition ?? position, position) })),
  };
}
