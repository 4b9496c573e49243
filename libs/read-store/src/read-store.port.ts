/**
 * Versioned documents: every change to a document closes its current version at the event's position and
 * opens a new one, so a read "as of position p" is an index lookup (fromPosition <= p < toPosition), not a replay.
 * Adapters live beside this file (`sqlite/`, `mongo/`) and each passes `libs/testing/src/read-store.contract.ts`.
 */

export type Scalar = string | number | boolean;
export type Document = Record<string, unknown>;

/** A collection and the top-level fields `find` may filter on (scalars, or arrays of scalars: matched by membership). */
export interface CollectionSpec {
  name: string;
  indexes: readonly string[];
}

export interface DocumentChange {
  collection: string;
  id: string;
  /** The whole new document, or `null` to end it (a later `get` answers `null`). */
  doc: Document | null;
}

/** The changes one event made, at its position. */
export interface PositionedChanges {
  position: number;
  recordedAt: string;
  changes: DocumentChange[];
}

export interface StoredDocument<T = Document> {
  id: string;
  doc: T;
  fromPosition: number;
  /** `null` while this is the current version. */
  toPosition: number | null;
  fromRecordedAt: string;
  toRecordedAt: string | null;
}

export interface AsOf {
  /** Inclusive: the version in force once the event at this position was applied. Absent: the latest. */
  asOfPosition?: number;
}

/**
 * Equality on indexed fields, all of which must match. A value matches a scalar field by equality and an array
 * field by membership; `{ in: [...] }` matches any of the values.
 */
export type Filter = Record<string, Scalar | { in: readonly Scalar[] }>;

export interface FindOptions extends AsOf {
  /** Results are ordered by id; `after` is the last id of the previous page (exclusive). */
  after?: string;
  limit?: number;
}

export interface Checkpoint {
  position: number;
  recordedAt: string;
}

/**
 * An event as an event index lists it under each of its keys. An event index is a read model shaped like the log
 * (the audit trail's: the events touching each subject): an entry is written once, at its event's position, and never
 * changed, so it needs no versions; the events themselves are read from the log.
 */
export interface EventIndexEntry {
  position: number;
  recordedAt: string;
  type: string;
  keys: readonly string[];
}

/** The events listed under one key of an event index, in log order. */
export interface EventIndexQuery extends AsOf {
  key: string;
  /** Only events of this type. */
  type?: string;
  /** Record-time instants (ISO 8601), both inclusive. */
  from?: string;
  to?: string;
  /** Only events after this position (exclusive): the last position of the previous page. */
  afterPosition?: number;
  limit: number;
}

/** One projection's changes and the checkpoint they take it to. */
export interface ProjectionBatch {
  projection: string;
  batch: readonly PositionedChanges[];
  /** The projection's event-index entries for the batch's events (written with the changes, under the same checkpoint). */
  indexed?: { index: string; entries: readonly EventIndexEntry[] };
  checkpoint: Checkpoint;
}

/** A projection no longer run, and the collections and event indexes it wrote (none of them written by one still run). */
export interface RetiredProjection {
  name: string;
  collections: readonly string[];
  eventIndexes?: readonly string[];
}

export interface ReadStore {
  /** Creates the collections and their indexes if missing; idempotent. */
  defineCollections(specs: readonly CollectionSpec[]): Promise<void>;
  /**
   * Applies the batch and moves the projection's checkpoint to `checkpoint`, atomically.
   * Batches at or below the current checkpoint are ignored, so a replay is harmless.
   */
  apply(projection: string, batch: readonly PositionedChanges[], checkpoint: Checkpoint): Promise<void>;
  /**
   * Several projections' batches, each applied as `apply` would apply it (its changes with its checkpoint, atomically,
   * ignored at or below the stored checkpoint). A store that can commits them together (SQLite: one transaction; MongoDB:
   * one transaction on a replica set), so a runner pays one commit per batch of events, not one per projection.
   */
  applyAll(batches: readonly ProjectionBatch[]): Promise<void>;
  get<T = Document>(collection: string, id: string, options?: AsOf): Promise<StoredDocument<T> | null>;
  /** Several ids at once (missing ones are absent from the map). */
  getMany<T = Document>(collection: string, ids: readonly string[], options?: AsOf): Promise<Map<string, StoredDocument<T>>>;
  /**
   * The documents in force whose declared fields hold the values asked for (every field must match), ordered by id.
   * An embedded store walks the first field's index entries and checks the others on each, one seek per listed value:
   * name the most selective field first (`{ authorUnitId, year }`, not `{ year, authorUnitId }`), and a long `in` list
   * first rather than after a field with many entries.
   */
  find<T = Document>(collection: string, filter: Filter, options?: FindOptions): Promise<StoredDocument<T>[]>;
  /** The positions listed under a key of an event index, ascending, up to `limit`, as of `asOfPosition`. */
  findIndexed(index: string, query: EventIndexQuery): Promise<number[]>;
  /** The projection's checkpoint, or `null` when it has applied nothing. */
  checkpoint(projection: string): Promise<Checkpoint | null>;
  /**
   * Takes or renews the lease `name` for `owner` until `ttlMs` from now: true when `owner` now holds it (it was free,
   * had lapsed, or was already its own), false when another owner holds it. Projectors hold one per projection, so
   * only one runs a projection at a time and another takes over when the lease lapses.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * Extends the lease `name` until `ttlMs` from now only while `owner` holds it unbroken: false when it lapsed, was
   * taken by another or is gone (the store was dropped under its holder), where `acquireLease` would take it afresh. A
   * holder that must not carry on after losing it (a rebuild whose generation a sweep claimed) renews with this.
   */
  renewLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once if `owner` holds it (a clean shutdown), so a standby need not wait for it to lapse. */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Forgets a projection no longer run: its checkpoint, every version and index entry of its collections, which are
   * no longer declared, and every entry of its event indexes. Idempotent: a store that never held it is left as it was.
   */
  retire(projection: RetiredProjection): Promise<void>;
  /** Drops every version, event-index entry and checkpoint (tests, rebuilds into fresh storage). */
  reset(): Promise<void>;
  /**
   * For a store opened for a rebuild, which writes without waiting for the disk while nothing reads it: makes what it
   * holds durable, and what it writes from then on as durable as any store's. Before it is put in force. Absent, or a
   * no-op, where writes are always durable.
   */
  seal?(): Promise<void>;
  /**
   * Closes the store and deletes what it holds, its storage with it: a generation a rebuild replaced, or one it gave up.
   * An embedded store's files go; a MongoDB store's collections (its database goes with the last of them). Never the
   * store readers are on.
   */
  drop(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** A store keeping versions it read to answer again: what it holds and how often it answered from it (metrics); `undefined` when it keeps none. */
  cacheStats?(): CacheStats | undefined;
}

export interface CacheStats {
  versions: number;
  /** The heap they are reckoned to take. */
  bytes: number;
  hits: number;
  misses: number;
}

export const READ_STORE = Symbol('ReadStore');
