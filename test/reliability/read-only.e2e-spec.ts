import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshRebuild, headOf, versions } from '../support/read-model-files';
import { readOnlyDiskEnv, readOnlyDiskLibrary } from '../support/read-only-disk/library';
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const shim = readOnlyDiskLibrary();

/** A Prometheus sample without labels. */
async function metric(server: ServerProcess, name: string): Promise<number> {
  const text = (await server.http.get('/metrics', { role: null })).body as string;
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/**
 * The data directory turned read-only under the running server (the built one, projecting in its thread), as the
 * kernel remounts a file system after I/O errors: every write to its files fails with EROFS (./../support/read-only-disk).
 */
const suite = 'library' in shim ? describe : describe.skip;
if ('missing' in shim) console.info(`read-only data directory suite skipped: ${shim.missing}`);

suite('read-only data directory', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  let dataDir: string;
  let flag: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-read-only-'));
    flag = join(mkdtempSync(join(tmpdir(), 'duty-ledger-read-only-flag-')), 'read-only');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const library = 'library' in shim ? shim.library : '';

  /** Runs `scenario` against a server whose files starting with `prefix` turn read-only while the flag exists; stopped, its read models must equal a fresh rebuild. */
  async function underServer(prefix: string, scenario: (server: ServerProcess) => Promise<void>): Promise<void> {
    const server = await startServer(dataDir, readOnlyDiskEnv(library, prefix, flag));
    try {
      await scenario(server);
    } finally {
      rmSync(flag, { force: true });
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }

  it('when the log cannot be written, then commands answer 503 problem+json with Retry-After and write nothing, reads go on, and once writable the same command succeeds', async () => {
    await underServer(dataDir, async (server) => {
      expect((await server.http.post('/v1/people', { personId: 'before', name: 'Before' })).status).toBe(201);
      const count = await server.http.eventCount();
      const failedBefore = await metric(server, 'event_store_failed_commits_total');

      writeFileSync(flag, '');
      const refused = await server.http.post('/v1/people', { personId: 'during', name: 'During' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect(JSON.stringify(refused.body)).not.toMatch(/SQLITE|sqlite|EROFS|stack/);
      expect((await server.http.post('/v1/people', { personId: 'during-too', name: 'During too' })).status).toBe(503);
      expect((await server.http.get('/v1/people/before')).body).toMatchObject({ personId: 'before', name: 'Before' });
      expect(await server.http.eventCount()).toBe(count);
      expect(await metric(server, 'event_store_failed_commits_total')).toBeGreaterThan(failedBefore);
      expect(await metric(server, 'event_store_writes_failing')).toBe(1);
      const health = await server.http.get('/health', { role: null });
      expect(health.status).toBe(200); // reads are still served
      expect(health.body).toMatchObject({ status: 'degraded', eventStore: 'up', eventStoreWrites: 'failing' });

      rmSync(flag);
      const accepted = await server.http.post('/v1/people', { personId: 'during', name: 'During' });
      expect(accepted.status).toBe(201);
      expect(await server.http.eventCount()).toBe(count + 1);
      expect((await server.http.get('/health', { role: null })).body).toMatchObject({ status: 'ok', eventStoreWrites: 'ok' });
      expect(await metric(server, 'event_store_writes_failing')).toBe(0);
      expect((await server.http.get(`/v1/people/during?consistentWith=${accepted.body.position}`)).status).toBe(200);
      expect((await server.http.get('/v1/integrity')).body).toMatchObject({ ok: true });
    });
  }, 60_000);

  it('when only the read models cannot be written, then commands still succeed, the projections wait, and they catch up once writable', async () => {
    await underServer(join(dataDir, 'read-models'), async (server) => {
      writeFileSync(flag, '');
      const written: number[] = [];
      for (let i = 0; i < 20; i++) {
        const reply = await server.http.post('/v1/people', { personId: `p${i}`, name: `P ${i}` });
        expect(reply.status).toBe(201);
        written.push(reply.body.position);
      }
      await sleep(300);
      expect((await server.http.get('/v1/people/p19')).status).toBe(404); // not projected: its read model cannot be written

      rmSync(flag);
      expect((await server.http.get(`/v1/people/p19?consistentWith=${written.at(-1)}`)).status).toBe(200);
      expect((await server.http.get('/health', { role: null })).body).toMatchObject({ status: 'ok', projectionLag: 0 });
    });
  }, 60_000);
});
