import { rmSync } from 'node:fs';

/** Deletes a closed SQLite database: its file, and the WAL and shared-memory files beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
