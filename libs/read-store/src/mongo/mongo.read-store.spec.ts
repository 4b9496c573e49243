import type { MongoClient } from 'mongodb';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { describeReadStoreContract } from '@duty-ledger/testing/read-store.contract';
import { MongoReadStore } from './mongo.read-store';

type Row = Record<string, unknown> & { _id: string };
type Query = Record<string, unknown>;

const path = (row: Row, key: string): unknown => key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], row);

/** Equality as MongoDB has it for our scalars: by type (1, "1" and true differ), arrays by membership. */
function equals(value: unknown, wanted: unknown): boolean {
  return Array.isArray(value) ? value.some((v) => v === wanted) : value === wanted;
}

function matches(row: Row, query: Query): boolean {
  return Object.entries(query).every(([key, condition]) => {
    if (key === '$or') return (condition as unknown as Query[]).some((branch) => matches(row, branch));
    const value = path(row, key);
    if (condition === null || typeof condition !== 'object') return equals(value, condition);
    return Object.entries(condition).every(([op, operand]) => {
      switch (op) {
        case '$in':
          return (operand as unknown[]).some((o) => equals(value, o));
        case '$lte':
          return (value as number) <= (operand as number);
        case '$gt':
          return typeof value === typeof operand && (value as string) > (operand as string);
        case '$gte':
          return (value as number) >= (operand as number);
        default:
          throw new Error(`fake MongoDB: no ${op}`);
      }
    });
  });
}

/**
 * An in-memory stand-in for the few MongoDB driver calls the adapter makes (find/findOne with our query
 * operators, bulkWrite of replaceOne/deleteOne, upserting updateOne, drop, sessions). It runs the adapter's own
 * logic — the version plan, as-of queries, checkpoints — without a server; it proves nothing about the server.
 */
class FakeMongo {
  readonly collections = new Map<string, Map<string, Row>>();
  constructor(private readonly replicaSet: boolean) {}

  private rows(name: string): Map<string, Row> {
    let rows = this.collections.get(name);
    if (!rows) this.collections.set(name, (rows = new Map()));
    return rows;
  }

  db() {
    const collection = (name: string) => {
      const rows = () => this.rows(name);
      const select = (query: Query) => [...rows().values()].filter((row) => matches(row, query)).map((row) => structuredClone(row));
      const cursor = (found: Row[]) => {
        const api = {
          sort: (spec: Record<string, 1 | -1>) => {
            const [[key, direction]] = Object.entries(spec);
            found.sort((a, b) => ((path(a, key) as number) < (path(b, key) as number) ? -direction : direction));
            return api;
          },
          limit: (n: number) => {
            found.splice(n);
            return api;
          },
          toArray: async () => found,
        };
        return api;
      };
      return {
        createIndex: async () => 'index',
        find: (query: Query = {}) => cursor(select(query)),
        findOne: async (query: Query, options?: { sort?: Record<string, 1 | -1> }) => {
          const found = cursor(select(query));
          if (options?.sort) found.sort(options.sort);
          return (await found.toArray())[0] ?? null;
        },
        updateOne: async (filter: Query & { _id: string }, update: { $set: Record<string, unknown> }, options?: { upsert?: boolean }) => {
          const row = rows().get(filter._id);
          if (row && matches(row, filter)) {
            Object.assign(row, structuredClone(update.$set));
            return { matchedCount: 1, upsertedCount: 0 };
          }
          // As MongoDB: an upsert whose filter misses a document that has the same _id collides on the unique _id.
          if (row && options?.upsert) throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
          if (!options?.upsert) return { matchedCount: 0, upsertedCount: 0 };
          rows().set(filter._id, { _id: filter._id, ...structuredClone(update.$set) });
          return { matchedCount: 0, upsertedCount: 1 };
        },
        deleteOne: async (filter: Query & { _id: string }) => {
          const row = rows().get(filter._id);
          if (row && matches(row, filter)) rows().delete(filter._id);
        },
        bulkWrite: async (operations: ({ replaceOne: { filter: { _id: string }; replacement: Row } } | { deleteOne: { filter: { _id: string } } })[]) => {
          for (const operation of operations) {
            if ('replaceOne' in operation) rows().set(operation.replaceOne.filter._id, structuredClone(operation.replaceOne.replacement));
            else rows().delete(operation.deleteOne.filter._id);
          }
        },
        deleteMany: async () => rows().clear(),
        // As the driver: false when there was no such collection, not an error.
        drop: async () => this.collections.delete(name),
      };
    };
    return {
      collection,
      listCollections: () => ({ toArray: async () => [...this.collections.keys()].map((name) => ({ name })) }),
      command: async () => ({ ok: 1 }),
      admin: () => ({ command: async () => (this.replicaSet ? { setName: 'rs0' } : { isWritablePrimary: true }) }),
    };
  }

