import { join } from 'node:path';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import type { AppConfig } from '../platform/config/app-config';
import { ensureDataDir } from '../platform/config/data-dir';
import { deploymentOf } from '../platform/stores/read-model-generations';

/** The store of the Merkle log (merkle-log.documents.ts): `DATA_DIR/merkle-log.db`, or its own MongoDB database. */
export const INTEGRITY_STORE = Symbol('IntegrityStore');

export function makeIntegrityStore(config: AppConfig): ReadStore {
  if (config.mongodbUri) {
    // Required here, not imported above: the embedded default never loads the MongoDB driver.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    const { MongoReadStore } = require('@duty-ledger/read-store/mongo/mongo.read-store') as typeof import('@duty-ledger/read-store/mongo/mongo.read-store');
    return new MongoReadStore({ uri: config.mongodbUri, database: integrityDatabaseOf(config) });
  }
  ensureDataDir(config.dataDir);
  return new SqliteReadStore({ file: join(config.dataDir, 'merkle-log.db') });
}

/**
 * The Merkle log's MongoDB database: the deployment's (the URI's database) with `-integrity`, so deployments sharing a
 * server keep their own (`duty-ledger-integrity` by default, as before). One an earlier version wrote under that
 * default name for a deployment of another database is left there; the new one is built from the log, the same heads.
 */
export function integrityDatabaseOf(config: Pick<AppConfig, 'mongodbUri' | 'dataDir'>): string {
  return `${deploymentOf(config)}-integrity`;
}
