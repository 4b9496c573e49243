import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { heldBytes } from '@duty-ledger/read-store/sqlite/version-cache';
import { describeReadStoreContract } from '@duty-ledger/testing/read-store.contract';
import { checkVersionedReadsAgainstModel } from '@duty-ledger/testing/read-store.model-check';

describeReadStoreContract('SQLite (in memory)', async () => new SqliteReadStore({ file: ':memory:' }));
// A generation being rebuilt (commits not waiting for the disk, event-index entries staged) answers every read as any store.
describeReadStoreContract('SQLite (unsealed, as a rebuild writes it)', async () => new SqliteReadStore({ file: ':memory:', unsealed: true }));
// The API's readers keep the versions they read: every answer the same as read afresh, writes on the same store between reads.
describeReadStoreContract('SQLite (a reader keeping the versions it read)', async () => new SqliteReadStore({ file: ':memory:', cacheBytes: 50 * 1024 }));

describe('SQLite read store: a reader keeping the versions it read', () => {
  it('when random histories are applied in random batches, then every read as of every position, asked twice, equals a replay', async () => {
    await checkVersionedReadsAgainstModel(async () => new SqliteReadStore({ file: ':memory:', cacheBytes: 6 * heldBytes(JSON.stringify({ unitId: 'u1', tags: ['x', 'y', 'z'], n: 3 })) }), 40, async () => {}, 2);
  });
});

describe('SQLite read store: a rebuilt generation, sealed', () => {
  it('when random histories are applied unsealed in random batches and the store sealed, then every read as of every position equals a replay', async () => {
    await checkVersionedReadsAgainstModel(async () => new SqliteReadStore({ file: ':memory:', unsealed: true }), 40, (store) => store.seal!());
  });
});

describe('SQLite read store: applyAll', () => {
  it('when one projection of the batch fails, then none of them is applied (one transaction)', async () => {
    const store = new SqliteReadStore({ file: ':memory:' });
    try {
      await store.defineCollections([{ name: 'duties', indexes: [] }]);
      await store.apply('p', [{ position: 5, recordedAt: 't5', changes: [{ collection: 'duties', id: 'd1', doc: { title: 'v1' } }] }], { position: 5, recordedAt: 't5' });
      const attempt = store.applyAll([
        { projection: 'q', batch: [{ position: 6, recordedAt: 't6', changes: [{ collection: 'duties', id: 'd2', doc: { title: 'new' } }] }], checkpoint: { position: 6, recordedAt: 't6' } },
        // Before d1's current version: refused, and the whole commit with it.
        { projection: 'r', batch: [{ position: 4, recordedAt: 't4', changes: [{ collection: 'duties', id: 'd1', doc: { title: 'back' } }] }], checkpoint: { position: 4, recordedAt: 't4' } },
      ]);
      await expect(attempt).rejects.toThrow();
      expect(await store.get('duties', 'd2')).toBeNull();
      expect(await store.checkpoint('q')).toBeNull();
      expect(await store.checkpoint('r')).toBeNull();
    } finally {
      await store.close();
    }
  });
});

describe('SQLite read store: drop', () => {
  it('when dropped, then its file, WAL and shared-memory file are gone, and a store opened there again is empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-store-drop-'));
    try {
      const file = join(dir, 'read-models.gold.db');
      const store = new SqliteReadStore({ file });
      await store.defineCollections([{ name: 'duties', indexes: [] }]);
      await store.apply('p', [{ position: 1, recordedAt: 't1', changes: [{ collection: 'duties', id: 'd1', doc: { title: 'v1' } }] }], { position: 1, recordedAt: 't1' });
      expect(existsSync(`${file}-wal`)).toBe(true);

      await store.drop();
      expect(readdirSync(dir)).toEqual([]);
      const again = new SqliteReadStore({ file });
      try {
        expect(await again.get('duties', 'd1')).toBeNull();
        expect(await again.checkpoint('p')).toBeNull();
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
