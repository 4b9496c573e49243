import type { ReadPoint, ReadPointResolver, ReadRequest } from '@duty-ledger/application/reads/read-point';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';

/**
 * The point a read of the raw log (the feeds, its verification) answers at. `asOf`, `asOfPosition` and `consistentWith`
 * are checked and waited for as in every read; "now" is the log's head rather than what the read models have applied,
 * since the log is read directly and does not lag behind itself.
 */
export async function logReadPoint(store: Pick<EventStore, 'headPosition' | 'readAt'>, readPoint: ReadPointResolver, request: ReadRequest): Promise<ReadPoint> {
  const point = await readPoint.resolve(request);
  if (request.asOf !== undefined || request.asOfPosition !== undefined) return point;
  const { projectedPosition } = point.meta;
  const head = await store.headPosition();
  if (head === null) return { position: -1, meta: { asOfPosition: null, asOfRecordedAt: null, projectedPosition } };
  return { position: head, meta: { asOfPosition: head, asOfRecordedAt: (await store.readAt(head))?.recordedAt ?? null, projectedPosition } };
}

/** The log as it stood at `position` (inclusive; -1: before the first event), for a reader that pages through it. */
export function logThrough(store: Pick<EventStore, 'readAll'>, position: number): Pick<EventStore, 'readAll'> {
  return {
    readAll: async (options = {}) => (position < 0 ? [] : store.readAll({ ...options, toPosition: Math.min(options.toPosition ?? position, position) })),
  };
}
