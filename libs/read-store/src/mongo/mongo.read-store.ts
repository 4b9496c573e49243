import { MongoClient, type AnyBulkWriteOperation, type ClientSession, type Collection, type Db } from 'mongodb';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import type {
  AsOf,
  Checkpoint,
  CollectionSpec,
  Document,
  EventIndexQuery,
  Filter,
  FindOptions,
  PositionedChanges,
  ProjectionBatch,
  ReadStore,
  RetiredProjection,
  StoredDocument,
} from '../read-store.port';
import {
  VERSIONS_PREFIX,
  asOfBound,
  databaseOf,
  assertFieldName,
  findQuery,
  mergeByPosition,
  planWrites,
  toStored,
  touched,
  versionsCollection,
  type VersionDocument,
} from './mongo.versions';
import { EVENT_INDEX_PREFIX, entryDocuments, eventIndexCollection, indexedQuery, type EventIndexDocument } from './mongo.event-index';

export interface MongoReadStoreOptions {
  /** `mongodb://…`; a replica set (`?replicaSet=…`) makes `apply` transactional. */
  uri: string;
  /** Default: the database named in the URI, else `duty-ledger`. */
  database?: string;
  /** A client of the caller's (tests); by default one is made from `uri`. */
  client?: MongoClient;
}

interface CheckpointDocument {
  _id: string;
  position: number;
  recordedAt: string;
}

interface CollectionDocument {
  _id: string;
  indexes: string[];
}

/**
 * Versioned documents in MongoDB: one Mongo collection per read-model collection (`versions.<name>`), one
 * document per version (`mongo.versions.ts`), checkpoints in `checkpoints`, declared index fields in
 * `collections`. On a replica set (or mongos) a batch and its checkpoint are written in one transaction; on a
 * standalone server the writes are idempotent upserts keyed by `_id` and the checkpoint is written last, so an
 * interrupted batch is simply applied again.
 */
interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: number;
}

export class MongoReadStore implements ReadStore {
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly indexes = new Map<string, readonly string[]>();
  private transactional?: Promise<boolean>;
  private loaded?: Promise<void>;
  /** Event indexes whose Mongo index this process has made sure of. */
  private readonly eventIndexesReady = new Set<string>();

  constructor(options: MongoReadStoreOptions) {
    // ignoreUndefined: a field set to undefined is absent, as in the embedded store's JSON.
    this.client = options.client ?? new MongoClient(options.uri, { ignoreUndefined: true });
    this.db = this.client.db(options.database ?? databaseOf(options.uri) ?? 'duty-ledger');
  }

  async defineCollections(specs: readonly CollectionSpec[]): Promise<void> {
    await this.guard(async () => {
      for (const spec of specs) {
        const indexes = [...new Set(spec.indexes)].sort();
        indexes.forEach(assertFieldName);
        const versions = this.versions(spec.name);
        await versions.createIndex({ id: 1, fromPosition: -1 });
        await versions.createIndex({ toPosition: 1 });
        // One per declared field; `id` after it serves find's order. Multikey on arrays: membership matches natively.
        for (const field of indexes) await versions.createIndex({ [`doc.${field}`]: 1, id: 1 });
        await this.db.collection<CollectionDocument>('collections').updateOne({ _id: spec.name }, { $set: { indexes } }, { upsert: true });
        this.indexes.set(spec.name, indexes);
      }
    });
  }

  async apply(projection: string, batch: readonly PositionedChanges[], checkpoint: Checkpoint): Promise<void> {
    await this.applyAll([{ projection, batch, checkpoint }]);
  }

  async applyAll(batches: readonly ProjectionBatch[]): Promise<void> {
    await this.guard(async () => {
      const applyEach = async (session?: ClientSession) => {
        for (const { projection, batch, indexed, checkpoint } of batches) await this.applyIn(session, projection, batch, indexed, checkpoint);
      };
      // A standalone server has no transactions: one projection after another, each as `apply` writes it alone.
      if (!(await this.isTransactional())) return applyEach();
      const session = this.client.startSession();
      try {
        // withTransaction retries transient errors; the body re-reads everything, so a retry is safe.
        await session.withTransaction(() => applyEach(session));
      } finally {
        await session.endSession();
      }
    });
  }