  startSession() {
    return { withTransaction: async (work: () => Promise<unknown>) => work(), endSession: async () => undefined };
  }

  async close(): Promise<void> {}
}

const over = (fake: FakeMongo) => new MongoReadStore({ uri: 'mongodb://unused/db', client: fake as unknown as MongoClient });

describeReadStoreContract('MongoReadStore over an in-memory fake of the driver (replica set: transactional path)', async () => over(new FakeMongo(true)));
describeReadStoreContract('MongoReadStore over an in-memory fake of the driver (standalone: idempotent path)', async () => over(new FakeMongo(false)));

describe('MongoReadStore beyond the port', () => {
  it('when versions are stored, then each is one document keyed <collection>:<id>:<fromPosition> with the open sentinel', async () => {
    const fake = new FakeMongo(false);
    const store = over(fake);
    await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
    await store.apply('p', [{ position: 3, recordedAt: 'r3', changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], { position: 3, recordedAt: 'r3' });
    await store.apply('p', [{ position: 5, recordedAt: 'r5', changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u2' } }] }], { position: 5, recordedAt: 'r5' });
    expect([...fake.collections.get('versions.duties')!.values()]).toEqual([
      { _id: 'duties:d1:3', id: 'd1', fromPosition: 3, toPosition: 5, fromRecordedAt: 'r3', toRecordedAt: 'r5', doc: { unitId: 'u1' } },
      { _id: 'duties:d1:5', id: 'd1', fromPosition: 5, toPosition: Number.MAX_SAFE_INTEGER, fromRecordedAt: 'r5', toRecordedAt: null, doc: { unitId: 'u2' } },
    ]);
    expect(fake.collections.get('checkpoints')!.get('p')).toEqual({ _id: 'p', position: 5, recordedAt: 'r5' });
  });

  it('when a standalone server was interrupted mid-batch, then applying the batch again converges to the same versions', async () => {
    const fake = new FakeMongo(false);
    const store = over(fake);
    await store.defineCollections([{ name: 'duties', indexes: [] }]);
    const batch = [
      { position: 2, recordedAt: 'r2', changes: [{ collection: 'duties', id: 'd1', doc: { n: 1 } }] },
      { position: 4, recordedAt: 'r4', changes: [{ collection: 'duties', id: 'd1', doc: { n: 2 } }] },
    ];
    await store.apply('p', batch, { position: 4, recordedAt: 'r4' });
    const done = structuredClone([...fake.collections.get('versions.duties')!.values()]);
    // As if the checkpoint write had been lost: the batch comes again.
    fake.collections.get('checkpoints')!.clear();
    await store.apply('p', batch, { position: 4, recordedAt: 'r4' });
    expect([...fake.collections.get('versions.duties')!.values()]).toEqual(done);
  });

  it('when another process declared the collections, then find knows their fields from the store', async () => {
    const fake = new FakeMongo(true);
    await over(fake).defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
    const reader = over(fake);
    await expect(reader.find('duties', { unitId: 'u1' })).resolves.toEqual([]);
    await expect(reader.find('duties', { title: 'x' })).rejects.toThrow(/not a declared index field/);
  });

  it('when the server cannot be reached, then calls fail with StoreUnavailable', async () => {
    const store = new MongoReadStore({ uri: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200' });
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.get('duties', 'd1')).rejects.toBeInstanceOf(StoreUnavailable);
    await store.close();
  }, 10_000);
});
