import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { describeEventStoreContract, newEvent } from '@duty-ledger/testing/event-store.contract';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dl-es-')), 'events.db');

describeEventStoreContract('sqlite (file, WAL)', async (confidentialFields) => new SqliteEventStore({ file: tempFile(), confidentialFields, pollIntervalMs: 20 }));
describeEventStoreContract('sqlite (:memory:)', async (confidentialFields) => new SqliteEventStore({ file: ':memory:', confidentialFields, pollIntervalMs: 20 }));

describe('SqliteEventStore beyond the port', () => {
  it('when the clock steps back, then record time holds at the last one instead of decreasing', async () => {
    let now = Date.parse('2025-03-01T10:00:00.000Z');
    const store = new SqliteEventStore({ file: ':memory:', clock: () => new Date(now) });
    const first = await store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
    now -= 60_000;
    const second = await store.append('s-2', [newEvent()], { expectedRevision: 'no_stream' });
    now += 120_000;
    const third = await store.append('s-3', [newEvent()], { expectedRevision: 'no_stream' });
    expect([first, second, third].map((r) => r.events[0].recordedAt)).toEqual(['2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z', '2025-03-01T10:01:00.000Z']);
    await store.close();
  });

  it('when a second process writes the same file, then a subscriber of the first sees it by polling', async () => {
    const file = tempFile();
    const [reader, writer] = [new SqliteEventStore({ file, pollIntervalMs: 10 }), new SqliteEventStore({ file })];
    const seen: string[] = [];
    let resolveSeen = () => {};
    const sawIt = new Promise<void>((resolve) => (resolveSeen = resolve));
    const sub = reader.subscribe({}, async (batch) => {
      seen.push(...batch.map((e) => e.streamId));
      resolveSeen();
    });
    await writer.append('elsewhere-1', [newEvent()], { expectedRevision: 'no_stream' });
    await sawIt;
    expect(seen).toEqual(['elsewhere-1']);
    await sub.close();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('when the store is closed, then appends and reads fail with StoreUnavailable', async () => {
    const store = new SqliteEventStore({ file: ':memory:' });
    await store.close();
    await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
  });

  it('when another process holds the write lock past the busy timeout, then appends fail with StoreUnavailable, not a raw SQLite error', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file, busyTimeoutMs: 20 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailable);
    other.exec('ROLLBACK');
    await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({ revision: 0 });
    other.close();
    await store.close();
  });

  it('when the disk is full, then appends fail with StoreUnavailable and nothing is written', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file });
    await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    const pages = new Database(file).pragma('page_count', { simple: true }) as number;
    // max_page_count is per connection, so cap the store's own one, as a full disk would.
    (store as unknown as { db: Database.Database }).db.pragma(`max_page_count = ${pages}`);
    const big = newEvent('Happened', { blob: 'x'.repeat(100_000) });
    await expect(store.append('s', [big], { expectedRevision: 0 })).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.readStream('s')).toHaveLength(1);
    await store.close();
  });

  it('when appends are queued as the store closes, then they are committed first', async () => {
    const store = new SqliteEventStore({ file: ':memory:' });
    const pending = store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    await store.close();
    await expect(pending).resolves.toMatchObject({ revision: 0 });
  });
});
