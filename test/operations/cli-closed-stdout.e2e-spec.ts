import { spawn } from 'node:child_process';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** Output piped to a reader that stops early (`duty-ledger stats | head -3`). */
describe('cli output to a closed pipe', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the reader of stdout has gone, then the command ends quietly with 0, not with an EPIPE stack trace', async () => {
    const t = await startTestApp();
    await t.close();
    const child = spawn(process.execPath, [CLI, 'stats'], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
