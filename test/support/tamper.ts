import Database from 'better-sqlite3';
import { join } from 'node:path';

/** SQL run on a data directory's event log behind the store's back, as an intruder with disk access would. */
export function tamperWith(dataDir: string, sql: string): void {
  const db = new Database(join(dataDir, 'events.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
