import type { AsOf, Document, DocumentChange, Filter, PositionedChanges, StoredDocument } from '../read-store.port';

/**
 * The MongoDB adapter's pure parts (no driver import, unit-tested without a server): the version document,
 * the query for "in force at a position", and the plan of writes for one batch.
 */

/** Open versions carry this `toPosition` instead of null, so one range condition serves both bounds (as in SQLite). */
export const OPEN = Number.MAX_SAFE_INTEGER;

/** Mongo collection holding a read-model collection's versions; the prefix keeps them apart from `checkpoints`. */
export const versionsCollection = (collection: string): string => `versions.${collection}`;
export const VERSIONS_PREFIX = 'versions.';

/** The database named in a `mongodb://` or `mongodb+srv://` URI's path, if any. */
export function databaseOf(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  return name ? decodeURIComponent(name) : undefined;
}

/** One version of one document, as stored. */
export interface VersionDocument {
  /** `<collection>:<id>:<fromPosition>`: replays write the same key, so upserts are idempotent. */
  _id: string;
  id: string;
  fromPosition: number;
  toPosition: number;
  fromRecordedAt: string;
  toRecordedAt: string | null;
  doc: Document;
}

export const versionKey = (collection: string, id: string, fromPosition: number): string => `${collection}:${id}:${fromPosition}`;

export function newVersion(collection: string, id: string, position: number, recordedAt: string, doc: Document): VersionDocument {
  return { _id: versionKey(collection, id, position), id, fromPosition: position, toPosition: OPEN, fromRecordedAt: recordedAt, toRecordedAt: null, doc };
}

export function toStored<T>(version: VersionDocument): StoredDocument<T> {
  return {
    id: version.id,
    doc: version.doc as T,
    fromPosition: version.fromPosition,
    toPosition: version.toPosition === OPEN ? null : version.toPosition,
    fromRecordedAt: version.fromRecordedAt,
    toRecordedAt: version.toRecordedAt,
  };
}

/** Latest = the open version: the only one whose range contains OPEN - 1. */
export function asOfBound(options?: AsOf): number {
  return options?.asOfPosition === undefined ? OPEN - 1 : Math.min(options.asOfPosition, OPEN - 1);
}

/** Fields `find` may filter on are top-level names: no path separators or operators. */
export function assertFieldName(field: string): void {
  if (field === '' || field.includes('.') || field.startsWith('$')) throw new Error(`"${field}" cannot be an index field (top-level names only)`);
}

/**
 * The query for `find`: versions in force at `at` whose declared fields match. MongoDB matches an array field
 * by membership and compares by BSON type, so 1, "1" and true stay apart, as the port asks. `null` when the
 * filter can match nothing (an empty `in`).
 */
export function findQuery(collection: string, declared: readonly string[], filter: Filter, at: number, after?: string): Record<string, unknown> | null {
  const query: Record<string, unknown> = { fromPosition: { $lte: at }, toPosition: { $gt: at } };
  if (after !== undefined) query.id = { $gt: after };
  for (const [field, wanted] of Object.entries(filter)) {
    if (!declared.includes(field)) throw new Error(`find on ${collection}: "${field}" is not a declared index field`);
    if (typeof wanted === 'object') {
      if (wanted.in.length === 0) return null;
      query[`doc.${field}`] = { $in: [...new Set(wanted.in)] };
    } else {
      query[`doc.${field}`] = wanted;
    }
  }
  return query;
}

/**
 * The batch's changes in position order, one per document and position (the last wins), leaving out
 * positions at or below the stored checkpoint so a partly replayed batch is harmless too.
 */
export function mergeByPosition(batch: readonly PositionedChanges[], floor: number | undefined): PositionedChanges[] {
  const byPosition = new Map<number, { recordedAt: string; changes: Map<string, DocumentChange> }>();
  for (const { position, recordedAt, changes } of batch) {
    if (floor !== undefined && position <= floor) continue;
    let entry = byPosition.get(position);
    if (!entry) byPosition.set(position, (entry = { recordedAt, changes: new Map() }));
    for (const change of changes) {
      const key = `${change.collection}\u0000${change.id}`;
      entry.changes.delete(key);
      entry.changes.set(key, change);
    }
  }
  return [...byPosition.entries()]
    .sort(([a], [b]) => a - b)
    .map(([position, { recordedAt, changes }]) => ({ position, recordedAt, changes: [...changes.values()] }));
}

