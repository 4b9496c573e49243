import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildState, type BuildState } from '@duty-ledger/read-store/sqlite/build-state';
import { fsyncPath } from '@duty-ledger/read-store/sqlite/fsync-path';
import { removeDatabaseFiles } from '@duty-ledger/read-store/sqlite/remove-database-files';
import type { AppConfig } from '../config/app-config';

/**
 * Read models live in generations: a rebuild builds the next one beside the one in force and switches when it has
 * caught up. The generation in force is named in `DATA_DIR/read-models.generation` (absent: the first, unnamed one).
 */
const POINTER = 'read-models.generation';
const FIRST_GENERATION_FILE = 'read-models.db';

export function generationInForce(config: AppConfig): string | undefined {
  const file = join(config.dataDir, POINTER);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/**
 * Written beside, fsync'd, renamed, and the directory fsync'd: a crash, even of the machine, leaves either the old
 * pointer or the new one, never half of one nor an empty one.
 */
export function putGenerationInForce(config: AppConfig, generation: string): void {
  const file = join(config.dataDir, POINTER);
  const fd = openSync(`${file}.tmp`, 'w');
  try {
    writeFileSync(fd, `${generation}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
  fsyncPath(config.dataDir);
}

export function sqliteFileOf(config: AppConfig, generation: string | undefined): string {
  return join(config.dataDir, generation ? `read-models.${generation}.db` : FIRST_GENERATION_FILE);
}

const GENERATION_FILE = /^read-models\.(g[0-9a-z]+)\.db$/;

/**
 * A generation is named `g` and the base-36 milliseconds at which its rebuild began (`newGenerationName`), so names
 * order generations by age; the first, unnamed one is older than any.
 */
export function newGenerationName(now: number): string {
  return `g${now.toString(36)}`;
}

function age(generation: string | undefined): number {
  return generation === undefined ? -Infinity : parseInt(generation.slice(1), 36);
}

/** A generation the sweep deleted, and why: a rebuild left it unfinished, or one in force began after it. */
export interface SweptGeneration {
  generation: string | undefined;
  why: 'abandoned' | 'replaced';
}

/**
 * Deletes the embedded generations nothing will read again, never the one in force:
 * - `abandoned`: unsealed and held by no connection, in any process (a rebuild died during it);
 * - `replaced`: sealed and older than the one in force (the process died between putting a new generation in force
 *   and dropping the one before, or between sealing one and putting it in force, and a later rebuild has switched).
 * A sealed generation newer than the one in force may be switching to in another process: kept until a later one is
 * in force. A rebuild under way is never deleted, nor a file that cannot be probed. Returns what it deleted.
 */
export function sweepGenerations(config: AppConfig): SweptGeneration[] {
  if (config.mongodbUri || !existsSync(config.dataDir)) return [];
  const inForce = generationInForce(config);
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
    const why = state === 'abandoned' ? 'abandoned' : state === 'sealed' && age(generation) < age(inForce) ? 'replaced' : undefined;
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

/** The MongoDB database of a generation. */
export function mongoDatabaseOf(generation: string | undefined): string {
  return generation ? `duty-ledger-${generation}` : 'duty-ledger';
}

