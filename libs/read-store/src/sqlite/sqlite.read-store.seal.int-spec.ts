import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from './sqlite.read-store';

const OFF = 0;
const NORMAL = 1;
const at = '2025-01-01T00:00:01.000Z';

/** A rebuild's generation is written unsealed (commits do not wait for the disk) and sealed before it is put in force. */
describe('SQLite read store, unsealed for a rebuild', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-store-seal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pragma = (store: SqliteReadStore, name: string): unknown => (store as unknown as { db: { pragma(p: string, o: object): unknown } }).db.pragma(name, { simple: true });
  const synchronous = (store: SqliteReadStore): unknown => pragma(store, 'synchronous');

  it('when opened unsealed, then it commits into the file without waiting for the disk until sealed, and after seal it is in WAL mode and commits as any store', async () => {
    const file = join(dir, 'read-models.g1.db');
    const store = new SqliteReadStore({ file, unsealed: true });
    await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
    await store.apply('duties', [{ position: 1, recordedAt: at, changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], { position: 1, recordedAt: at });
    expect(synchronous(store)).toBe(OFF);
    expect(pragma(store, 'journal_mode')).toBe('memory');
    expect(existsSync(`${file}-wal`)).toBe(false);

    await store.seal();
    expect(synchronous(store)).toBe(NORMAL);
    expect(pragma(store, 'journal_mode')).toBe('wal');
    await store.seal(); // again: nothing to do
    await store.apply('duties', [{ position: 2, recordedAt: at, changes: [{ collection: 'duties', id: 'd2', doc: { unitId: 'u1' } }] }], { position: 2, recordedAt: at });
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    await store.close();

    const reopened = new SqliteReadStore({ file });
    try {
      expect(pragma(reopened, 'journal_mode')).toBe('wal');
      expect((await reopened.get('duties', 'd1'))?.doc).toEqual({ unitId: 'u1' });
      expect((await reopened.get('duties', 'd2'))?.doc).toEqual({ unitId: 'u1' });
      expect(await reopened.checkpoint('duties')).toEqual({ position: 2, recordedAt: at });
    } finally {
      await reopened.close();
    }
  });

  it('when a batch fails while unsealed, then all of it is rolled back from the journal in memory', async () => {
    const store = new SqliteReadStore({ file: join(dir, 'read-models.g2.db'), unsealed: true });
    try {
      await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
      await store.apply('duties', [{ position: 1, recordedAt: at, changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], { position: 1, recordedAt: at });
      const failing = store.applyAll([
        { projection: 'duties', batch: [{ position: 2, recordedAt: at, changes: [{ collection: 'duties', id: 'd2', doc: { unitId: 'u2' } }] }], checkpoint: { position: 2, recordedAt: at } },
        // Another projection writing d1 at the position of its version: refused, and the whole transaction with it.
        { projection: 'other', batch: [{ position: 1, recordedAt: at, changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u9' } }] }], checkpoint: { position: 1, recordedAt: at } },
      ]);
      await expect(failing).rejects.toThrow(/not after its version/);
      expect(await store.get('duties', 'd2')).toBeNull();
      expect(await store.find('duties', { unitId: 'u2' })).toEqual([]);
      expect(await store.checkpoint('duties')).toEqual({ position: 1, recordedAt: at });
      expect(await store.checkpoint('other')).toBeNull();
      expect((await store.get('duties', 'd1'))?.doc).toEqual({ unitId: 'u1' });
    } finally {
      await store.close();
    }
  });

  describe('event-index entries', () => {
    const entry = (position: number, keys: string[]) => ({ position, recordedAt: at, type: 'DutyAssigned', keys });
    const listed = (projection: string, position: number, keys: string[]) => ({
      projection,
      batch: [],
      indexed: { index: 'audit', entries: [entry(position, keys)] },
      checkpoint: { position, recordedAt: at },
    });
    const rows = (store: SqliteReadStore, sql: string): unknown => (store as unknown as { db: { prepare(s: string): { pluck(): { all(): unknown } } } }).db.prepare(sql).pluck().all();

    it('when an unsealed store lists entries, then they are found before and after seal, settled into the keyed table, the staging database deleted', async () => {
      const file = join(dir, 'read-models.g3.db');
      const store = new SqliteReadStore({ file, unsealed: true });
      try {
        await store.applyAll([listed('audit-index', 3, ['u2', 'u1'])]);
        await store.applyAll([listed('audit-index', 5, ['u1'])]);
        await store.applyAll([listed('audit-index', 8, ['u2'])]);
        expect(rows(store, 'SELECT count(*) FROM event_index')).toEqual([0]);
        expect(rows(store, 'SELECT count(*) FROM event_index_staged')).toEqual([4]);
        expect(rows(store, "SELECT name FROM staging.sqlite_schema WHERE type = 'table'")).toEqual(['event_index_staged']);
        expect(rows(store, "SELECT count(*) FROM sqlite_schema WHERE name = 'event_index_staged'")).toEqual([0]);
        expect(existsSync(`${file}-staging`)).toBe(true);
        expect(await store.findIndexed('audit', { key: 'u1', limit: 10 })).toEqual([3, 5]);

        await store.seal();
        expect(rows(store, 'SELECT name FROM pragma_database_list')).toEqual(['main']);
        expect(existsSync(`${file}-staging`)).toBe(false);
        expect(rows(store, 'SELECT freelist_count FROM pragma_freelist_count')).toEqual([0]);
        expect(rows(store, "SELECT key || '@' || position FROM event_index")).toEqual(['u1@3', 'u1@5', 'u2@3', 'u2@8']);
        expect(await store.findIndexed('audit', { key: 'u1', limit: 10 })).toEqual([3, 5]);
        expect(await store.findIndexed('audit', { key: 'u2', afterPosition: 3, limit: 10 })).toEqual([8]);
        await store.applyAll([listed('audit-index', 9, ['u1'])]); // sealed: written to the keyed table
        expect(await store.findIndexed('audit', { key: 'u1', limit: 10 })).toEqual([3, 5, 9]);
      } finally {
        await store.close();
      }
    });

    it('when an unsealed store is reset or an index retired, then its staged entries go too', async () => {
      const store = new SqliteReadStore({ file: join(dir, 'read-models.g4.db'), unsealed: true });
      try {
        await store.applyAll([listed('audit-index', 3, ['u1'])]);
        await store.retire({ name: 'audit-index', collections: [], eventIndexes: ['audit'] });
        expect(await store.findIndexed('audit', { key: 'u1', limit: 10 })).toEqual([]);
        await store.applyAll([listed('audit-index', 4, ['u1'])]);
        await store.reset();
        expect(rows(store, 'SELECT count(*) FROM event_index_staged')).toEqual([0]);
        expect(await store.checkpoint('audit-index')).toBeNull();
      } finally {
        await store.close();
      }
    });

    it('when one entry was staged twice, then the seal refuses it', async () => {
      const store = new SqliteReadStore({ file: join(dir, 'read-models.g5.db'), unsealed: true });
      try {
        await store.applyAll([listed('audit-index', 3, ['u1']), listed('other-index', 3, ['u1'])]);
        // Matched on its message: better-sqlite3's errors may come from another test file's realm (not instanceof Error here).
        await expect(store.seal()).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE constraint failed: event_index/) });
      } finally {
        await store.close();
      }
    });
  });

  it('when given room for the versions its readers read, then it keeps none until sealed, and from then on answers them again', async () => {
    const store = new SqliteReadStore({ file: join(dir, 'read-models.g6.db'), unsealed: true, cacheBytes: 100_000 });
    try {
      await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
      await store.apply('duties', [{ position: 1, recordedAt: at, changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], { position: 1, recordedAt: at });
      expect((await store.get('duties', 'd1'))?.doc).toEqual({ unitId: 'u1' });
      expect(store.cacheStats()).toBeUndefined();
      await store.seal();
      for (let read = 0; read < 2; read++) expect((await store.find('duties', { unitId: 'u1' })).map((v) => v.doc)).toEqual([{ unitId: 'u1' }]);
      expect(store.cacheStats()).toMatchObject({ versions: 1, hits: 1, misses: 1 });
    } finally {
      await store.close();
    }
  });

  it('when opened as usual, then it commits at synchronous=NORMAL and seal changes nothing', async () => {
    const store = new SqliteReadStore({ file: join(dir, 'read-models.db') });
    try {
      expect(synchronous(store)).toBe(NORMAL);
      await store.seal();
      expect(synchronous(store)).toBe(NORMAL);
    } finally {
      await store.close();
    }
  });
});
