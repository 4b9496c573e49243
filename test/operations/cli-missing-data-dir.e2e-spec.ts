import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';

const CLI = BUILT_CLI;

/** The commands that read the log, on a DATA_DIR that holds none (a typo): refused, and nothing made there. */
describe('cli on a DATA_DIR without an event log', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it.each([
    [['stats']],
    [['report', '--unit', 'c', '--year', '2019']],
    [['export', 'trail', '--finding', 'f']],
    [['replay', '--until', '1', '--out', join(mkdtempSync(join(tmpdir(), 'dl-missing-out-')), 'out')]],
    [['rebuild']],
  ])('when %j runs on a data directory that does not exist, then it fails naming the missing log, exits 78 (a bad setting) and creates nothing', (args) => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'dl-missing-')), 'no-such-dir');
    const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(78); // EX_CONFIG: DATA_DIR names no log
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`duty-ledger: DATA_DIR=${JSON.stringify(dataDir)}: no event log at ${join(dataDir, 'events.db')} (the server or seed makes one)\n`);
    expect(existsSync(dataDir)).toBe(false);
  });
});
