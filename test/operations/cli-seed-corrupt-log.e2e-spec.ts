import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** `cli seed` builds the application: a store it cannot open is one line, as every other command says it. */
describe('cli seed on an event log that is not a database', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the log file is corrupt, then seed fails with one line naming it, without Nest’s logs or a stack trace', async () => {
    const t = await startTestApp();
    await t.close();
    writeFileSync(join(t.dataDir, 'events.db'), 'not a database, overwritten by mistake');
    const run = spawnSync(process.execPath, [CLI, 'seed'], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^duty-ledger: the event log cannot be used: file is not a database \(.*events\.db[^\n]*\)\n$/);
  }, 60_000);
});
