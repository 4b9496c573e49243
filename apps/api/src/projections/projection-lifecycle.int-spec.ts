import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { SwitchableReadStore } from '@duty-ledger/read-store/switchable.read-store';
import { loadConfig } from '../platform/config/load-config';
import { FileGenerationPointer } from '../platform/stores/file.generation-pointer';
import { ProjectionLifecycle } from './projection-lifecycle';

describe('ProjectionLifecycle', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lifecycle-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the sweep of generations cannot reach its store, then the projections start anyway, and the failure is counted', async () => {
    // Nothing listens on port 1: the MongoDB sweep fails once the driver gives up selecting a server.
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PROJECTIONS: 'inline', MONGODB_URI: 'mongodb://127.0.0.1:1/ledger?serverSelectionTimeoutMS=200' });
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const reads = new SwitchableReadStore(new SqliteReadStore({ file: join(dir, 'read-models.db') }), undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined); // kept out of the test's output
    const lifecycle = new ProjectionLifecycle(config, events, reads, new FileGenerationPointer(dir));
    try {
      await lifecycle.onApplicationBootstrap();
      expect(lifecycle.sweeps).toEqual({ abandoned: 0, replaced: 0, failed: 1 });
      expect(await lifecycle.progress.projectedPosition()).toBeNull(); // running, on an empty log
    } finally {
      warn.mockRestore();
      await lifecycle.onApplicationShutdown();
      await Promise.all([reads.close(), events.close()]);
    }
  });
});
