import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshRebuild, headOf, readModelFile, versions } from '../support/read-model-files';
import { BUILT_CLI, ensureBuilt, startServer } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLI = BUILT_CLI;

/**
 * The embedded default as `npm start` runs it: the built server, its read models and Merkle log applied by a worker
 * thread (PROJECTIONS=thread). Reads wait for the thread's reported position; a rebuild runs in the thread and the
 * readers follow its switch.
 */
describe('the projector thread (PROJECTIONS=thread, the default)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when commands are written, then reads consistent with them answer, the Merkle log follows, and a rebuild switches readers to a generation equal to a fresh build', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-thread-'));
    execFileSync(process.execPath, [CLI, 'seed'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    const server = await startServer(dataDir);
    try {
      const { http } = server;
      const chainBefore = (await http.get('/v1/units/pharmacy-branch/chain?at=2019-06-01')).body;
      expect(chainBefore.duties.length).toBeGreaterThan(0);
      // Read-your-writes through the thread's progress: each write is read at once, consistent with its position.
      for (let i = 0; i < 40; i++) {
        const written = await http.post('/v1/people', { personId: `t${i}`, name: `Thread ${i}` });
        expect(written.status).toBe(201);
        const read = await http.get(`/v1/people/t${i}?consistentWith=${written.body.position}`);
        expect({ i, status: read.status, name: read.body.name }).toEqual({ i, status: 200, name: `Thread ${i}` });
      }
      for (let i = 0; i < 260; i += 20) {
        const replies = await Promise.all(Array.from({ length: 20 }, (_, j) => http.post('/v1/people', { personId: `m${i + j}`, name: `More ${i + j}` })));
        expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(201));
      }
      // The thread keeps the Merkle log: it comes to index every complete chunk of 256 events, matching the log.
      const complete = (treeSize: number) => Math.floor(treeSize / 256) * 256;
      let integrity = (await http.get('/v1/integrity', { role: 'admin' })).body;
      for (let i = 0; i < 100 && integrity.merkleIndex.indexedTreeSize !== complete(integrity.treeSize); i++) {
        await sleep(50);
        integrity = (await http.get('/v1/integrity', { role: 'admin' })).body;
      }
      expect(complete(integrity.treeSize)).toBeGreaterThan(0);
      expect(integrity).toMatchObject({ ok: true, merkleIndex: { matchesLog: true, indexedTreeSize: complete(integrity.treeSize) } });

      const oldFile = readModelFile(dataDir);
      const started = await http.post('/v1/admin/projections/rebuild', {});
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ state: 'rebuilding', generation: expect.any(String) });
      expect((await http.post('/v1/admin/projections/rebuild', {})).status).toBe(409);
      let status = started.body;
      let reads = 0;
      while (status.state === 'rebuilding') {
        const chain = await http.get('/v1/units/pharmacy-branch/chain?at=2019-06-01');
        expect(chain.status).toBe(200);
        expect(chain.body.duties).toEqual(chainBefore.duties);
        reads++;
        status = (await http.get('/v1/admin/projections/rebuild')).body;
        await sleep(5);
      }
      expect(status).toMatchObject({ state: 'switched', generation: started.body.generation });
      expect(reads).toBeGreaterThan(0);
      expect(readModelFile(dataDir)).toBe(join(dataDir, `read-models.${started.body.generation}.db`));
      expect(existsSync(oldFile)).toBe(false);

      // Still live after the switch: a new write is read from the new generation.
      const after = await http.post('/v1/people', { personId: 'after', name: 'After' });
      expect((await http.get(`/v1/people/after?consistentWith=${after.body.position}`)).status).toBe(200);
      expect((await http.get('/v1/units/pharmacy-branch/chain?at=2019-06-01')).body.duties).toEqual(chainBefore.duties);
      expect((await http.get('/health', { role: null })).body).toMatchObject({ status: 'ok', projectionLag: 0 });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }, 120_000);

  it('when the app runs from the TypeScript sources, then PROJECTIONS=thread refuses to start and says to build or project inline', async () => {
    await expect(startTestApp({ PROJECTIONS: 'thread' })).rejects.toThrow(/npm run build.*PROJECTIONS=inline/);
  });
});
