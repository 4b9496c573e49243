import type Database from 'better-sqlite3';
import { StoreUnavailable } from '../event-store.port';
import { sqliteCode } from './sqlite-errors';

/**
 * Resolves once no other connection to the log's file is inside a write transaction that began before the call: a
 * writer stamps its batch's record time inside the write lock and holds it until its commit (./sqlite-log-writer.ts),
 * so taking the lock once, empty, waits out every batch stamped so far. Tried without blocking, every millisecond, so
 * the event loop keeps running; a lock held past the connection's busy timeout is StoreUnavailable, as a write would be.
 */
export async function otherWritersSettled(db: Database.Database): Promise<void> {
  const timeoutMs = db.pragma('busy_timeout', { simple: true }) as number;
  const deadline = Date.now() + timeoutMs;
  while (!takeWriteLockOnce(db, timeoutMs)) {
    if (Date.now() >= deadline) throw new StoreUnavailable(`another connection has held the event log's write lock for over ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** False while another connection holds the write lock. A file this connection cannot write is written by nobody through it: true. */
function takeWriteLockOnce(db: Database.Database, busyTimeout: number): boolean {
  db.pragma('busy_timeout = 0'); // SQLite's busy handler would sleep, and the event loop with it
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('COMMIT'); // nothing written: no page and no fsync
    return true;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    return !/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error));
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
