import type { EventStore } from '@duty-ledger/event-store/event-store.port';

/** The current state of a guard stream: its last event's data and revision (`-1`: nothing claimed yet). */
export async function readGuard(store: EventStore, streamId: string): Promise<{ revision: number; last?: Record<string, unknown> }> {
  const last = await store.readLastEvent(streamId);
  return { revision: last ? last.revision : -1, last: last?.data };
}
