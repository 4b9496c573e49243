import { rmSync } from 'node:fs';
import { STAGING_SUFFIX } from './staging-database';

/** Deletes a closed read store: its file, the WAL and shared-memory files beside it, and a rebuild's staging database. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', STAGING_SUFFIX]) rmSync(file + suffix, { force: true });
}
