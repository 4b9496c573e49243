import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** Replays into one folder, one after another: the folder says what the last one's point held, nothing more. */
describe('cli replay into a folder an earlier replay wrote', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when a later point is replayed, then an earlier one into the same folder, then only the earlier point’s collections have files', async () => {
    const t = await startTestApp();
    try {
      await seed(t.app, UNIVERSITY);
    } finally {
      await t.close();
    }
    const out = mkdtempSync(join(tmpdir(), 'dl-replay-same-out-'));
    const replay = (until: string) => execFileSync(process.execPath, [CLI, 'replay', '--until', until, '--out', out], { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    replay('1000000');
    expect(existsSync(join(out, 'findings.jsonl'))).toBe(true);
    // The first seed commands register units, before any person or finding.
    expect(replay('1')).toMatch(/^replayed through position \d+: units 1\n$/);
    expect(readdirSync(out).filter((f) => f.endsWith('.jsonl'))).toEqual(['units.jsonl']);
  }, 60_000);
});
