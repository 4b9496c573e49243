import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';

/**
 * The CLI's exit codes, as a script running it tells them apart (sysexits): 64 for a command line it cannot use, said
 * once whether commander or the command found it; 78 for a setting it cannot use; 0 for help.
 */
describe('cli exit codes', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BUILT_CLI, ...args], {
      env: { ...process.env, DATA_DIR: join(mkdtempSync(join(tmpdir(), 'dl-exit-')), 'none'), LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each([
    [['stats', '--no-such-option'], /^error: unknown option '--no-such-option'\n$/],
    [['report', '--unit', 'c'], /^error: required option '--year <year>' not specified\n$/],
    [['report', '--unit', 'c', '--year', '19'], /^error: option '--year <year>' argument '19' is invalid\. a year from 1900 to 2999\n$/],
    [['report', '--unit', 'c', '--year', '2019', '--format', 'pdf'], /^duty-ledger: --format is md, csv or json\n$/],
    [['no-such-command'], /^error: unknown command 'no-such-command'\n$/],
  ])('when %j is not a command line it can use, then it exits 64 and says why once', (args, said) => {
    const run = cli(args);
    expect(run.status).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(said);
  });

  it('when a setting is bad, then it exits 78 naming the variable', () => {
    const run = cli(['stats'], { PROJECTIONS: 'sometimes' });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/^duty-ledger: Invalid configuration:\n {2}PROJECTIONS="sometimes": /);
  });

  it('when asked for help, then it prints it and exits 0; with no command, the help goes to stderr and it exits 64', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: duty-ledger /);
    expect(help.stderr).toBe('');
    const none = cli([]);
    expect(none.status).toBe(64);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: duty-ledger /);
    expect(none.stderr).not.toMatch(/duty-ledger: /);
  });

  it('when verify is given a command line it cannot use, then it keeps its own code, 2', () => {
    expect(cli(['verify', '--no-such-option']).status).toBe(2);
  });
});
