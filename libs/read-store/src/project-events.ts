import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import type { DocumentKey, Projection } from './projection';
import type { Document, EventIndexEntry, PositionedChanges } from './read-store.port';

/** Documents as they stand so far, by `documentKey`; `null`: none (never created, or ended). */
export type KnownDocuments = Map<string, Document | null>;

export function documentKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

export function parseDocumentKey(key: string): DocumentKey {
  const [collection, id] = key.split('\u0000');
  return { collection, id };
}

/**
 * Projects events in order over `known`, which must hold (or lack, meaning `null`) every document the events
 * touch; each event's changes are written back into `known`, so a later event of the same batch sees them.
 * Shared by the runner and the projection spec helper, so both enforce the same contract.
 */
export function projectEvents(projection: Projection, events: readonly RecordedEvent[], known: KnownDocuments): PositionedChanges[] {
  const positioned: PositionedChanges[] = [];
  for (const event of events) {
    const touched = projection.touches(event);
    if (touched.length === 0) continue;
    const allowed = new Set(touched.map((key) => documentKey(key.collection, key.id)));
    const changes = projection.project(event, (collection, id) => {
      const key = documentKey(collection, id);
      // A lookup touches() did not declare would read a document the runner never loaded.
      if (!allowed.has(key)) throw new Error(`projection ${projection.name} looked up ${collection}/${id}, not listed by touches()`);
      return known.get(key) ?? null;
    });
    for (const change of changes) known.set(documentKey(change.collection, change.id), change.doc);
    if (changes.length > 0) positioned.push({ position: event.position, recordedAt: event.recordedAt, changes });
  }
  return positioned;
}

/** The keys every event of the batch touches, grouped by collection. */
export function touchedIds(projection: Projection, events: readonly RecordedEvent[]): Map<string, Set<string>> {
  const byCollection = new Map<string, Set<string>>();
  for (const event of events) {
    for (const { collection, id } of projection.touches(event)) {
      let ids = byCollection.get(collection);
      if (!ids) byCollection.set(collection, (ids = new Set()));
      ids.add(id);
    }
  }
  return byCollection;
}

/** The batch's entries in an event index: each event listed under its keys, none for an event without keys. */
export function indexEntries(keysOf: (event: RecordedEvent) => string[], events: readonly RecordedEvent[]): EventIndexEntry[] {
  const entries: EventIndexEntry[] = [];
  for (const event of events) {
    const keys = keysOf(event);
    if (keys.length > 0) entries.push({ position: event.position, recordedAt: event.recordedAt, type: event.type, keys });
  }
  return entries;
}
