import { instantMillis, instantMillisFrom } from '@duty-ledger/event-store/record-time';
import type { EventIndexEntry, EventIndexQuery } from '../read-store.port';

/**
 * The MongoDB adapter's event indexes, pure parts: one Mongo collection per index, a document per event and key,
 * written once (replays write the same `_id`, so upserts are idempotent on a standalone server).
 */

export const EVENT_INDEX_PREFIX = 'eventIndex.';
export const eventIndexCollection = (index: string): string => `${EVENT_INDEX_PREFIX}${index}`;

export interface EventIndexDocument {
  /** `<key>:<position>`. */
  _id: string;
  key: string;
  position: number;
  type: string;
  /** Epoch milliseconds, for the record-time bounds. */
  recordedMs: number;
}

/** The documents of a batch's entries, a key at a time (a key named twice by one event is listed once). */
export function entryDocuments(entries: readonly EventIndexEntry[], floor: number | undefined): EventIndexDocument[] {
  return entries
    .filter(({ position }) => floor === undefined || position > floor)
    .flatMap(({ position, recordedAt, type, keys }) =>
      [...new Set(keys)].map((key) => ({ _id: `${key}:${position}`, key, position, type, recordedMs: instantMillis(recordedAt) })),
    );
}

/** The filter for a key's entries in a range of positions and record times; served by the index `{ key: 1, position: 1 }`. */
export function indexedQuery({ key, type, from, to, afterPosition, asOfPosition }: EventIndexQuery): Record<string, unknown> {
  const position: Record<string, number> = {};
  if (afterPosition !== undefined) position.$gt = afterPosition;
  if (asOfPosition !== undefined) position.$lte = asOfPosition;
  const recordedMs: Record<string, number> = {};
  if (from !== undefined) recordedMs.$gte = instantMillisFrom(from);
  if (to !== undefined) recordedMs.$lte = instantMillis(to);
  return {
    key,
    ...(Object.keys(position).length ? { position } : {}),
    ...(type === undefined ? {} : { type }),
    ...(Object.keys(recordedMs).length ? { recordedMs } : {}),
  };
}
