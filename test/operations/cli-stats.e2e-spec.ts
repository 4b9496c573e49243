import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

describe('cli stats', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when a server has written 3 streams of 5 events, then stats counts them and shows every projection and the Merkle log caught up', async () => {
    const t = await startTestApp();
    try {
      expect((await t.http.post('/v1/units', { unitId: 'c', name: 'C', kind: 'party-committee', effectiveFrom: '2018-01-01' })).status).toBe(201);
      expect((await t.http.post('/v1/units/c/rename', { name: 'C2', effectiveFrom: '2019-01-01' })).status).toBe(201);
      expect((await t.http.post('/v1/units/c/rename', { name: 'C3', effectiveFrom: '2020-01-01' })).status).toBe(201);
      for (const personId of ['a', 'b']) expect((await t.http.post('/v1/people', { personId, name: personId })).status).toBe(201);
      const head = (await t.http.get('/v1/events?limit=1000')).body.events.at(-1).position;
      let stats: { events: number; streams: number; headPosition: number; projections: { name: string; position: number; lag: number }[] } | undefined;
      for (let i = 0; i < 50; i++) {
        const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'stats', '--json'], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
        stats = JSON.parse(stdout);
        if (stats!.projections.every((p) => p.lag === 0)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stats).toMatchObject({ events: 5, streams: 3, headPosition: head });
      expect(stats!.projections.map((p) => p.name)).toContain('merkle-log');
      for (const p of stats!.projections) expect(p).toMatchObject({ position: head, lag: 0 });
    } finally {
      await t.close();
    }
  });
});
