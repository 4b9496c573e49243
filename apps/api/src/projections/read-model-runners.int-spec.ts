import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { loadConfig } from '../platform/config/load-config';
import { FileGenerationPointer } from '../platform/stores/file.generation-pointer';
import { REBUILD_LEASE } from '../platform/stores/rebuild-lease';
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

  it('when a rebuild is discarded, then its generation’s files are gone and the generation in force is left alone', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const inForce = generationBuild(config, events, 'gold', { logger: quiet });
    const build = generationBuild(config, events, 'gnew', { logger: quiet });
    try {
      await inForce.start();
      expect(await inForce.caughtUp()).toBe(true);
      await inForce.runner.stop();
      await inForce.store.close();
      await new FileGenerationPointer(dir).putInForce('gold');
      await build.start();
      expect(readdirSync(dir).filter((f) => f.startsWith('read-models.gnew.db'))).not.toEqual([]);

      await build.discard();
      expect(readdirSync(dir).filter((f) => f.startsWith('read-models.gnew.db'))).toEqual([]);
      await generationBuild(config, events, 'gold', { logger: quiet }).discard(); // the generation in force: kept
      expect(existsSync(join(dir, 'read-models.gold.db'))).toBe(true);
    } finally {
      await events.close();
    }
  });

  it('when a rebuild froze past its lease and another process claimed its generation, then the rebuild stops and cannot be put in force', async () => {
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const metadata = { actor: { name: 'spec', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
    await events.append('person-a', [{ type: 'PersonRegistered', data: { personId: 'a', name: 'A' }, metadata }], { expectedRevision: 'no_stream' });
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', REBUILD_LEASE_MS: '60' });
    const build = generationBuild(config, events, 'gfrozen', { logger: quiet });
    try {
      await build.start();
      for (const until = Date.now() + 120; Date.now() < until; ) {
        /* frozen: no renewal runs */
      }
      expect(await build.store.acquireLease(REBUILD_LEASE, 'sweep', 60_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 60)); // the next renewal is refused
      expect(await build.caughtUp()).toBe(false); // the lost lease stopped the runner
      expect(build.lost()?.message).toMatch(/lost its lease on generation gfrozen/);
      await expect(build.confirm()).rejects.toThrow(/lost its lease/);
    } finally {
      await build.discard();
      await events.close();
    }
  });
});
