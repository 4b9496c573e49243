import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { readModelFile } from '../support/read-model-files';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every document in force at `position`, as `collection|id|doc`, from a read-model file's versions. */
function asOf(file: string, position: number): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[number, number], { row: string }>("SELECT collection || '|' || id || '|' || doc AS row FROM versions WHERE from_position <= ? AND to_position > ? ORDER BY collection, id")
      .all(position, position)
      .map((r) => r.row);
  } finally {
    db.close();
  }
}

/** `cli replay --until <instant>` builds exactly the read models the API answers as of that instant. */
describe('cli replay --until', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the record is replayed until a past instant, then its read models equal the API’s as of that instant, and are exported as JSON lines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-replay-'));
    const t = await startTestApp({ DATA_DIR: dataDir });
    let instant: string;
    let position: number;
    try {
      await seed(t.app, UNIVERSITY.slice(0, 30));
      await sleep(20);
      instant = new Date().toISOString();
      await sleep(20);
      const { lastPosition } = await seed(t.app, UNIVERSITY);
      position = (await t.http.get(`/v1/units/suhms-committee?asOf=${instant}&at=2019-06-01&consistentWith=${lastPosition}`)).body.meta.asOfPosition;
    } finally {
      await t.close();
    }
    const out = mkdtempSync(join(tmpdir(), 'dl-replay-out-'));
    const printed = execFileSync(process.execPath, [CLI, 'replay', '--until', instant, '--out', out], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(printed).toContain(`replayed through position ${position}`);

    const api = asOf(readModelFile(dataDir), position);
    expect(api.length).toBeGreaterThan(20);
    expect(asOf(join(out, 'read-models.db'), Number.MAX_SAFE_INTEGER - 1)).toEqual(api);
    const units = readFileSync(join(out, 'units.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(units.map((u: { id: string }) => u.id)).toContain('suhms-committee');
    // The first 30 seed commands come before any finding: the record then had none.
    expect(existsSync(join(out, 'findings.jsonl'))).toBe(false);

    // A seed command writes its event and its idempotency key: a position between them replays the whole command.
    const within = mkdtempSync(join(tmpdir(), 'dl-replay-within-'));
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    expect(execFileSync(process.execPath, [CLI, 'replay', '--until', String(position - 1), '--out', within], { env, encoding: 'utf8' })).toContain(`replayed through position ${position}`);
    // An instant on a day the calendar lacks is refused, not rolled over to the next day.
    expect(() => execFileSync(process.execPath, [CLI, 'replay', '--until', '2019-02-29T00:00:00Z', '--out', within], { env, encoding: 'utf8', stdio: 'pipe' })).toThrow(/calendar/);
  }, 60_000);
});
