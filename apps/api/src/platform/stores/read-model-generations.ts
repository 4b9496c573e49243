import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAbandonedBuild } from '@duty-ledger/read-store/sqlite/abandoned-build';
import { fsyncPath } from '@duty-ledger/read-store/sqlite/fsync-path';
import { removeDatabaseFiles } from '@duty-ledger/read-store/sqlite/remove-database-files';
import type { AppConfig } from '../config/app-config';

/**
 * Read models live in generations: a rebuild builds the next one beside the one in force and switches when it has
 * caught up. The generation in force is named in `DATA_DIR/read-models.generation` (absent: the first, unnamed one).
 */
const POINTER = 'read-models.generation';

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
  return join(config.dataDir, generation ? `read-models.${generation}.db` : 'read-models.db');
}

const GENERATION_FILE = /^read-models\.(g[0-9a-z]+)\.db$/;

/**
 * Deletes the embedded generations rebuilds left unfinished (the machine or the process died during one): those
 * still unsealed that no connection holds, in any process; never the one in force, nor one being built or switched
 * to. Returns the generations deleted. A file that cannot be probed is left where it is.
 */
export function sweepAbandonedBuilds(config: AppConfig): string[] {
  if (config.mongodbUri || !existsSync(config.dataDir)) return [];
  const inForce = generationInForce(config);
  const swept: string[] = [];
  for (const name of readdirSync(config.dataDir)) {
    const generation = GENERATION_FILE.exec(name)?.[1];
    if (!generation || generation === inForce) continue;
    const file = join(config.dataDir, name);
    try {
      if (!isAbandonedBuild(file)) continue;
    } catch {
      continue;
    }
    removeDatabaseFiles(file);
    swept.push(generation);
  }
  return swept;
}

/** The MongoDB database of a generation. */
export function mongoDatabaseOf(generation: string | undefined): string {
  return generation ? `duty-ledger-${generation}` : 'duty-ledger';
}

