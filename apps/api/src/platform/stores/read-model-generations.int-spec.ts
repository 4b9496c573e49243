import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { loadConfig } from '../config/load-config';
import { putGenerationInForce, sqliteFileOf, sweepAbandonedBuilds } from './read-model-generations';

const at = '2025-01-01T00:00:01.000Z';

/** A generation as a rebuild writes it: unsealed, one batch applied; sealed (as before it is put in force) if asked. */
async function generation(file: string, sealed: boolean): Promise<SqliteReadStore> {
  const store = new SqliteReadStore({ file, unsealed: true });
  await store.defineCollections([{ name: 'people', indexes: [] }]);
  await store.apply('people', [{ position: 1, recordedAt: at, changes: [{ collection: 'people', id: 'p1', doc: { name: 'A' } }] }], { position: 1, recordedAt: at });
  if (sealed) await store.seal!();
  return store;
}

describe('sweepAbandonedBuilds', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'generations-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes a generation left unsealed and held by no one, and nothing else: not the one in force, one being built, one sealed, nor other files', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const files = (generation: string) => sqliteFileOf(config, generation);
    await (await generation(files('gin'), true)).close();
    putGenerationInForce(config, 'gin');
    await (await generation(files('gleft'), false)).close(); // a rebuild that died: unsealed, closed
    const building = await generation(files('gbuilding'), false); // a rebuild under way: unsealed, open
    const switching = await generation(files('gsealed'), true); // sealed, about to be put in force
    writeFileSync(join(dir, 'read-models.gnotsqlite.db'), 'not a database');
    writeFileSync(join(dir, 'read-models.gcreating.db'), ''); // just created, nothing written yet
    try {
      const before = readdirSync(dir).sort();
      expect(sweepAbandonedBuilds(config)).toEqual(['gleft']);
      expect(readdirSync(dir).sort()).toEqual(before.filter((name) => !name.startsWith('read-models.gleft.')));
      expect(sweepAbandonedBuilds(config)).toEqual([]);

      // The rebuild under way goes on writing, and once it is over (closed unsealed), the next sweep deletes it.
      await building.apply('people', [{ position: 2, recordedAt: at, changes: [{ collection: 'people', id: 'p2', doc: { name: 'B' } }] }], { position: 2, recordedAt: at });
      await building.close();
      expect(sweepAbandonedBuilds(config)).toEqual(['gbuilding']);
    } finally {
      await building.close();
      await switching.close();
    }
  });

  it('when a sealed generation is open in one connection, then another can read it (sealing gives up the rebuild’s exclusive lock)', async () => {
    const file = join(dir, 'read-models.gopen.db');
    const store = await generation(file, true);
    const reader = new SqliteReadStore({ file });
    try {
      expect((await reader.get('people', 'p1'))?.doc).toEqual({ name: 'A' });
      await store.apply('people', [{ position: 2, recordedAt: at, changes: [{ collection: 'people', id: 'p2', doc: { name: 'B' } }] }], { position: 2, recordedAt: at });
      expect((await reader.get('people', 'p2'))?.doc).toEqual({ name: 'B' });
    } finally {
      await reader.close();
      await store.close();
    }
  });
});
