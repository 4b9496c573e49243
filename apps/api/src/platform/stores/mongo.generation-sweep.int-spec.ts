import { loadConfig } from '../config/load-config';
import { newGenerationName } from './generation-pointer';
import { deploymentOf, mongoDatabaseOf } from './read-model-generations';
import { REBUILD_LEASE, leaseOwner } from './rebuild-lease';

const uri = process.env.MONGODB_URI;
if (uri) {
  // Loaded only here: without a server the driver is never required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoClient } = require('mongodb') as typeof import('mongodb');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoGenerationPointer } = require('./mongo.generation-pointer') as typeof import('./mongo.generation-pointer');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sweepMongoGenerations } = require('./mongo.generation-sweep') as typeof import('./mongo.generation-sweep');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { makeReadStore } = require('./stores.module') as typeof import('./stores.module');

  describe('sweepMongoGenerations', () => {
    const url = new URL(uri);
    url.pathname = `/dl-sweep-${Date.now().toString(36)}`;
    const config = loadConfig({ MONGODB_URI: url.toString(), GENERATION_POLL_MS: '50', LOG_LEVEL: 'silent' });
    const [older, inForce, building, left, legacy, foreign] = [1, 2, 3, 4, 5, 6].map((day) => newGenerationName(Date.UTC(2001, 0, day)));
    const all = [older, inForce, building, left, legacy, foreign];
    const ours = (ttlMs: number) => ({ owner: leaseOwner('rebuild', deploymentOf(config)), ttlMs });
    const at = '2025-01-01T00:00:01.000Z';

    async function written(generation: string, lease?: { owner: string; ttlMs: number }): Promise<void> {
      const store = makeReadStore(config, generation);
      try {
        if (lease) expect(await store.acquireLease(REBUILD_LEASE, lease.owner, lease.ttlMs)).toBe(true);
        await store.defineCollections([{ name: 'people', indexes: [] }]);
        await store.apply('people', [{ position: 1, recordedAt: at, changes: [{ collection: 'people', id: 'p1', doc: { name: 'A' } }] }], { position: 1, recordedAt: at });
      } finally {
        await store.close();
      }
    }

    async function databases(): Promise<string[]> {
      const client = new MongoClient(uri!);
      try {
        const names = (await client.db().admin().listDatabases({ nameOnly: true })).databases.map(({ name }) => name);
        return all.map(mongoDatabaseOf).filter((name) => names.includes(name));
      } finally {
        await client.close();
      }
    }

    afterAll(async () => {
      const client = new MongoClient(uri!);
      try {
        for (const name of [url.pathname.slice(1), ...all.map(mongoDatabaseOf)]) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    });

    it('drops what dead processes of this deployment left (an older generation a switch replaced, a newer one whose rebuild lease lapsed), never the one in force, a rebuild under way, nor a database it cannot tell as its own', async () => {
      await written(older, ours(1));
      await written(inForce, ours(1));
      await written(building, ours(60_000));
      await written(left, ours(1));
      await written(legacy); // an earlier version's rebuild took no lease
      await written(foreign, { owner: leaseOwner('rebuild', 'another-deployment'), ttlMs: 1 });
      const pointer = new MongoGenerationPointer({ uri: config.mongodbUri! });
      try {
        expect(await pointer.putInForce(inForce)).toBe(true);
        // Just switched: the replaced one stays until every process can have moved off it.
        expect(await sweepMongoGenerations(config, inForce)).toEqual([{ generation: left, why: 'abandoned' }]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await sweepMongoGenerations(config, inForce)).toEqual([{ generation: older, why: 'replaced' }]);
        expect(await databases()).toEqual([inForce, building, legacy, foreign].map(mongoDatabaseOf));
      } finally {
        await pointer.close();
      }
    });
  });
} else {
  const reason = 'MONGODB_URI is not set, so there is no MongoDB server to sweep generations in';
  console.info(`sweepMongoGenerations skipped: ${reason}`);
  describe.skip('sweepMongoGenerations', () => {
    it(`skipped: ${reason}`, () => undefined);
  });
}
