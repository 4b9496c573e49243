import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailable } from '@duty-ledger/event-store/event-store.port';
import { LogWriterThread } from '@duty-ledger/event-store/sqlite/log-writer-thread';
import { SqliteEventStore, type SqliteEventStoreOptions } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { describeEventStoreContract, newEvent } from '@duty-ledger/testing/event-store.contract';
import { ensureBuilt } from '../support/server-process';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dl-es-')), 'events.db');
/** The writer thread runs compiled JavaScript: the built one (these specs run from the TypeScript sources). */
const BUILT_WRITER = join(__dirname, '..', '..', 'dist', 'libs', 'event-store', 'src', 'sqlite', 'log-writer.worker.js');
const threaded = (file: string, options: Partial<SqliteEventStoreOptions> = {}) => {
  ensureBuilt(BUILT_WRITER);
  return new SqliteEventStore({ file, pollIntervalMs: 20, writer: 'thread', writerEntry: BUILT_WRITER, ...options });
};

describeEventStoreContract('sqlite (file, WAL)', async (confidentialFields) => new SqliteEventStore({ file: tempFile(), confidentialFields, pollIntervalMs: 20 }));
describeEventStoreContract('sqlite (file, writer thread)', async (confidentialFields) => threaded(tempFile(), { confidentialFields }));
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

  it('when the writer tells of its commits, then a subscriber on another connection is woken by wake() rather than its poll', async () => {
    const file = tempFile();
    // A minute between polls: within the test only wake() can deliver.
    const [reader, writer] = [new SqliteEventStore({ file, pollIntervalMs: 60_000 }), new SqliteEventStore({ file })];
    const commits: number[] = [];
    const unsubscribe = writer.onCommit(() => {
      commits.push(commits.length);
      reader.wake();
    });
    const seen: string[] = [];
    let resolveSeen = () => {};
    const sawIt = new Promise<void>((resolve) => (resolveSeen = resolve));
    const sub = reader.subscribe({}, async (batch) => {
      seen.push(...batch.map((e) => e.streamId));
      if (seen.length === 2) resolveSeen();
    });
    await Promise.all([writer.append('w-1', [newEvent()], { expectedRevision: 'no_stream' }), writer.append('w-2', [newEvent()], { expectedRevision: 'no_stream' })]);
    await sawIt;
    expect(seen).toEqual(['w-1', 'w-2']);
    expect(commits.length).toBe(1); // both appends arrived together: one group commit, told once
    unsubscribe();
    await writer.append('w-3', [newEvent()], { expectedRevision: 'no_stream' });
    expect(commits.length).toBe(1);
    await sub.close();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('when two processes append to the same stream in turn, then each sees the other’s events: revisions run on and the chain holds', async () => {
    const file = tempFile();
    const [a, b] = [new SqliteEventStore({ file }), new SqliteEventStore({ file })];
    const revisions: number[] = [];
    for (let i = 0; i < 6; i++) revisions.push((await (i % 2 ? b : a).append('shared', [newEvent()], { expectedRevision: 'any' })).revision);
    // a cached its own tail at revision 4; b wrote revision 5 since: a must not reuse what it cached.
    await expect(a.append('shared', [newEvent()], { expectedRevision: 4 })).rejects.toMatchObject({ actual: 5 });
    revisions.push((await a.append('shared', [newEvent()], { expectedRevision: 5 })).revision);
    expect(revisions).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const events = await a.readStream('shared');
    for (let i = 1; i < events.length; i++) expect(events[i].metadata.prevHash).toBe(events[i - 1].metadata.hash);
    await Promise.all([a.close(), b.close()]);
  });

  it('when a request in a group commit is refused, then the stream tail it would have left is not remembered', async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    const taken = '01890a5d-ac96-774b-bcce-b302099a8057';
    await store.append('other', [newEvent('Happened', {}, taken)], { expectedRevision: 'no_stream' });
    // Two events for 's', the second with an event id already in the log: the request is rolled back whole.
    await expect(store.append('s', [newEvent(), newEvent('Happened', {}, taken)], { expectedRevision: 0 })).rejects.toThrow(/01890a5d/);
    expect((await store.append('s', [newEvent()], { expectedRevision: 0 })).revision).toBe(1);
    const events = await store.readStream('s');
    expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
    await store.close();
  });

  it('when the log’s file cannot be opened, then StoreUnavailable names the file and what it needs', () => {
    const file = mkdtempSync(join(tmpdir(), 'dl-es-')); // a folder where the file should be: SQLite cannot open it
    expect(() => new SqliteEventStore({ file })).toThrow(StoreUnavailable);
    expect(() => new SqliteEventStore({ file })).toThrow(`(${file}: its folder must exist and be writable, its disk not full)`);
  });

  it('when the store is closed, then appends and reads fail with StoreUnavailable', async () => {
    const store = new SqliteEventStore({ file: ':memory:' });
    await store.close();
    await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
  });

  it.each([
    ['inline', (file: string) => new SqliteEventStore({ file, busyTimeoutMs: 20 })],
    ['thread', (file: string) => threaded(file, { busyTimeoutMs: 20 })],
  ])('when another process holds the write lock past the busy timeout (%s writer), then appends fail with StoreUnavailable, not a raw SQLite error, until it is released', async (_writer, open) => {
    const file = tempFile();
    const store = open(file);
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

describe('SqliteEventStore with its writer thread', () => {
  beforeAll(() => ensureBuilt(BUILT_WRITER), 300_000);

  /** A stand-in for the writer that fails its first batch, once per file (by exiting or by throwing), then is the real one. */
  const failingOnce = (how: 'exits' | 'throws') => {
    const entry = join(mkdtempSync(join(tmpdir(), 'dl-writer-')), `${how}-once.js`);
    writeFileSync(
      entry,
      `const { existsSync, writeFileSync } = require('node:fs');
       const { parentPort, workerData } = require('node:worker_threads');
       const failed = workerData.file + '.failed';
       if (existsSync(failed)) require(${JSON.stringify(BUILT_WRITER)});
       else parentPort.on('message', () => { writeFileSync(failed, ''); ${how === 'exits' ? 'process.exit(3)' : "throw new Error('the writer broke')"}; });`,
    );
    return entry;
  };

  it('when asked for the position at an instant while a batch is on the thread, then the answer waits for it: its record time was taken when the thread began it (DOMAIN §6: an as-of answer never changes)', async () => {
    const store = threaded(tempFile());
    const first = await store.append('s', [newEvent()], { expectedRevision: 'no_stream' });
    const pending = store.append('s', [newEvent()], { expectedRevision: 0 });
    await new Promise((resolve) => setImmediate(resolve)); // the batch has gone to the thread, which commits it with an fsync
    const at = await store.positionAt('9999-12-31T23:59:59.999Z');
    const second = await pending;
    expect(second.position).toBeGreaterThan(first.position);
    expect(at).toEqual({ position: second.position, recordedAt: second.events[0].recordedAt });
    await store.close();
  });

  it('when the thread dies with a batch in flight, then that batch fails with StoreUnavailable and the next append starts a new thread', async () => {
    const store = threaded(tempFile(), { writerEntry: failingOnce('exits') });
    await expect(store.append('s', [newEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow(StoreUnavailable);
    await expect(store.append('s', [newEvent()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ revision: 0 });
    await store.close();
  });

  it('when a thread fails and the next batch is sent before it has ended, then its end does not fail the new thread’s batch', async () => {
    const file = tempFile();
    const thread = new LogWriterThread({ file, confidentialFields: {}, entry: failingOnce('throws') });
    const request = (streamId: string) => [{ streamId, events: [newEvent()], expectedRevision: 'no_stream' as const }];
    // Failed on the thread's 'error'; its 'exit' comes after, while the next batch is already with a new thread.
    await expect(thread.commit([request('first')])).rejects.toThrow(/writer thread stopped: the writer broke/);
    const [outcome] = await thread.commit([request('second')]);
    expect(outcome).toMatchObject({ results: [{ streamId: 'second', revision: 0 }] });
    await thread.close();
  });

  it('when a batch cannot be sent to the thread, then it alone fails and the next batch is committed', async () => {
    const thread = new LogWriterThread({ file: tempFile(), confidentialFields: {}, entry: BUILT_WRITER });
    const request = (streamId: string, data: Record<string, unknown>) => [{ streamId, events: [newEvent('Happened', data)], expectedRevision: 'no_stream' as const }];
    await expect(thread.commit([request('unsendable', { f: () => 1 })])).rejects.toThrow(/could not be cloned/);
    await expect(thread.commit([request('sent', {})])).resolves.toMatchObject([{ results: [{ streamId: 'sent', revision: 0 }] }]);
    await thread.close();
  });

  it('when appends are in flight and queued as the store closes, then every one is committed before the thread ends', async () => {
    const file = tempFile();
    const store = threaded(file);
    const pending = Array.from({ length: 20 }, (_, i) => store.append(`s-${i}`, [newEvent()], { expectedRevision: 'no_stream' }));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(20);
    const reopened = new SqliteEventStore({ file });
    expect(await reopened.size()).toEqual({ events: 20, streams: 20 });
    await reopened.close();
  });

  it('when the writer thread is asked for without a file or with a clock of its own, then the store refuses to start', () => {
    expect(() => new SqliteEventStore({ file: ':memory:', writer: 'thread', writerEntry: BUILT_WRITER })).toThrow(/needs a file/);
    expect(() => new SqliteEventStore({ file: tempFile(), writer: 'thread', writerEntry: BUILT_WRITER, clock: () => new Date() })).toThrow(/real clock/);
  });
});
