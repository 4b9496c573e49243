import { ConflictException } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { ProjectionLifecycle } from '../../apps/api/src/projections/projection-lifecycle';
import { FileGenerationPointer } from '../../apps/api/src/platform/stores/file.generation-pointer';
import { newGenerationName } from '../../apps/api/src/platform/stores/generation-pointer';
import Database from 'better-sqlite3';
import { READ_STORE } from '@duty-ledger/read-store/read-store.port';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import type { SwitchableReadStore } from '@duty-ledger/read-store/switchable.read-store';
import { freshRebuild, headOf, readModelFile, versions } from '../support/read-model-files';
import { ensureBuilt, startServer } from '../support/server-process';
import { startTestApp } from '../support/test-app';
import { sleep, until } from '../support/until';


/**
 * What another process's rebuild leaves when it began after one here and ended first: a sealed generation (a
 * consistent copy of the one in force, in WAL mode) under a name a minute newer. Returns that name.
 */
function sealedCopyUnderNewerName(dataDir: string): string {
  const newer = newGenerationName(Date.now() + 60_000);
  const file = join(dataDir, `read-models.${newer}.db`);
  const source = new Database(readModelFile(dataDir), { readonly: true });
  try {
    source.exec(`VACUUM INTO '${file}'`);
  } finally {
    source.close();
  }
  const copy = new Database(file);
  copy.pragma('journal_mode = WAL');
  copy.close();
  return newer;
}

