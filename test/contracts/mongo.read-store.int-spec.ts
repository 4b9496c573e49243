import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { describeReadStoreContract } from '@duty-ledger/testing/read-store.contract';

// The ReadStore contract against a real MongoDB, e.g. MONGODB_URI='mongodb://localhost:27017/?directConnection=true'
// (docker compose --profile servers up: its replica set names its member mongodb:27017, which the host cannot resolve).
// A replica set exercises the transactional path; a standalone server the idempotent one.
const uri = process.env.MONGODB_URI;

if (uri) {
  jest.setTimeout(30_000);
  // Loaded only here: without a server the driver is never required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoReadStore } = require('@duty-ledger/read-store/mongo/mongo.read-store') as typeof import('@duty-ledger/read-store/mongo/mongo.read-store');
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let n = 0;
  // A database of its own per test (dropped after it), so every test starts empty and runs may overlap.
  const databases = new WeakMap<ReadStore, string>();
  describeReadStoreContract(
    'MongoDB',
    async () => {
      const database = `dl-contract-${run}-${++n}`;
      const store = new MongoReadStore({ uri, database });
      databases.set(store, database);
      return store;
    },
    async (store) => {
      const { MongoClient } = require('mongodb') as typeof import('mongodb'); // eslint-disable-line @typescript-eslint/no-require-imports
      const client = new MongoClient(uri);
      try {
        await client.db(databases.get(store)).dropDatabase();
      } finally {
        await client.close();
        await store.close();
      }
    },
  );

  describe('MongoDB read store: drop', () => {
    it('when dropped, then its own collections are gone, checkpoints included, and another collection of the database stays', async () => {
      const { MongoClient } = require('mongodb') as typeof import('mongodb'); // eslint-disable-line @typescript-eslint/no-require-imports
      const database = `dl-contract-${run}-drop`;
      const client = new MongoClient(uri);
      try {
        await client.db(database).collection('someone-else').insertOne({ kept: true });
        const store = new MongoReadStore({ uri, database });
        await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
        await store.applyAll([
          {
            projection: 'p',
            batch: [{ position: 1, recordedAt: '2025-01-01T00:00:01.000Z', changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }],
            indexed: { index: 'audit', entries: [{ position: 1, recordedAt: '2025-01-01T00:00:01.000Z', type: 'DutyAssigned', keys: ['d1'] }] },
            checkpoint: { position: 1, recordedAt: '2025-01-01T00:00:01.000Z' },
          },
        ]);
        await store.acquireLease('p', 'me', 60_000);

        await store.drop();
        const left = (await client.db(database).listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name);
        expect(left).toEqual(['someone-else']);
      } finally {
        await client.db(database).dropDatabase();
        await client.close();
      }
    });
  });
} else {
  const reason = 'MONGODB_URI is not set, so there is no MongoDB server to run the ReadStore contract against';
  console.info(`ReadStore contract for MongoDB skipped: ${reason}`);
  describe.skip('ReadStore contract: MongoDB', () => {
    it(`skipped: ${reason}`, () => undefined);
  });
}
