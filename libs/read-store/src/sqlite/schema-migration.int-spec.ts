import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteReadStore } from './sqlite.read-store';
import { OPEN, SCHEMA_VERSION } from './sqlite.read-store.schema';

/** The schema as version 1 wrote it: versions keyed WITHOUT ROWID, one index row per version and value. */
const V1_SCHEMA = `
CREATE TABLE versions (collection TEXT NOT NULL, id TEXT NOT NULL, from_position INTEGER NOT NULL, to_position INTEGER NOT NULL,
  from_recorded_at TEXT NOT NULL, to_recorded_at TEXT, doc TEXT NOT NULL, PRIMARY KEY (collection, id, from_position)) WITHOUT ROWID;
CREATE TABLE doc_index (collection TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, id TEXT NOT NULL, from_position INTEGER NOT NULL,
  to_position INTEGER NOT NULL, PRIMARY KEY (collection, field, value, id, from_position)) WITHOUT ROWID;
CREATE TABLE collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL, recorded_at TEXT NOT NULL);
`;

describe('SQLite read store schema migration', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-store-migration-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when a version 1 file is opened, then its versions and checkpoints are kept and reads answer as before', async () => {
    const file = join(dir, 'read-models.db');
    const old = new Database(file);
    old.exec(V1_SCHEMA);
    old.prepare('INSERT INTO collections VALUES (?, ?)').run('duties', JSON.stringify(['unitId']));
    const version = old.prepare('INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)');
    version.run('duties', 'd1', 1, 4, 't1', 't4', JSON.stringify({ unitId: 'u1', title: 'a' }));
    version.run('duties', 'd1', 4, 6, 't4', 't6', JSON.stringify({ unitId: 'u1', title: 'b' }));
    version.run('duties', 'd1', 6, OPEN, 't6', null, JSON.stringify({ unitId: 'u2', title: 'b' }));
    const index = old.prepare('INSERT INTO doc_index VALUES (?, ?, ?, ?, ?, ?)');
    index.run('duties', 'unitId', 's:u1', 'd1', 1, 4);
    index.run('duties', 'unitId', 's:u1', 'd1', 4, 6);
    index.run('duties', 'unitId', 's:u2', 'd1', 6, OPEN);
    old.prepare('INSERT INTO checkpoints VALUES (?, ?, ?)').run('duties', 6, 't6');
    old.close();

    const store = new SqliteReadStore({ file });
    try {
      expect(await store.checkpoint('duties')).toEqual({ position: 6, recordedAt: 't6' });
      expect((await store.get('duties', 'd1', { asOfPosition: 5 }))?.doc).toEqual({ unitId: 'u1', title: 'b' });
      expect((await store.find('duties', { unitId: 'u1' }, { asOfPosition: 2 })).map((d) => d.doc)).toEqual([{ unitId: 'u1', title: 'a' }]);
      expect((await store.find('duties', { unitId: 'u1' }, { asOfPosition: 5 })).map((d) => d.doc)).toEqual([{ unitId: 'u1', title: 'b' }]);
      expect(await store.find('duties', { unitId: 'u1' })).toEqual([]);
      expect((await store.find('duties', { unitId: 'u2' })).map((d) => d.fromPosition)).toEqual([6]);
      // And it goes on from there: a new version closes the migrated one.
      await store.apply('duties', [{ position: 8, recordedAt: 't8', changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1', title: 'c' } }] }], { position: 8, recordedAt: 't8' });
      expect((await store.find('duties', { unitId: 'u2' }, { asOfPosition: 7 })).map((d) => d.doc.title)).toEqual(['b']);
      expect((await store.find('duties', { unitId: 'u1' })).map((d) => d.doc.title)).toEqual(['c']);
    } finally {
      await store.close();
    }
    const migrated = new Database(file, { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(migrated.pragma('page_size', { simple: true })).toBe(4096); // an earlier file keeps its pages
    // One interval per value held, not one row per version.
    expect(migrated.prepare('SELECT value, from_position, to_position FROM doc_index ORDER BY from_position').all()).toEqual([
      { value: 's:u1', from_position: 1, to_position: 6 },
      { value: 's:u2', from_position: 6, to_position: 8 },
      { value: 's:u1', from_position: 8, to_position: OPEN },
    ]);
    migrated.close();
  });

  it('when a version 2 file is opened, then it gains the event index and keeps its versions and index rows as they were', async () => {
    const file = join(dir, 'v2.db');
    const before = new SqliteReadStore({ file });
    await before.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
    await before.apply('duties', [{ position: 3, recordedAt: '2025-01-01T00:00:03.000Z', changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], {
      position: 3,
      recordedAt: '2025-01-01T00:00:03.000Z',
    });
    await before.close();
    const old = new Database(file);
    old.exec('DROP TABLE event_index');
    old.pragma('user_version = 2');
    const indexRows = old.prepare('SELECT * FROM doc_index').all();
    old.close();

    const store = new SqliteReadStore({ file });
    try {
      expect((await store.find('duties', { unitId: 'u1' })).map((d) => d.id)).toEqual(['d1']);
      await store.applyAll([
        { projection: 'audit', batch: [], indexed: { index: 'audit', entries: [{ position: 4, recordedAt: '2025-01-01T00:00:04.000Z', type: 'T', keys: ['u1'] }] }, checkpoint: { position: 4, recordedAt: 't4' } },
      ]);
      expect(await store.findIndexed('audit', { key: 'u1', limit: 10 })).toEqual([4]);
    } finally {
      await store.close();
    }
    const migrated = new Database(file, { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(migrated.prepare('SELECT * FROM doc_index').all()).toEqual(indexRows);
    migrated.close();
  });

  it('when a new file is opened, then it is created at the current version, with 8 KiB pages', async () => {
    const file = join(dir, 'fresh.db');
    await new SqliteReadStore({ file }).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
    db.close();
  });

  it('when a generation is rebuilt, then it keeps 8 KiB pages through its seal (into WAL mode)', async () => {
    const file = join(dir, 'generation.db');
    const store = new SqliteReadStore({ file, unsealed: true });
    await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
    await store.apply('duties', [{ position: 1, recordedAt: 't1', changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], { position: 1, recordedAt: 't1' });
    await store.seal!();
    await store.close();
    const db = new Database(file, { readonly: true });
    expect([db.pragma('page_size', { simple: true }), db.pragma('journal_mode', { simple: true })]).toEqual([8192, 'wal']);
    db.close();
  });
});