/** Zero-downtime rebuild: reads answer throughout; after the switch the read models equal a fresh build. */
describe('POST /v1/admin/projections/rebuild', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the read models are rebuilt under load, then every read succeeds, the new generation equals a fresh build, and its readers keep the versions they read', async () => {
    const t = await startTestApp();
    try {
      const { lastPosition } = await seed(t.app, UNIVERSITY);
      for (let i = 0; i < 300; i++) expect((await t.http.post('/v1/people', { personId: `extra-${i}`, name: `Extra ${i}` })).status).toBe(201);
      const chainBefore = (await t.http.get(`/v1/units/pharmacy-branch/chain?at=2019-06-01&consistentWith=${lastPosition}`)).body;

      expect((await t.http.post('/v1/admin/projections/rebuild', {}, { role: 'integrator' })).status).toBe(403);
      // Two at once: exactly one starts (the claim is taken before the first await).
      const lifecycle = t.app.get(ProjectionLifecycle);
      const [first, second] = await Promise.allSettled([lifecycle.rebuild(), lifecycle.rebuild()]);
      expect(first.status).toBe('fulfilled');
      expect(second).toMatchObject({ status: 'rejected', reason: expect.any(ConflictException) });
      while ((await lifecycle.status()).state === 'rebuilding') await sleep(10);

      const oldFile = readModelFile(t.dataDir);
      const started = await t.http.post('/v1/admin/projections/rebuild', {});
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ state: 'rebuilding', generation: expect.any(String) });

      let status = started.body;
      let reads = 0;
      while (status.state === 'rebuilding') {
        const chain = await t.http.get('/v1/units/pharmacy-branch/chain?at=2019-06-01');
        expect(chain.status).toBe(200);
        expect(chain.body.duties).toEqual(chainBefore.duties);
        reads++;
        const health = (await t.http.get('/health', { role: null })).body;
        status = (await t.http.get('/v1/admin/projections/rebuild', { role: 'admin' })).body;
        if (status.state === 'rebuilding') expect(health).toMatchObject({ status: 'ok', rebuild: { generation: started.body.generation } });
        await sleep(5);
      }
      expect(status).toMatchObject({ state: 'switched', generation: started.body.generation });
      expect(reads).toBeGreaterThan(0);
      expect(readModelFile(t.dataDir)).toBe(join(t.dataDir, `read-models.${started.body.generation}.db`));
      expect(existsSync(oldFile)).toBe(false);

      // Still live after the switch: a new write shows up in the new generation.
      const written = await t.http.post('/v1/people', { personId: 'after', name: 'After' });
      expect((await t.http.get(`/v1/people/after?consistentWith=${written.body.position}`)).status).toBe(200);
      expect((await t.http.get(`/v1/units/pharmacy-branch/chain?at=2019-06-01`)).body.duties).toEqual(chainBefore.duties);

      // The readers keep the versions they read on the rebuilt store too: a chain read again is answered from them.
      const counter = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec((await t.http.get('/metrics', { role: null })).body as string)?.[1]);
      const misses = await counter('read_store_cache_misses_total');
      const hits = await counter('read_store_cache_hits_total');
      expect((await t.http.get(`/v1/units/pharmacy-branch/chain?at=2019-06-01`)).body.duties).toEqual(chainBefore.duties);
      expect(await counter('read_store_cache_hits_total')).toBeGreaterThan(hits);
      expect(await counter('read_store_cache_misses_total')).toBe(misses);
    } finally {
      await t.close();
    }
    const head = headOf(t.dataDir);
    expect(versions(t.dataDir)).toEqual(await freshRebuild(t.dataDir, head));
  }, 120_000);

  it('when the API runs without projections (PROJECTIONS=off), then a rebuild is refused with 409 naming the CLI that rebuilds there', async () => {
    const t = await startTestApp({ PROJECTIONS: 'off' });
    try {
      const refused = await t.http.post('/v1/admin/projections/rebuild', {});
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('npm run cli -- rebuild');
      expect((await t.http.get('/v1/admin/projections/rebuild')).body).toMatchObject({ state: 'idle' });
    } finally {
      await t.close();
    }
  });

  it('when the server starts where a rebuild died unfinished, then it deletes that generation and serves the one in force', async () => {
    const first = await startTestApp();
    await first.http.post('/v1/people', { personId: 'a', name: 'A' });
    await first.close();
    // What a rebuild killed mid-way leaves: its generation unsealed, held by no one.
    const left = new SqliteReadStore({ file: join(first.dataDir, 'read-models.gdied.db'), unsealed: true });
    await left.defineCollections([{ name: 'people', indexes: [] }]);
    await left.close();

    const t = await startTestApp({ DATA_DIR: first.dataDir });
    try {
      expect(readdirSync(t.dataDir).filter((name) => name.startsWith('read-models.gdied'))).toEqual([]);
      expect((await t.http.get('/v1/people/a')).status).toBe(200);
      const metrics = (await t.http.get('/metrics', { role: null })).body as string;
      expect(metrics).toMatch(/^read_model_generations_swept_total\{why="abandoned"\} 1$/m);
      expect(metrics).toMatch(/^read_model_sweep_failures_total 0$/m);
    } finally {
      await t.close();
    }
  });

  it('when the server starts where a switch died before dropping the generation it replaced, then it deletes that one and serves the new one', async () => {
    const first = await startTestApp();
    await first.http.post('/v1/people', { personId: 'a', name: 'A' });
    await first.close();
    // What a process killed between writing the pointer and dropping the previous generation leaves: both, sealed.
    const replaced = readModelFile(first.dataDir);
    const generation = newGenerationName(Date.now());
    copyFileSync(replaced, join(first.dataDir, `read-models.${generation}.db`));
    await new FileGenerationPointer(first.dataDir).putInForce(generation);

    const t = await startTestApp({ DATA_DIR: first.dataDir });
    try {
      expect(existsSync(replaced)).toBe(false);
      expect((await t.http.get('/metrics', { role: null })).body).toMatch(/^read_model_generations_swept_total\{why="replaced"\} 1$/m);
      expect(readModelFile(t.dataDir)).toBe(join(t.dataDir, `read-models.${generation}.db`));
      expect((await t.http.get('/v1/people/a')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('when another process puts a newer generation in force during a rebuild, then the rebuild is not put in force, its generation is deleted, and the readers follow the newer one', async () => {
    const t = await startTestApp({ GENERATION_POLL_MS: '100' });
    try {
      for (let i = 0; i < 20; i++) await t.http.post('/v1/people', { personId: `p-${i}`, name: `P ${i}` });
      const newer = sealedCopyUnderNewerName(t.dataDir);
      const lifecycle = t.app.get(ProjectionLifecycle);
      const rebuilding = lifecycle.rebuild();
      await new FileGenerationPointer(t.dataDir).putInForce(newer); // its body runs now: before the rebuild can have caught up
      const { generation } = await rebuilding;
      let status = await lifecycle.status();
      while (status.state === 'rebuilding') status = (await sleep(5), await lifecycle.status());
      expect(status).toMatchObject({ state: 'failed', generation });
      expect(readdirSync(t.dataDir).filter((name) => name.startsWith(`read-models.${generation}`))).toEqual([]);
      expect(readModelFile(t.dataDir)).toBe(join(t.dataDir, `read-models.${newer}.db`));

      const readers = t.app.get<SwitchableReadStore>(READ_STORE);
      while (readers.generation !== newer) await sleep(20);
      const written = await t.http.post('/v1/people', { personId: 'after', name: 'After' });
      expect((await t.http.get(`/v1/people/after?consistentWith=${written.body.position}`)).status).toBe(200);
    } finally {
      await t.close();
    }
    expect(versions(t.dataDir)).toEqual(await freshRebuild(t.dataDir, headOf(t.dataDir)));
  }, 60_000);

  it('when another process puts a newer generation in force as the projector thread rebuilds, then that rebuild fails and is deleted, and the thread and the readers are on the newer one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-rebuild-'));
    const server = await startServer(dataDir, { GENERATION_POLL_MS: '100', PROJECTIONS: 'thread' });
    try {
      for (let i = 0; i < 20; i++) expect((await server.http.post('/v1/people', { personId: `p-${i}`, name: `P ${i}` })).status).toBe(201);
      await until(async () => (await server.http.get('/v1/people/p-19')).status === 200);
      const newer = sealedCopyUnderNewerName(dataDir);
      const started = await server.http.post('/v1/admin/projections/rebuild', {});
      expect(started.status).toBe(202);
      // Mostly before the thread has caught up, and its switch is refused; else the thread follows this one and drops it.
      await new FileGenerationPointer(dataDir).putInForce(newer);
      let status = started.body;
      while (status.state === 'rebuilding') status = (await sleep(10), (await server.http.get('/v1/admin/projections/rebuild')).body);
      expect(status).toMatchObject({ state: 'failed', generation: started.body.generation });
      await until(async () => readdirSync(dataDir).every((name) => !name.startsWith(`read-models.${started.body.generation}`)));

      const written = await server.http.post('/v1/people', { personId: 'after', name: 'After' });
      expect((await server.http.get(`/v1/people/after?consistentWith=${written.body.position}`)).status).toBe(200);
      expect(readModelFile(dataDir)).toBe(join(dataDir, `read-models.${newer}.db`));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }, 60_000);

  it('when the server shuts down as it puts a rebuilt generation in force, then the switch completes: that generation is in force, whole', async () => {
    const t = await startTestApp();
    try {
      for (let i = 0; i < 20; i++) await t.http.post('/v1/people', { personId: `p-${i}`, name: `P ${i}` });
      const lifecycle = t.app.get(ProjectionLifecycle);
      // The shutdown hook runs at the switch's first step, as the runner in force is stopped (finishing a batch).
      let shutDown: Promise<void> | undefined;
      const inForce = (lifecycle as unknown as { runner: { stop(): Promise<void> } }).runner;
      const stopRunner = inForce.stop.bind(inForce);
      inForce.stop = async () => {
        shutDown ??= lifecycle.onApplicationShutdown();
        await sleep(50);
        return stopRunner();
      };
      const { generation } = await lifecycle.rebuild();
      while (!shutDown) await sleep(5);
      await shutDown;
      expect(readModelFile(t.dataDir)).toBe(join(t.dataDir, `read-models.${generation}.db`));
      expect(existsSync(readModelFile(t.dataDir))).toBe(true);
    } finally {
      await t.close();
    }
    expect(versions(t.dataDir)).toEqual(await freshRebuild(t.dataDir, headOf(t.dataDir)));
  }, 60_000);
});

describe('cli rebuild', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the CLI rebuilds a data directory, then a new generation is in force, the old one is gone, and it equals a fresh build', async () => {
    const t = await startTestApp();
    try {
      await seed(t.app, UNIVERSITY);
    } finally {
      await t.close();
    }
    const before = readModelFile(t.dataDir);
    const cli = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
    const out = execFileSync(process.execPath, [cli, 'rebuild'], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(out).toMatch(/now in force/);
    expect(readModelFile(t.dataDir)).not.toBe(before);
    expect(existsSync(before)).toBe(false);
    expect(versions(t.dataDir)).toEqual(await freshRebuild(t.dataDir, headOf(t.dataDir)));
  }, 120_000);
});

