import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { sqliteCode } from '@duty-ledger/event-store/sqlite/sqlite-errors';

const HEADER_BYTES = 100;
const MAGIC = 'SQLite format 3\u0000';
/** Header offset 18, the file format's write version: 1 for a rollback journal, 2 for WAL. */
const WRITE_VERSION = 18;
const ROLLBACK_JOURNAL = 1;

/**
 * Whether `file` is a read store a rebuild left unfinished: still unsealed (a rebuild writes its generation with a
 * rollback journal and puts it in WAL mode only when sealing it: ./sqlite.read-store.ts), and held by no connection (an
 * unsealed store keeps an exclusive lock from its first write until it is sealed or closed, in whichever process).
 * A file still being created, sealed, or not SQLite's is not.
 */
export function isAbandonedBuild(file: string): boolean {
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) return false;
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, MAGIC.length) !== MAGIC || header[WRITE_VERSION] !== ROLLBACK_JOURNAL) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return true;
  } catch (error) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error))) return false;
    throw error;
  } finally {
    db.close();
  }
}
