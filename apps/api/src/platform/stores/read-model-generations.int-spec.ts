import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { loadConfig } from '../config/load-config';
import { newGenerationName } from './generation-pointer';
import { sqliteFileOf, sweepCandidates, sweepGenerations } from './read-model-generations';

const at = '2025-01-01T00:00:01.000Z';

/** A generation as a rebuild writes it: unsealed, one batch applied; sealed (as before it is put in force) if asked. */
async function generation(file: string, sealed: boolean): Promise<SqliteReadStore> {
  const store = new SqliteReadStore({ file, unsealed: true });
  await store.defineCollections([{ name: 'people', indexes: [] }]);
  await store.apply('people', [{ position: 1, recordedAt: at, changes: [{ collection: 'people', id: 'p1', doc: { name: 'A' } }] }], { position: 1, recordedAt: at });
  if (sealed) await store.seal!();
  return store;
}

describe('sweepGenerations', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'generations-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes a generation left unsealed and held by no one, and nothing else: not the one in force, one being built, one sealed, nor other files', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const files = (generation: string) => sqliteFileOf(config, generation);
    await (await generation(files('gin'), true)).close();
    await (await generation(files('gleft'), false)).close(); // a rebuild that died: unsealed, closed
    const building = await generation(files('gbuilding'), false); // a rebuild under way: unsealed, open
    const switching = await generation(files('gsealed'), true); // sealed, about to be put in force
    writeFileSync(join(dir, 'read-models.gnotsqlite.db'), 'not a database');
    writeFileSync(join(dir, 'read-models.gcreating.db'), ''); // just created, nothing written yet
    try {
      const before = readdirSync(dir).sort();
      expect(await sweepGenerations(config, 'gin')).toEqual([{ generation: 'gleft', why: 'abandoned' }]);
      expect(readdirSync(dir).sort()).toEqual(before.filter((name) => !name.startsWith('read-models.gleft.')));
      expect(await sweepGenerations(config, 'gin')).toEqual([]);

      // The rebuild under way goes on writing, and once it is over (closed unsealed), the next sweep deletes it.
      await building.apply('people', [{ position: 2, recordedAt: at, changes: [{ collection: 'people', id: 'p2', doc: { name: 'B' } }] }], { position: 2, recordedAt: at });
      await building.close();
      expect(await sweepGenerations(config, 'gin')).toEqual([{ generation: 'gbuilding', why: 'abandoned' }]);
    } finally {
      await building.close();
      await switching.close();
    }
  });

  it('deletes sealed generations older than the one in force (a switch that died before dropping them), the first unnamed one too; keeps a newer sealed one and an older one still being built', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const [older, stillBuilding, inForce, newer] = [1, 2, 3, 4].map((day) => newGenerationName(Date.UTC(2026, 0, day)));
    await (await generation(sqliteFileOf(config, undefined), true)).close(); // the first generation, unnamed
    await (await generation(sqliteFileOf(config, older), true)).close();
    await (await generation(sqliteFileOf(config, inForce), true)).close();
    await (await generation(sqliteFileOf(config, newer), true)).close(); // sealed, may be about to be put in force
    const building = await generation(sqliteFileOf(config, stillBuilding), false); // begun before the one in force, still open
    try {
      expect((await sweepGenerations(config, inForce)).sort((a, b) => String(a.generation).localeCompare(String(b.generation)))).toEqual([
        { generation: older, why: 'replaced' },
        { generation: undefined, why: 'replaced' },
      ]);
      expect(readdirSync(dir).filter((name) => name.endsWith('.db')).sort()).toEqual(
        [inForce, newer, stillBuilding].map((g) => `read-models.${g}.db`).sort(),
      );
      // Once a newer generation is in force, the one that was, and the sealed one it overtook, go too.
      const latest = newGenerationName(Date.UTC(2026, 0, 5));
      await (await generation(sqliteFileOf(config, latest), true)).close();
      expect((await sweepGenerations(config, latest)).map((swept) => swept.generation).sort()).toEqual([inForce, newer].sort());
    } finally {
      await building.close();
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

describe('sweepCandidates (MongoDB read models)', () => {
  const [first, older, inForce, newer, newest] = [undefined, ...[1, 2, 3, 4].map((day) => newGenerationName(Date.UTC(2026, 0, day)))];

  it('offers the generations newer than the one in force as abandoned (their leases decide), never the one in force', () => {
    expect(sweepCandidates([newest, inForce, newer], inForce, false)).toEqual([
      { generation: newer, why: 'abandoned' },
      { generation: newest, why: 'abandoned' },
    ]);
  });

  it('offers the older ones, the first unnamed one included, as replaced only once every process has had time to move off them', () => {
    expect(sweepCandidates([older, first, inForce], inForce, false)).toEqual([]);
    expect(sweepCandidates([older, first, inForce, newer], inForce, true)).toEqual([
      { generation: first, why: 'replaced' },
      { generation: older, why: 'replaced' },
      { generation: newer, why: 'abandoned' },
    ]);
  });

  it('when the first generation is in force, then every named one found is newer: offered as abandoned', () => {
    expect(sweepCandidates([first, older], first, true)).toEqual([{ generation: older, why: 'abandoned' }]);
  });
});
