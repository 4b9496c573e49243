import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { newEvent } from '@duty-ledger/testing/event-store.contract';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dl-es-')), 'events.db');

/**
 * Another writer of the file, on a connection of its own, doing what the log's writer does (sqlite-log-writer.ts): it
 * takes the write lock, stamps its event with the next record time, inserts it, tells the test, and commits only
 * `holdMs` later.
 */
function otherWriter(file: string, holdMs: number): { worker: Worker; exited: Promise<unknown> } {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file);
    db.exec('BEGIN IMMEDIATE');
    const tail = db.prepare('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').get();
    const now = new Date().toISOString();
    const stamp = tail && tail.recorded_at >= now ? tail.recorded_at : now;
    const row = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?)')
      .run('other-writer', 'other-writer-event', 'Tested', '{}', '{}', stamp);
    parentPort.postMessage({ stamp, position: Number(row.lastInsertRowid) });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    db.exec('COMMIT');
    db.close();`;
  const worker = new Worker(source, { eval: true, workerData: { file, holdMs, driver: require.resolve('better-sqlite3') } });
  return { worker, exited: once(worker, 'exit') }; // listened for at once: it may exit before the test awaits it
}

describe('SqliteEventStore.positionAt beside another writer of its file (DOMAIN §6: an as-of answer never changes)', () => {
  it('when another connection has stamped an event at the instant and not committed it yet, then the answer waits for its commit and names it', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file });
    const first = await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    const other = otherWriter(file, 300);
    const [stamped] = (await once(other.worker, 'message')) as [{ stamp: string; position: number }];

    const at = await store.positionAt(stamped.stamp);

    expect(stamped.position).toBeGreaterThan(first.position);
    expect(at).toEqual({ position: stamped.position, recordedAt: stamped.stamp });
    await other.exited;
    await store.close();
  });

  it('when the instant is before the last event recorded, then no writer in flight can fall on it: answered without waiting for the lock', async () => {
    const file = tempFile();
    // The lock held past the busy timeout: a wait for it would fail the read.
    const store = new SqliteEventStore({ file, busyTimeoutMs: 100 });
    const first = await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.append('s', [newEvent()], { expectedRevision: 0 });
    const other = otherWriter(file, 1_000);
    await once(other.worker, 'message');

    await expect(store.positionAt(first.events[0].recordedAt)).resolves.toEqual({ position: first.position, recordedAt: first.events[0].recordedAt });
    await other.exited;
    await store.close();
  });

  it('when another connection holds the write lock past the busy timeout, then the answer is StoreUnavailable, not one that could change', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file, busyTimeoutMs: 100 });
    await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    const other = otherWriter(file, 1_000);
    const [stamped] = (await once(other.worker, 'message')) as [{ stamp: string }];

    await expect(store.positionAt(stamped.stamp)).rejects.toThrow(StoreUnavailable);
    await other.exited;
    await store.close();
  });
});