  private async applyIn(
    session: ClientSession | undefined,
    projection: string,
    batch: readonly PositionedChanges[],
    indexed: ProjectionBatch['indexed'],
    checkpoint: Checkpoint,
  ): Promise<void> {
    const checkpoints = this.db.collection<CheckpointDocument>('checkpoints');
    const stored = await checkpoints.findOne({ _id: projection }, { session });
    if (stored && checkpoint.position <= stored.position) return;
    if (indexed) await this.writeEventIndex(session, indexed.index, entryDocuments(indexed.entries, stored?.position));
    const merged = mergeByPosition(batch, stored?.position);
    const existing = new Map<string, VersionDocument[]>();
    for (const [collection, { ids, from }] of touched(merged)) {
      existing.set(collection, await this.versions(collection).find({ id: { $in: [...ids] }, toPosition: { $gte: from } }, { session }).toArray());
    }
    for (const [collection, { upserts, deletes }] of planWrites(merged, existing)) {
      const operations: AnyBulkWriteOperation<VersionDocument>[] = [
        ...deletes.map((_id) => ({ deleteOne: { filter: { _id } } })),
        ...upserts.map((version) => ({ replaceOne: { filter: { _id: version._id }, replacement: version, upsert: true } })),
      ];
      if (operations.length) await this.versions(collection).bulkWrite(operations, { session, ordered: true });
    }
    await checkpoints.updateOne(
      { _id: projection },
      { $set: { position: checkpoint.position, recordedAt: checkpoint.recordedAt } },
      { upsert: true, session },
    );
  }

  async get<T = Document>(collection: string, id: string, options?: AsOf): Promise<StoredDocument<T> | null> {
    const at = asOfBound(options);
    return this.guard(async () => {
      const version = await this.versions(collection).findOne({ id, fromPosition: { $lte: at } }, { sort: { fromPosition: -1 } });
      return version && version.toPosition > at ? toStored<T>(version) : null;
    });
  }

  async getMany<T = Document>(collection: string, ids: readonly string[], options?: AsOf): Promise<Map<string, StoredDocument<T>>> {
    const at = asOfBound(options);
    const found = new Map<string, StoredDocument<T>>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    const versions = await this.guard(() =>
      this.versions(collection)
        .find({ id: { $in: unique }, fromPosition: { $lte: at }, toPosition: { $gt: at } })
        .toArray(),
    );
    const byId = new Map(versions.map((v) => [v.id, v]));
    // In the order asked, like the embedded store.
    for (const id of unique) {
      const version = byId.get(id);
      if (version) found.set(id, toStored<T>(version));
    }
    return found;
  }

  async find<T = Document>(collection: string, filter: Filter, options: FindOptions = {}): Promise<StoredDocument<T>[]> {
    const declared = await this.declared(collection);
    const query = findQuery(collection, declared, filter, asOfBound(options), options.after);
    if (query === null || options.limit === 0) return [];
    return this.guard(async () => {
      let cursor = this.versions(collection).find(query).sort({ id: 1 });
      if (options.limit !== undefined && options.limit > 0) cursor = cursor.limit(options.limit);
      return (await cursor.toArray()).map((v) => toStored<T>(v));
    });
  }

  async findIndexed(index: string, query: EventIndexQuery): Promise<number[]> {
    if (query.limit < 1) return [];
    const filter = indexedQuery(query);
    return this.guard(async () => {
      const entries = await this.eventIndex(index).find(filter).sort({ position: 1 }).limit(query.limit).toArray();
      return entries.map((entry) => entry.position);
    });
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    const row = await this.guard(() => this.db.collection<CheckpointDocument>('checkpoints').findOne({ _id: projection }));
    return row ? { position: row.position, recordedAt: row.recordedAt } : null;
  }

