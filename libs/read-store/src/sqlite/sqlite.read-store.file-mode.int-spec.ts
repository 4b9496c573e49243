import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from './sqlite.read-store';
import { STAGING_SUFFIX } from './staging-database';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('SqliteReadStore files', () => {
  const saved = process.umask(0o022); // the usual umask, under which SQLite creates files 0644
  afterAll(() => process.umask(saved));

  it('when a generation is rebuilt, then its file, its staging database and, once sealed, its WAL are the owner’s alone', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'read-store-mode-')), 'read-models.g1.db');
    const store = new SqliteReadStore({ file, unsealed: true });
    try {
      await store.defineCollections([{ name: 'units', indexes: [] }]);
      expect([modeOf(file), modeOf(file + STAGING_SUFFIX)]).toEqual(['600', '600']);
      await store.seal();
      await store.apply('units', [{ position: 1, recordedAt: '2025-01-01T00:00:00.000Z', changes: [{ collection: 'units', id: 'u1', doc: { name: 'U' } }] }], {
        position: 1,
        recordedAt: '2025-01-01T00:00:00.000Z',
      });
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      await store.close();
    }
  });
});
