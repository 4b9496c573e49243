import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import type { AppConfig } from '../platform/config/app-config';

/**
 * What a head over a tree ending on `last` may sign as `recordedThrough`: the instant just before `now` (less
 * `appendsInFlightMs` and a millisecond) if the log recorded nothing after `last` by `now`, else undefined. The log's
 * answer for an instant does not change once given (`positionAt` waits out appends stamped at or before it), and an
 * append stamped after the answer takes a time no earlier than `now` (possibly within its millisecond, hence the one
 * before). Undefined too where that instant is before `last` was recorded: it would say nothing new.
 */
export async function recordedThroughNow(events: EventStore, last: { position: number; recordedAt: string }, now: Date, appendsInFlightMs = 0): Promise<string | undefined> {
  const found = await events.positionAt(now.toISOString());
  const through = new Date(now.getTime() - 1 - appendsInFlightMs).toISOString();
  return found?.position === last.position && through >= last.recordedAt ? through : undefined;
}

/**
 * How long after its record time an append of another process may still be unreadable: none on the embedded log, whose
 * `positionAt` waits out every writer of its file; a second on EventStoreDB, whose leader stamps an append before its
 * replicas acknowledge it.
 */
export const appendsInFlightMsOf = (config: Pick<AppConfig, 'eventStoreConnectionString'>): number => (config.eventStoreConnectionString === undefined ? 0 : 1_000);
