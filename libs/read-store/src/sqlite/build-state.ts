import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { sqliteCode } from '@duty-ledger/event-store/sqlite/sqlite-errors';

const HEADER_BYTES = 100;
const MAGIC = 'SQLite format 3\u0000';
/** Header offset 18, the file format's write version: 1 for a rollback journal, 2 for WAL. */
const WRITE_VERSION = 18;
const ROLLBACK_JOURNAL = 1;
const WAL = 2;

/**
 * Where a read store's file stands in a rebuild's life. A rebuild writes its generation with a rollback journal and
 * puts it in WAL mode only when sealing it (./sqlite.read-store.ts), and an unsealed store keeps an exclusive lock from
 * its first write until it is sealed or closed, in whichever process:
 * - `sealed`: in WAL mode, as every store in use or ready to be put in force;
 * - `building`: unsealed and held by a connection, a rebuild under way;
 * - `abandoned`: unsealed and held by none, a rebuild that died or was killed;
 * - `unknown`: not SQLite's, or still being created (no header yet).
 */
export type BuildState = 'sealed' | 'building' | 'abandoned' | 'unknown';

export function buildState(file: string): BuildState {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) return 'unknown';
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, MAGIC.length) !== MAGIC) return 'unknown';
  if (header[WRITE_VERSION] === WAL) return 'sealed';
  if (header[WRITE_VERSION] !== ROLLBACK_JOURNAL) return 'unknown';
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return 'abandoned';
  } catch (error) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error))) return 'building';
    throw error;
  } finally {
    db.close();
  }
}
