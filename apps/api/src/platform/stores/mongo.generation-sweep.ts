import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { VERSIONS_PREFIX, databaseOf } from '@duty-ledger/read-store/mongo/mongo.versions';
import { REBUILD_LEASE } from './rebuild-lease';
import type { AppConfig } from '../config/app-config';
import { MongoGenerationPointer } from './mongo.generation-pointer';
import { sweepCandidates, type SweptGeneration } from './read-model-generations';
import { makeReadStore } from './stores.module';

const GENERATION_DATABASE = /^duty-ledger-(g[0-9a-z]+)$/;

/**
 * The MongoDB sweep (read-model-generations.ts says which generations it may take): every generation with a database
 * (`duty-ledger-<generation>`) and the first, unnamed one while the URI's database holds its collections. Each is
 * claimed before it is dropped: its rebuild lease taken (REBUILD_LEASE), which only a lease that lapsed gives up, so
 * a rebuild under way in any process keeps its generation, and one that wakes after losing it stops (rebuild-lease.ts).
 */
export async function sweepMongoGenerations(config: AppConfig, inForce: string | undefined): Promise<SweptGeneration[]> {
  const uri = config.mongodbUri!;
  const client = new MongoClient(uri);
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true, authorizedDatabases: true });
    const found: (string | undefined)[] = databases.map(({ name }) => GENERATION_DATABASE.exec(name)?.[1]).filter((g): g is string => g !== undefined);
    const firstDatabase = client.db(databaseOf(uri) ?? 'duty-ledger');
    const firstCollections = await firstDatabase.listCollections({}, { nameOnly: true }).toArray();
    if (firstCollections.some(({ name }) => name === 'checkpoints' || name.startsWith(VERSIONS_PREFIX))) found.push(undefined);
    const pointed = await new MongoGenerationPointer({ uri, client }).inForceSince();
    // Replaced generations go once every replica has moved off them: three looks at the pointer after the switch.
    const settled = pointed !== undefined && pointed.generation === inForce && Date.now() - pointed.since.getTime() >= 3 * config.generationPollMs;
    const swept: SweptGeneration[] = [];
    for (const candidate of sweepCandidates(found, inForce, settled)) if (await claimAndDrop(config, candidate.generation)) swept.push(candidate);
    return swept;
  } finally {
    await client.close();
  }
}

/** Drops the generation if its rebuild lease can be taken (it lapsed, or was never taken); leaves it otherwise. */
async function claimAndDrop(config: AppConfig, generation: string | undefined): Promise<boolean> {
  const store = makeReadStore(config, generation);
  if (!(await store.acquireLease(REBUILD_LEASE, `sweep-${randomUUID()}`, config.rebuildLeaseMs))) {
    await store.close();
    return false;
  }
  await store.drop(); // closes it
  return true;
}
