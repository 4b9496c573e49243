import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepToOwner } from '@duty-ledger/event-store/sqlite/owner-only';
import { fsyncPath } from '@duty-ledger/read-store/sqlite/fsync-path';
import { isNewerGeneration, type GenerationPointer } from './generation-pointer';

export const POINTER_FILE = 'read-models.generation';

/** Held by a writer of the pointer file: a SQLite database of its own, used for its lock alone. */
export const POINTER_LOCK_FILE = 'read-models.generation.lock';

/** How long a writer waits for another to finish: one write is an fsync and a rename. */
const LOCK_WAIT_MS = 10_000;

/**
 * The embedded stores' pointer: `DATA_DIR/read-models.generation` (absent: the first generation). The processes that
 * share a DATA_DIR are on one machine: readers read the file as it stands (a rename replaces it whole); writers
 * compare and write under one lock, so two rebuilds finishing at once cannot take the pointer back.
 */
export class FileGenerationPointer implements GenerationPointer {
  private readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, POINTER_FILE);
  }

  async inForce(): Promise<string | undefined> {
    return this.read();
  }

  /**
   * Written beside, fsync'd, renamed, and the directory fsync'd: a crash, even of the machine, leaves either the old
   * pointer or the new one, never half of one nor an empty one.
   */
  async putInForce(generation: string): Promise<boolean> {
    mkdirSync(this.dataDir, { recursive: true });
    return this.exclusively(() => {
      if (isNewerGeneration(this.read(), generation)) return false;
      const fd = openSync(`${this.file}.tmp`, 'w', 0o600); // as every file in DATA_DIR (keepToOwner)
      try {
        writeFileSync(fd, `${generation}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(`${this.file}.tmp`, this.file);
      fsyncPath(this.dataDir);
      return true;
    });
  }

  async close(): Promise<void> {}

  private read(): string | undefined {
    return existsSync(this.file) ? readFileSync(this.file, 'utf8').trim() || undefined : undefined;
  }

  /**
   * `body` while this process alone writes the pointer: SQLite's write lock on the lock file (BEGIN IMMEDIATE), an
   * operating-system lock that a process killed while holding it gives back with its descriptors.
   */
  private exclusively<T>(body: () => T): T {
    const file = join(this.dataDir, POINTER_LOCK_FILE);
    const lock = new Database(file, { timeout: LOCK_WAIT_MS });
    keepToOwner(file);
    try {
      lock.exec('BEGIN IMMEDIATE');
      try {
        return body();
      } finally {
        lock.exec('ROLLBACK');
      }
    } finally {
      lock.close();
    }
  }
}
