import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readModelFile } from '../support/read-model-files';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** `cli rebuild` on a log nothing was written to yet: there is no position to wait for. */
describe('cli rebuild on an empty log', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the CLI rebuilds a data directory whose log is empty, then it ends at once with a new generation in force', async () => {
    const t = await startTestApp();
    await t.close();
    const before = readModelFile(t.dataDir);
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'rebuild'], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 20_000 });
    expect(stdout).toMatch(/rebuilt through position \(empty log\) into generation \w+, now in force/);
    expect(readModelFile(t.dataDir)).not.toBe(before);
  }, 60_000);
});
