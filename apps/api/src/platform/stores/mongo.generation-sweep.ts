import { MongoClient } from 'mongodb';
import { VERSIONS_PREFIX } from '@duty-ledger/read-store/mongo/mongo.versions';
import type { AppConfig } from '../config/app-config';
import { MongoGenerationPointer } from './mongo.generation-pointer';
import { deploymentOf, mongoDatabaseOf, sweepCandidates, type SweptGeneration } from './read-model-generations';
import { REBUILD_LEASE, leaseOwner, ownedBy } from './rebuild-lease';
import { makeReadStore } from './stores.module';

const GENERATION_DATABASE = /^duty-ledger-(g[0-9a-z]+)$/;

/**
 * The MongoDB sweep (read-model-generations.ts says which generations it may take): the generations of this deployment
 * with a database (`duty-ledger-<generation>` whose rebuild lease names the deployment: several may share a server,
 * and a database an earlier version left, with no lease, is left alone) and the first, unnamed one while the URI's
 * database holds its collections. Each is claimed before it is dropped: its rebuild lease taken (REBUILD_LEASE),
 * which only a lease that lapsed gives up, so a rebuild under way in any process keeps its generation, and one that
 * wakes after losing it stops (rebuild-lease.ts).
 */
export async function sweepMongoGenerations(config: AppConfig, inForce: string | undefined): Promise<SweptGeneration[]> {
  const deployment = deploymentOf(config);
  const client = new MongoClient(config.mongodbUri!);
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true, authorizedDatabases: true });
    const found: (string | undefined)[] = [];
    for (const { name } of databases) {
      const generation = GENERATION_DATABASE.exec(name)?.[1];
      const owner = generation === undefined ? undefined : await leaseOwnerOf(client, generation);
      if (owner !== undefined && ownedBy(owner, deployment)) found.push(generation);
    }
    const firstCollections = await client.db(deployment).listCollections({}, { nameOnly: true }).toArray();
    if (firstCollections.some(({ name }) => name === 'checkpoints' || name.startsWith(VERSIONS_PREFIX))) found.push(undefined);
    const pointed = await new MongoGenerationPointer({ uri: config.mongodbUri!, client }).inForceSince();
    // Replaced generations go once every replica has moved off them: three looks at the pointer after the switch.
    const settled = pointed !== undefined && pointed.generation === inForce && Date.now() - pointed.since.getTime() >= 3 * config.generationPollMs;
    const swept: SweptGeneration[] = [];
    for (const candidate of sweepCandidates(found, inForce, settled)) if (await claimAndDrop(config, candidate.generation)) swept.push(candidate);
    return swept;
  } finally {
    await client.close();
  }
}

/** Who holds, or last held, a generation's rebuild lease. */
async function leaseOwnerOf(client: MongoClient, generation: string): Promise<string | undefined> {
  const lease = await client.db(mongoDatabaseOf(generation)).collection<{ _id: string; owner: string }>('leases').findOne({ _id: REBUILD_LEASE });
  return lease?.owner;
}

/** Drops the generation if its rebuild lease can be taken (it lapsed, or was never taken); leaves it otherwise. */
async function claimAndDrop(config: AppConfig, generation: string | undefined): Promise<boolean> {
  const store = makeReadStore(config, generation);
  let claimed = false;
  try {
    claimed = await store.acquireLease(REBUILD_LEASE, leaseOwner('sweep', deploymentOf(config)), config.rebuildLeaseMs);
    if (claimed) await store.drop(); // closes it, failing or not
    return claimed;
  } finally {
    if (!claimed) await store.close();
  }
}
