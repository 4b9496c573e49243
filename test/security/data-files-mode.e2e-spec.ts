import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, startServer } from '../support/server-process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/**
 * The event log keeps every accountability rationale and its salt in plain. ensureDataDir makes a missing DATA_DIR 0700,
 * but one that exists keeps its operator's mode: the files in it must then be the server user's alone themselves.
 */
describe('files in the data directory', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  const saved = process.umask(0o022); // the usual umask, under which SQLite creates files 0644; the server inherits it
  afterAll(() => process.umask(saved));

  it('when the server runs in a DATA_DIR made 0755, on a log an earlier version left 0644, then every file it keeps there, a rebuilt generation’s too, is its user’s alone (0600)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-modes-'));
    chmodSync(dataDir, 0o755);
    const earlier = new Database(join(dataDir, 'events.db'));
    earlier.pragma('journal_mode = WAL');
    earlier.close();
    expect(modeOf(join(dataDir, 'events.db'))).toBe('644');

    const server = await startServer(dataDir);
    try {
      const { http } = server;
      expect((await http.post('/v1/units', { unitId: 'c', name: 'Committee', kind: 'party-committee', effectiveFrom: '2018-01-01' })).status).toBe(201);
      const started = await http.post('/v1/admin/projections/rebuild', {});
      expect(started.status).toBe(202);
      let status = started.body;
      for (let i = 0; i < 200 && status.state === 'rebuilding'; i++) {
        await sleep(25);
        status = (await http.get('/v1/admin/projections/rebuild')).body;
      }
      expect(status).toMatchObject({ state: 'switched' });
      expect((await http.post('/v1/people', { personId: 'p1', name: 'After' })).status).toBe(201);

      const files = readdirSync(dataDir).filter((name) => statSync(join(dataDir, name)).isFile());
      expect(files).toEqual(expect.arrayContaining(['events.db', 'events.db-wal', `read-models.${started.body.generation}.db`, 'merkle-log.db']));
      expect(files.map((name) => [name, modeOf(join(dataDir, name))])).toEqual(files.map((name) => [name, '600']));
      expect(modeOf(dataDir)).toBe('755'); // the operator's
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