/** For each collection, the ids a merged batch touches and the lowest position it touches any of them at. */
export function touched(merged: readonly PositionedChanges[]): Map<string, { ids: Set<string>; from: number }> {
  const out = new Map<string, { ids: Set<string>; from: number }>();
  for (const { position, changes } of merged) {
    for (const { collection, id } of changes) {
      let entry = out.get(collection);
      if (!entry) out.set(collection, (entry = { ids: new Set(), from: position }));
      entry.ids.add(id);
      entry.from = Math.min(entry.from, position);
    }
  }
  return out;
}

/** What one batch writes to one collection: whole versions upserted by `_id`, and stale ones deleted. */
export interface CollectionWrites {
  upserts: VersionDocument[];
  deletes: string[];
}

/**
 * Plans the writes of a merged batch against the stored versions that may be affected (per collection, those
 * of the touched ids with `toPosition >= ` the batch's first position: the open ones, and any written by an
 * earlier, interrupted attempt at this batch). Throws, writing nothing, when a change is not after the
 * document's stored history. Replaying the same batch plans the same upserts, so without transactions a
 * retry after a partial write converges.
 */
export function planWrites(merged: readonly PositionedChanges[], stored: ReadonlyMap<string, readonly VersionDocument[]>): Map<string, CollectionWrites> {
  const positionsOf = new Map<string, Set<number>>();
  for (const { position, changes } of merged) {
    for (const { collection, id } of changes) {
      const key = `${collection}\u0000${id}`;
      positionsOf.set(key, (positionsOf.get(key) ?? new Set()).add(position));
    }
  }
  const writes = new Map<string, CollectionWrites>();
  const staged = new Map<string, VersionDocument>(); // by _id
  const latest = new Map<string, VersionDocument | null>(); // per document: the version a next change closes
  const existing = new Map<string, VersionDocument>(); // stored versions by _id, to delete leftovers

  for (const [key, positions] of positionsOf) {
    const [collection, id] = key.split('\u0000');
    const first = Math.min(...positions);
    const versions = (stored.get(collection) ?? []).filter((v) => v.id === id);
    let before: VersionDocument | null = null;
    for (const version of versions) {
      if (version.fromPosition >= first) {
        // Only a partial earlier attempt at this very batch may have left versions at or after its first change.
        if (!positions.has(version.fromPosition)) {
          throw new Error(`${collection}/${id}: change at position ${first} is not after its version at ${version.fromPosition}`);
        }
        existing.set(version._id, version);
      } else if (!before || version.fromPosition > before.fromPosition) {
        before = version;
      }
    }
    latest.set(key, before && before.toPosition >= first ? { ...before } : null);
  }

  const stage = (collection: string, version: VersionDocument) => {
    staged.set(version._id, version);
    if (!writes.has(collection)) writes.set(collection, { upserts: [], deletes: [] });
  };
  for (const { position, recordedAt, changes } of merged) {
    for (const { collection, id, doc } of changes) {
      const key = `${collection}\u0000${id}`;
      const current = latest.get(key) ?? null;
      if (current) stage(collection, { ...current, toPosition: position, toRecordedAt: recordedAt });
      const next = doc === null ? null : newVersion(collection, id, position, recordedAt, doc);
      if (next) stage(collection, next);
      latest.set(key, next);
    }
  }
  for (const version of staged.values()) {
    // A version staged open and closed later in the same batch is written once, in its final form.
    writes.get(collectionOfKey(version._id, version.id, version.fromPosition))!.upserts.push(version);
  }
  for (const [_id, version] of existing) {
    if (staged.has(_id)) continue;
    const collection = collectionOfKey(_id, version.id, version.fromPosition);
    if (!writes.has(collection)) writes.set(collection, { upserts: [], deletes: [] });
    writes.get(collection)!.deletes.push(_id);
  }
  return writes;
}

function collectionOfKey(key: string, id: string, fromPosition: number): string {
  return key.slice(0, key.length - `:${id}:${fromPosition}`.length);
}
