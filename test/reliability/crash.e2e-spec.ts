import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caughtUp, freshRebuild, versions } from '../support/read-model-files';
import { ensureBuilt, startServer } from '../support/server-process';

/**
 * A 201 means the event is durably in the log: kill -9 the server under concurrent commands, restart, find every one.
 * With commits on the API's thread (EVENT_LOG_WRITER=inline, the default) and on the log's writer thread.
 */
describe.each(['inline', 'thread'])('crash safety (EVENT_LOG_WRITER=%s)', (writer) => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the server is killed -9 right after acknowledging commands under load, then every acknowledged event is in the log after restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-crash-'));
    const first = await startServer(dataDir, { EVENT_LOG_WRITER: writer });
    const acknowledged: string[] = [];
    let killed = false;
    const sends = Array.from({ length: 60 }, async (_, i) => {
      try {
        const reply = await first.http.post('/v1/people', { personId: `p${i}`, name: `Person ${i}` });
        if (reply.status === 201) {
          acknowledged.push(reply.body.id);
          if (acknowledged.length === 15 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      } catch {
        /* the connection died with the server: not acknowledged */
      }
    });
    await Promise.all(sends);
    if (!killed) first.child.kill('SIGKILL');
    await first.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(15);

    const second = await startServer(dataDir, { EVENT_LOG_WRITER: writer });
    let head = -1;
    try {
      for (const id of acknowledged) {
        const stream = await second.http.get(`/v1/streams/person-${id}`);
        expect({ id, status: stream.status }).toEqual({ id, status: 200 });
        expect(stream.body.events[0]).toMatchObject({ type: 'PersonRegistered', data: { personId: id } });
      }
      const log = await second.http.get(`/v1/events?limit=1000`);
      expect(log.body.events.length).toBeGreaterThanOrEqual(acknowledged.length);
      head = log.body.meta.asOfPosition;
      await second.http.get(`/v1/people/${acknowledged[0]}?consistentWith=${head}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    // The inline projector was killed too: after restart its read models equal, row for row, a fresh rebuild.
    expect(caughtUp(dataDir, head)).toBe(true);
    expect(versions(dataDir)).toEqual(await freshRebuild(dataDir, head));
  }, 60_000);
});
