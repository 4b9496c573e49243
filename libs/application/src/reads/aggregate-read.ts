import { NotFound } from '@duty-ledger/domain/shared/errors';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ReadMeta, ReadPoint } from './read-point';

/** A read of one aggregate answers its stream's revision as of the read point (and the same ETag). */
export interface AggregateRead<View> {
  view: View;
  revision: number;
  meta: ReadMeta;
}

export async function revisionAt(store: EventStore, streamId: string, point: ReadPoint): Promise<number> {
  const events = await store.readStream(streamId, { toPosition: point.position });
  return events.length ? events[events.length - 1].revision : -1;
}

export function found<T>(view: T | null | undefined, what: string): T {
  if (view === null || view === undefined) throw new NotFound('not-found', `${what} does not exist at that point`);
  return view;
}
