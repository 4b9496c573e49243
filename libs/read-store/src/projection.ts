import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import type { CollectionSpec, Document, DocumentChange } from './read-store.port';

export interface DocumentKey {
  collection: string;
  id: string;
}

/** The documents an event touches, as they stand just before it (`null`: none yet). */
export type DocumentLookup = (collection: string, id: string) => Document | null;

/**
 * A read model's projection: pure, `(documents the event touches, event) → document changes`.
 * It must be idempotent under replay: the runner and the store guarantee a position is applied once,
 * but the same events projected twice from scratch must give the same documents.
 */
export interface Projection {
  readonly name: string;
  readonly collections: readonly CollectionSpec[];
  /** The documents `project` will read for this event (it may only look these up). `[]`: the event is not for us. */
  touches(event: RecordedEvent): DocumentKey[];
  project(event: RecordedEvent, lookup: DocumentLookup): DocumentChange[];
  /**
   * An event index the projection keeps (see `EventIndexEntry`): the keys each event is listed under, `[]` for none.
   * Pure, like `project`; its entries are written with the projection's changes and checkpoint.
   */
  readonly eventIndex?: { readonly name: string; keysOf(event: RecordedEvent): string[] };
}
