import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshRebuild, headOf, versions } from '../support/read-model-files';
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process';

/** Registers `ids` as people; every one must be acknowledged. */
async function register(server: ServerProcess, ids: string[]): Promise<void> {
  const replies = await Promise.all(ids.map((personId) => server.http.post('/v1/people', { personId, name: `Person ${personId}` })));
  expect(replies.map((r) => r.status)).toEqual(ids.map(() => 201));
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

/**
 * The log is restored from a backup older than the read models (the read store is not part of the backup: it is
 * derived). Restarted on it, the server finds checkpoints the log does not bear out, empties the read models and
 * projects them again: what the lost history held is gone from the reads, and what is written after the restore is
 * read, though it stands at positions the old read models had passed.
 */
describe('log restored from an older backup', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the server restarts on the older log and takes new commands, then its read models equal a fresh rebuild of that log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-restored-'));
    const backup = join(mkdtempSync(join(tmpdir(), 'duty-ledger-backup-')), 'events.db');

    const first = await startServer(dataDir);
    await register(first, ['kept-1', 'kept-2']);
    await stop(first); // the log is closed, its WAL checkpointed: the file alone is a backup
    copyFileSync(join(dataDir, 'events.db'), backup);

    const second = await startServer(dataDir);
    await register(second, ['lost-1', 'lost-2', 'lost-3', 'lost-4']);
    const lostHead = (await second.http.get('/v1/events?fromPosition=0&limit=1')).body.meta.asOfPosition as number;
    expect((await second.http.get(`/v1/people/lost-4?consistentWith=${lostHead}`)).status).toBe(200);
    await stop(second);

    for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, `events.db${suffix}`), { force: true });
    copyFileSync(backup, join(dataDir, 'events.db'));

    const third = await startServer(dataDir);
    let head: number;
    try {
      await register(third, ['new-1']);
      head = (await third.http.get('/v1/events?fromPosition=0&limit=1')).body.meta.asOfPosition as number;
      expect(head).toBeLessThan(lostHead); // the new event stands where the lost history's events stood
      expect((await third.http.get(`/v1/people/new-1?consistentWith=${head}`)).status).toBe(200);
      expect((await third.http.get(`/v1/people/lost-4?consistentWith=${head}`)).status).toBe(404);
      const trail = await third.http.get('/v1/audit-trail?subjectId=new-1', { role: 'discipline' });
      expect(trail.status).toBe(200);
      expect(trail.body.items.map((item: { type: string }) => item.type)).toEqual(['PersonRegistered']);
      expect((await third.http.get('/v1/audit-trail?subjectId=lost-4', { role: 'discipline' })).body.items).toEqual([]);
    } finally {
      await stop(third);
    }
    expect(headOf(dataDir)).toBe(head);
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, head));
  }, 60_000);
});
