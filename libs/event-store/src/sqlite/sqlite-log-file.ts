import Database from 'better-sqlite3';
import { StoreUnavailable } from '../event-store.port';
import { keepToOwner } from './owner-only';
import { storeError } from './sqlite-errors';
import { EVENT_LOG_SCHEMA } from './sqlite.schema';

/** A connection to the log's file (or `:memory:`), durable at every commit, the schema in place. */
export function openLogFile(file: string, busyTimeoutMs = 5_000): Database.Database {
  try {
    const db = new Database(file);
    keepToOwner(file);
    db.pragma('journal_mode = WAL');
    // FULL fsyncs the WAL at every commit: NORMAL survives a process crash but may lose the last commits to a power cut.
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.exec(EVENT_LOG_SCHEMA);
    return db;
  } catch (error) {
    const failure = storeError(error);
    // Met when starting: name the file, and what it needs.
    if (failure instanceof StoreUnavailable) throw new StoreUnavailable(`${failure.message} (${file}: its folder must exist and be writable, its disk not full)`, error);
    throw failure;
  }
}
