import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { caughtUp, freshRebuild, headOf, readModelFile, startProjector, versions } from '../support/read-model-files';
import { BUILT_CLI, ensureBuilt, startServer, type ServerProcess } from '../support/server-process';
import { sleep, until } from '../support/until';

const CLI = BUILT_CLI;
const FOLLOW = { GENERATION_POLL_MS: '100' };

/** The read-model files a process has open, by name; `(deleted)` marks one whose generation was dropped under it. */
function openReadModels(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  const names: string[] = [];
  for (const fd of readdirSync(dir)) {
    let target: string;
    try {
      target = readlinkSync(join(dir, fd));
    } catch {
      continue; // closed meanwhile
    }
    if (/read-models[^/]*\.db( \(deleted\))?$/.test(target)) names.push(target.split('/').pop()!);
  }
  return [...new Set(names)].sort();
}

async function postPeople(server: ServerProcess, from: number, count: number): Promise<number> {
  let head = 0;
  for (let i = from; i < from + count; i += 10) {
    const replies = await Promise.all(Array.from({ length: 10 }, (_, k) => server.http.post('/v1/people', { personId: `p${i + k}`, name: `P${i + k}` })));
    for (const reply of replies) expect(reply.status).toBe(201);
    head = Math.max(head, ...replies.map((r) => r.body.position));
  }
  return head;
}

/** The CLI's rebuild, run beside the processes of the data directory (not stopping them). */
async function cliRebuild(dataDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'rebuild'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
  expect(stdout).toMatch(/now in force/);
  return /into generation (g[0-9a-z]+)/.exec(stdout)![1];
}

/**
 * A rebuild in one process puts a new generation in force; the others on the same data directory, running meanwhile,
 * follow it: their readers and their projections move onto it (no file of the dropped generation stays open), reads
 * answer with what was written after the switch, and the read models equal a fresh build.
 */
describe('read-model generations followed across processes', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the CLI rebuilds beside an API replica (PROJECTIONS=off) and a projector process, then both move onto the new generation', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-follow-'));
    const projector = startProjector(dataDir, { ...FOLLOW, PROJECTOR_LEASE_MS: '600' });
    const api = await startServer(dataDir, { ...FOLLOW, PROJECTIONS: 'off' });
    try {
      const before = await postPeople(api, 0, 60);
      await until(() => caughtUp(dataDir, before));
      expect(openReadModels(api.child.pid!)).toEqual(['read-models.db']);

      const generation = await cliRebuild(dataDir);
      const file = `read-models.${generation}.db`;
      await until(() => openReadModels(api.child.pid!).join() === file && openReadModels(projector.child.pid!).join() === file);
      expect((await api.http.get('/health', { role: null })).body).toMatchObject({ status: 'ok', readModelGeneration: generation });

      const after = await postPeople(api, 60, 40);
      const read = await api.http.get(`/v1/people/p99?consistentWith=${after}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ personId: 'p99', name: 'P99' });
      await until(() => caughtUp(dataDir, after));
    } finally {
      api.child.kill('SIGTERM');
      projector.child.kill('SIGTERM');
      await Promise.all([api.exited, projector.exited]);
    }
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }, 120_000);

  it.each(['inline', 'thread'])('when the CLI rebuilds beside an API projecting %s, then its readers and its projections move onto the new generation', async (mode) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-follow-'));
    const api = await startServer(dataDir, { ...FOLLOW, PROJECTIONS: mode });
    try {
      const before = await postPeople(api, 0, 60);
      expect((await api.http.get(`/v1/people/p59?consistentWith=${before}`)).status).toBe(200);

      const generation = await cliRebuild(dataDir);
      await until(() => openReadModels(api.child.pid!).join() === `read-models.${generation}.db`);

      const after = await postPeople(api, 60, 40);
      const read = await api.http.get(`/v1/people/p99?consistentWith=${after}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ personId: 'p99', name: 'P99' });
      expect(readModelFile(dataDir)).toBe(join(dataDir, `read-models.${generation}.db`));
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }, 120_000);

  it('when one API replica rebuilds, then another replica on the same data directory (PROJECTIONS=off) follows it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-follow-'));
    const rebuilder = await startServer(dataDir, { ...FOLLOW, PROJECTIONS: 'thread' });
    const replica = await startServer(dataDir, { ...FOLLOW, PROJECTIONS: 'off' });
    try {
      await postPeople(rebuilder, 0, 40);
      const started = await rebuilder.http.post('/v1/admin/projections/rebuild', {});
      expect(started.status).toBe(202);
      let status = started.body;
      while (status.state === 'rebuilding') {
        await sleep(20);
        status = (await rebuilder.http.get('/v1/admin/projections/rebuild')).body;
      }
      expect(status).toMatchObject({ state: 'switched', generation: started.body.generation });
      await until(() => openReadModels(replica.child.pid!).join() === `read-models.${status.generation}.db`);
      expect((await replica.http.get('/health', { role: null })).body).toMatchObject({ readModelGeneration: status.generation });
      expect((await replica.http.get('/metrics', { role: null })).body).toMatch(new RegExp(`^read_model_generation_info\\{generation="${status.generation}"\\} 1$`, 'm'));

      const after = await postPeople(replica, 40, 20);
      const read = await replica.http.get(`/v1/people/p59?consistentWith=${after}`);
      expect(read.status).toBe(200);
    } finally {
      rebuilder.child.kill('SIGTERM');
      replica.child.kill('SIGTERM');
      await Promise.all([rebuilder.exited, replica.exited]);
    }
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }, 120_000);
});
