import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { loadConfig } from '../platform/config/load-config';
import { generationBuild } from './read-model-runners';

const quiet = { log: () => undefined, error: () => undefined };
const pragma = (store: unknown, name: string): unknown => (store as { db: { pragma(p: string, o: object): unknown } }).db.pragma(name, { simple: true });

describe('generationBuild', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'generation-build-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when a rebuild has caught up with the log, then its store is sealed before anyone may put it in force', async () => {
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const metadata = { actor: { name: 'spec', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
    await events.append('person-a', [{ type: 'PersonRegistered', data: { personId: 'a', name: 'A' }, metadata }], { expectedRevision: 'no_stream' });
    const build = generationBuild(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), events, 'gtest', { logger: quiet });
    try {
      await build.start();
      expect([pragma(build.store, 'synchronous'), pragma(build.store, 'journal_mode')]).toEqual([0, 'memory']);
      expect(await build.caughtUp()).toBe(true);
      expect([pragma(build.store, 'synchronous'), pragma(build.store, 'journal_mode')]).toEqual([1, 'wal']);
      expect((await build.store.get('people', 'a'))?.doc).toMatchObject({ name: 'A' });
    } finally {
      await build.runner.stop();
      await build.store.close();
      await events.close();
    }
  });
});
