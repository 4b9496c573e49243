import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseOf } from '@duty-ledger/read-store/mongo/mongo.versions';
import { buildState, type BuildState } from '@duty-ledger/read-store/sqlite/build-state';
import { removeDatabaseFiles } from '@duty-ledger/read-store/sqlite/remove-database-files';
import type { AppConfig } from '../config/app-config';
import { generationAge } from './generation-pointer';

/**
 * Read models live in generations: a rebuild builds the next one beside the one in force and switches when it has
 * caught up. Which one is in force, the generation pointer says (generation-pointer.ts).
 */
const FIRST_GENERATION_FILE = 'read-models.db';

export function sqliteFileOf(config: AppConfig, generation: string | undefined): string {
  return join(config.dataDir, generation ? `read-models.${generation}.db` : FIRST_GENERATION_FILE);
}

const GENERATION_FILE = /^read-models\.(g[0-9a-z]+)\.db$/;

/** A generation the sweep deleted, and why: a rebuild left it unfinished, or one in force began after it. */
export interface SweptGeneration {
  generation: string | undefined;
  why: 'abandoned' | 'replaced';
}

/**
 * Deletes the generations nothing will read again, never the one in force nor one a rebuild is building: the embedded
 * ones by their files' state (below), the MongoDB ones by their rebuild leases (./mongo.generation-sweep.ts).
 */
export async function sweepGenerations(config: AppConfig, inForce: string | undefined): Promise<SweptGeneration[]> {
  if (config.mongodbUri) {
    // Required here, not imported above: the embedded default never loads the MongoDB driver.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    const { sweepMongoGenerations } = require('./mongo.generation-sweep') as typeof import('./mongo.generation-sweep');
    return sweepMongoGenerations(config, inForce);
  }
  return sweepEmbeddedGenerations(config, inForce);
}

/**
 * Which of the generations found beside the one in force a sweep of MongoDB read models may claim, oldest first:
 * - `replaced`: older than the one in force, once `replacedSettled` (every process has had time to move off it) — the
 *   process that switched died before dropping it;
 * - `abandoned`: newer than the one in force — being built, or left by a rebuild that died: the claim of its rebuild
 *   lease, which a live rebuild keeps renewed, tells which.
 */
export function sweepCandidates(found: readonly (string | undefined)[], inForce: string | undefined, replacedSettled: boolean): SweptGeneration[] {
  const candidates: SweptGeneration[] = [];
  // By age, not sorted as they are: a sort puts `undefined` (the first generation) last whatever it is told.
  const byAge = [...new Set(found)].map((generation) => ({ generation, age: generationAge(generation) })).sort((a, b) => a.age - b.age);
  const inForceAge = generationAge(inForce);
  for (const { generation, age } of byAge) {
    if (generation === inForce) continue;
    if (age > inForceAge) candidates.push({ generation, why: 'abandoned' });
    else if (replacedSettled) candidates.push({ generation, why: 'replaced' });
  }
  return candidates;
}

/**
 * Deletes the embedded generations nothing will read again, never the one in force:
 * - `abandoned`: unsealed and held by no connection, in any process (a rebuild died during it);
 * - `replaced`: sealed and older than the one in force (the process died between putting a new generation in force
 *   and dropping the one before, or between sealing one and putting it in force, and a later rebuild has switched).
 * A sealed generation newer than the one in force may be switching to in another process: kept until a later one is
 * in force. A rebuild under way is never deleted, nor a file that cannot be probed. Returns what it deleted.
 */
function sweepEmbeddedGenerations(config: AppConfig, inForce: string | undefined): SweptGeneration[] {
  if (!existsSync(config.dataDir)) return [];
  const swept: SweptGeneration[] = [];
  for (const name of readdirSync(config.dataDir)) {
    const generation = GENERATION_FILE.exec(name)?.[1];
    if ((!generation && name !== FIRST_GENERATION_FILE) || generation === inForce) continue;
    const file = join(config.dataDir, name);
    let state: BuildState;
    try {
      state = buildState(file);
    } catch {
      continue;
    }
    const why = state === 'abandoned' ? 'abandoned' : state === 'sealed' && generationAge(generation) < generationAge(inForce) ? 'replaced' : undefined;
    if (!why) continue;
    removeDatabaseFiles(file);
    swept.push({ generation, why });
  }
  return swept;
}

/** What the API and the CLI log of each generation the sweep deleted. */
export function describeSwept({ generation, why }: SweptGeneration): string {
  const name = generation ?? 'the first (unnamed)';
  return `deleted generation ${name}: ${why === 'abandoned' ? 'a rebuild left it unfinished' : 'replaced by the one in force'}`;
}

/**
 * The deployment whose read models these are, as a rebuild's lease names it (rebuild-lease.ts): the MongoDB database of
 * the first generation, where the pointer lives too, or the embedded stores' DATA_DIR.
 */
export function deploymentOf(config: Pick<AppConfig, 'mongodbUri' | 'dataDir'>): string {
  return config.mongodbUri ? (databaseOf(config.mongodbUri) ?? 'duty-ledger') : config.dataDir;
}

/** The MongoDB database of a generation. */
export function mongoDatabaseOf(generation: string | undefined): string {
  return generation ? `duty-ledger-${generation}` : 'duty-ledger';
}

