import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath } from '@duty-ledger/read-store/sqlite/fsync-path';
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

/** The MongoDB database of a generation. */
export function mongoDatabaseOf(generation: string | undefined): string {
  return generation ? `duty-ledger-${generation}` : 'duty-ledger';
}

