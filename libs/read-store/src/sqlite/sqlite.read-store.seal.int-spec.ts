import { mkdtempSync, rmSync, statSync } from 'node:fs';
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

  const synchronous = (store: SqliteReadStore): unknown => (store as unknown as { db: { pragma(p: string, o: object): unknown } }).db.pragma('synchronous', { simple: true });

  it('when opened unsealed, then it commits without waiting for the disk until sealed, and after seal the WAL is in the file and it commits as any store', async () => {
    const file = join(dir, 'read-models.g1.db');
    const store = new SqliteReadStore({ file, unsealed: true });
    await store.defineCollections([{ name: 'duties', indexes: ['unitId'] }]);
    await store.apply('duties', [{ position: 1, recordedAt: at, changes: [{ collection: 'duties', id: 'd1', doc: { unitId: 'u1' } }] }], { position: 1, recordedAt: at });
    expect(synchronous(store)).toBe(OFF);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    await store.seal();
    expect(synchronous(store)).toBe(NORMAL);
    expect(statSync(`${file}-wal`).size).toBe(0);
    await store.seal(); // again: nothing to do
    await store.close();

    const reopened = new SqliteReadStore({ file });
    try {
      expect((await reopened.get('duties', 'd1'))?.doc).toEqual({ unitId: 'u1' });
      expect(await reopened.checkpoint('duties')).toEqual({ position: 1, recordedAt: at });
    } finally {
      await reopened.close();
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