  /**
   * Compare-and-set on the lease document: the filter matches only a free, lapsed or own lease; when another owner
   * holds it, the upsert collides on `_id` (duplicate key, code 11000) and the answer is false.
   */
  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    try {
      await this.guard(() =>
        this.db
          .collection<LeaseDocument>('leases')
          .updateOne({ _id: name, $or: [{ owner }, { expiresAt: { $lte: now } }] }, { $set: { owner, expiresAt: now + ttlMs } }, { upsert: true }),
      );
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000 || ((error as { cause?: { code?: number } }).cause?.code === 11000)) return false;
      throw error;
    }
  }

  async renewLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const { matchedCount } = await this.guard(() =>
      this.db.collection<LeaseDocument>('leases').updateOne({ _id: name, owner, expiresAt: { $gt: now } }, { $set: { expiresAt: now + ttlMs } }),
    );
    return matchedCount === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.guard(() => this.db.collection<LeaseDocument>('leases').deleteOne({ _id: name, owner }));
  }

  /** Drops its versions collections and event indexes (the driver answers false for one already gone) and its entries. */
  async retire({ name, collections, eventIndexes = [] }: RetiredProjection): Promise<void> {
    await this.guard(async () => {
      for (const index of eventIndexes) await this.eventIndex(index).drop();
      for (const collection of collections) {
        await this.versions(collection).drop();
        await this.db.collection<CollectionDocument>('collections').deleteOne({ _id: collection });
        this.indexes.delete(collection);
      }
      await this.db.collection<CheckpointDocument>('checkpoints').deleteOne({ _id: name });
    });
  }

  /**
   * Empties every versions collection, every event index and the checkpoints; collections and their indexes stay.
   * The checkpoints go last: a reset cut short leaves them, and whoever reset finds the reason to reset again.
   */
  async reset(): Promise<void> {
    await this.guard(async () => {
      const names = await this.db.listCollections({ name: { $regex: '^(versions|eventIndex)\\.' } }, { nameOnly: true }).toArray();
      for (const { name } of names) if (name.startsWith(VERSIONS_PREFIX) || name.startsWith(EVENT_INDEX_PREFIX)) await this.db.collection(name).deleteMany({});
      await this.db.collection('checkpoints').deleteMany({});
    });
  }

  async ping(): Promise<void> {
    await this.guard(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * The read store's collections (versions, event indexes, their catalogue, leases, checkpoints: never another's in a
   * shared database), the checkpoints last, so a drop cut short leaves a store that is seen to need rebuilding.
   */
  async drop(): Promise<void> {
    try {
      await this.guard(async () => {
        const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name).filter(isOwnCollection);
        for (const name of names.filter((name) => name !== 'checkpoints')) await this.db.dropCollection(name);
        if (names.includes('checkpoints')) await this.db.dropCollection('checkpoints');
      });
    } finally {
      await this.close();
    }
  }

  private versions(collection: string): Collection<VersionDocument> {
    return this.db.collection<VersionDocument>(versionsCollection(collection));
  }

  private eventIndex(index: string): Collection<EventIndexDocument> {
    return this.db.collection<EventIndexDocument>(eventIndexCollection(index));
  }

  /** Upserts by `_id`, so a batch applied again (a standalone server's retry) writes the same entries. */
  private async writeEventIndex(session: ClientSession | undefined, index: string, entries: EventIndexDocument[]): Promise<void> {
    if (!this.eventIndexesReady.has(index)) {
      await this.eventIndex(index).createIndex({ key: 1, position: 1 });
      this.eventIndexesReady.add(index);
    }
    if (entries.length === 0) return;
    const operations: AnyBulkWriteOperation<EventIndexDocument>[] = entries.map((entry) => ({ replaceOne: { filter: { _id: entry._id }, replacement: entry, upsert: true } }));
    await this.eventIndex(index).bulkWrite(operations, { session, ordered: false });
  }

  /** Transactions need a replica set or a sharded cluster; asked once per store. */
  private isTransactional(): Promise<boolean> {
    this.transactional ??= this.db
      .admin()
      .command({ hello: 1 })
      .then((hello) => typeof hello.setName === 'string' || hello.msg === 'isdbgrid')
      .catch((error: unknown) => {
        this.transactional = undefined;
        throw error;
      });
    return this.transactional;
  }

  /** The declared fields: this process's, else the ones another process stored (the projector defines, the API reads). */
  private async declared(collection: string): Promise<readonly string[]> {
    const known = this.indexes.get(collection);
    if (known) return known;
    this.loaded ??= this.guard(async () => {
      for (const row of await this.db.collection<CollectionDocument>('collections').find().toArray()) {
        if (!this.indexes.has(row._id)) this.indexes.set(row._id, row.indexes);
      }
    }).finally(() => (this.loaded = undefined));
    await this.loaded;
    return this.indexes.get(collection) ?? [];
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeError(error);
    }
  }
}

/** Connection trouble (no server selected, network error, client closed) is a 503, never a 500. */
function storeError(error: unknown): unknown {
  const name = (error as Error | null)?.name ?? '';
  if (/^Mongo(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|ClientClosed)Error$/.test(name)) {
    return new StoreUnavailable(`MongoDB cannot be reached: ${(error as Error).message}`, error);
  }
  return error;
}

/** The collections a read store writes in its database. */
function isOwnCollection(name: string): boolean {
  return name.startsWith(VERSIONS_PREFIX) || name.startsWith(EVENT_INDEX_PREFIX) || ['collections', 'leases', 'checkpoints'].includes(name);
}
