import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { describeEventStoreContract } from '@duty-ledger/testing/event-store.contract';

describeEventStoreContract('sqlite (file, WAL)', async (confidentialFields) => new SqliteEventStore({ file: join(mkdtempSync(join(tmpdir(), 'dl-es-')), 'events.db'), confidentialFields, pollIntervalMs: 20 }));

describe('SqliteEventStore durability settings', () => {
  it('when opened, then it journals in WAL with synchronous=FULL, so a 201 survives a machine crash', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dl-es-')), 'events.db');
    const store = new SqliteEventStore({ file });
    await store.close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous is per connection: read it from the store's own connection through a fresh open of the adapter.
    const again = new SqliteEventStore({ file }) as unknown as { db: Database.Database };
    expect(again.db.pragma('synchronous', { simple: true })).toBe(2);
    await (again as unknown as SqliteEventStore).close();
  });
});
