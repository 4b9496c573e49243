import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDataDir } from './data-dir';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('ensureDataDir', () => {
  const saved = process.umask(0o022); // the usual umask, under which a plain mkdir gives 0755
  afterAll(() => process.umask(saved));

  it('when DATA_DIR is missing, then it and the parents made for it are the server user’s alone (0700): the event log keeps rationales in plain', () => {
    const root = mkdtempSync(join(tmpdir(), 'data-dir-'));
    const dataDir = join(root, 'deploy', 'data');
    ensureDataDir(dataDir);
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(join(root, 'deploy')).toString(8)).toBe('700');
  });

  it('when DATA_DIR exists, then its mode is left as the operator set it', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'data-dir-')), 'shared');
    mkdirSync(dataDir, { mode: 0o750 });
    ensureDataDir(dataDir);
    expect(modeOf(dataDir).toString(8)).toBe('750');
  });
});
