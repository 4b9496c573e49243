import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { keepToOwner } from '@duty-ledger/event-store/sqlite/owner-only';

/**
 * What a generation being rebuilt stages until its seal (./event-index.ts) lives in a database of its own beside the
 * file, attached as `staging`: its pages never enter the generation's file, which the seal would leave holding them
 * as free pages (~12% of a file rebuilt from a million events), and it is deleted once settled.
 */
export const STAGING_SUFFIX = '-staging';

/** Attached like the file it serves while rebuilding: journal in memory, commits not waiting for the disk. */
export function attachStaging(db: Database.Database, file: string): void {
  db.prepare('ATTACH DATABASE ? AS staging').run(file === ':memory:' ? ':memory:' : file + STAGING_SUFFIX);
  if (file !== ':memory:') keepToOwner(file + STAGING_SUFFIX);
  db.pragma('staging.journal_mode = MEMORY');
  db.pragma('staging.synchronous = OFF');
}

/** Once settled, outside any transaction. */
export function detachStaging(db: Database.Database, file: string): void {
  db.exec('DETACH DATABASE staging');
  if (file !== ':memory:') rmSync(file + STAGING_SUFFIX, { force: true });
}
