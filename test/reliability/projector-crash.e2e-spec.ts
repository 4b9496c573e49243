import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const PROJECTOR = join(__dirname, '..', '..', 'dist', 'apps', 'projector', 'src', 'main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startProjector(dataDir: string): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [PROJECTOR], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

/** Every projection's checkpoint, or [] before the read store exists. */
function checkpoints(dataDir: string): number[] {
  try {
    const db = new Database(join(dataDir, 'read-models.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare<[], { position: number }>('SELECT position FROM checkpoints').all().map((r) => r.position);
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** Every version of every document, in a stable order: what "the read models" are, byte for byte. */
function versions(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'read-models.db'), { readonly: true });
  try {
    return db
      .prepare<[], { row: string }>("SELECT collection || '|' || id || '|' || from_position || '|' || to_position || '|' || doc AS row FROM versions ORDER BY collection, id, from_position")
      .all()
      .map((r) => r.row);
  } finally {
    db.close();
  }
}

async function projectToHead(dataDir: string, head: number, projections: number): Promise<void> {
  const { child, exited } = startProjector(dataDir);
  for (let i = 0; i < 1200; i++) {
    const done = checkpoints(dataDir);
    if (done.length === projections && done.every((p) => p >= head)) break;
    await sleep(25);
  }
  child.kill('SIGTERM');
  await exited;
}

/**
 * The projector as its own process is killed -9 in the middle of catching up; restarted, it converges to exactly the
 * read models a fresh rebuild produces — no lost and no duplicate versions.
 */
describe('projector crash', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the projector is killed -9 mid-way and restarted, then the read models equal a fresh rebuild', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-projector-crash-'));
    const writer = await startTestApp({ DATA_DIR: dataDir, PROJECTIONS: 'off' });
    let head: number;
    try {
      await seed(writer.app, UNIVERSITY);
      for (let round = 0; round < 40; round++)
        await Promise.all(Array.from({ length: 50 }, (_, i) => writer.http.post('/v1/people', { personId: `p-${round}-${i}`, name: `Person ${round}.${i}` })));
      head = (await writer.http.get('/v1/events?fromPosition=0&limit=1')).body.meta.asOfPosition;
    } finally {
      await writer.close();
    }
    const projections = ALL_PROJECTIONS.length;
    const first = startProjector(dataDir);
    let killedMidway = false;
    for (let i = 0; i < 2000 && !killedMidway; i++) {
      const done = checkpoints(dataDir);
      if (done.some((p) => p > 0) && !(done.length === projections && done.every((p) => p >= head))) {
        first.child.kill('SIGKILL');
        killedMidway = true;
      } else await sleep(2);
    }
    await first.exited;
    expect(killedMidway).toBe(true);

    await projectToHead(dataDir, head, projections);
    const fresh = mkdtempSync(join(tmpdir(), 'dl-projector-fresh-'));
    copyFileSync(join(dataDir, 'events.db'), join(fresh, 'events.db'));
    await projectToHead(fresh, head, projections);

    const recovered = versions(dataDir);
    expect(recovered.length).toBeGreaterThan(2000);
    expect(recovered).toEqual(versions(fresh));
  }, 120_000);
});
