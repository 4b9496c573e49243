import { spawnSync } from 'node:child_process';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** `--at` of the reading commands is a calendar date, as the API's `at`: anything else is compared with dates as text. */
describe('cli --at', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it.each([
    [['report', '--unit', 'c', '--year', '2019']],
    [['export', 'trail', '--finding', 'f']],
  ])('when %j is given an --at that is not a calendar date, then it is refused as a usage error before anything is read', async (args) => {
    const t = await startTestApp();
    try {
      expect((await t.http.post('/v1/units', { unitId: 'c', name: 'C', kind: 'party-committee', effectiveFrom: '2019-01-01' })).status).toBe(201);
    } finally {
      await t.close();
    }
    for (const at of ['2019-13-45', '2019-02-29', 'yesterday']) {
      const run = spawnSync(process.execPath, [CLI, ...args, '--at', at], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
      expect({ at, status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ at, status: 64, stdout: '', stderr: `error: option '--at <date>' argument '${at}' is invalid. a calendar date YYYY-MM-DD\n` });
    }
  }, 60_000);
});
