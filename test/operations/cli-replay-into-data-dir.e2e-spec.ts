import { spawnSync } from 'node:child_process';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { versions } from '../support/read-model-files';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** `cli replay --out` resets `<out>/read-models.db`: a data directory's is the read store in force. */
describe('cli replay into a data directory', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the replay is told to write into the data directory itself, then it is refused and the read models in force are untouched', async () => {
    const t = await startTestApp();
    try {
      await seed(t.app, UNIVERSITY.slice(0, 10));
    } finally {
      await t.close();
    }
    const before = versions(t.dataDir);
    const run = spawnSync(process.execPath, [CLI, 'replay', '--until', '3', '--out', t.dataDir], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toBe(`duty-ledger: --out ${t.dataDir} is a data directory: replay into a folder of its own\n`);
    expect(versions(t.dataDir)).toEqual(before);
  }, 60_000);
});
