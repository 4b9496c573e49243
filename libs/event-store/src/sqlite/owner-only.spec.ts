import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepToOwner } from './owner-only';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('keepToOwner', () => {
  it('when a database and its WAL and shared-memory files are readable by all, then each is made its owner’s alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'owner-only-')), 'events.db');
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(file + suffix, '', { mode: 0o644 });
    keepToOwner(file);
    expect(['', '-wal', '-shm'].map((suffix) => modeOf(file + suffix))).toEqual(['600', '600', '600']);
  });

  it('when the WAL and shared-memory files are not there yet, then the database alone is changed and nothing fails', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'owner-only-')), 'read-models.db');
    writeFileSync(file, '', { mode: 0o664 });
    keepToOwner(file);
    expect(modeOf(file)).toBe('600');
  });

  it('when the database is in memory, then there is no file to change', () => {
    expect(() => keepToOwner(':memory:')).not.toThrow();
  });
});
