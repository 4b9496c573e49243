import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';

/** A 201 must survive a crash of the process and of the machine: the settings that promise it (the kill -9 test lives with the e2e specs). */
describe('SqliteEventStore durability', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'dl-durable-')), 'events.db');

  it('when opened, then its connection commits with synchronous=FULL (2) in WAL mode', async () => {
    const store = new SqliteEventStore({ file: file() });
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    await store.close();
  });

  it('when the file is opened by anyone else afterwards, then it is still a WAL database', async () => {
    const path = file();
    await new SqliteEventStore({ file: path }).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
