import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SqliteReadStore } from './sqlite.read-store';

/**
 * Another connection committing to the read models' file while this one applies a batch (a CLI seed or rebuild's
 * projector beside the API's): a batch reads its checkpoint before it writes, and a transaction that read before the
 * other's commit could not write after it (SQLITE_BUSY_SNAPSHOT, logged as a failed batch and retried). Each batch
 * takes the write lock when it begins, waiting its turn, so it reads what the other committed.
 */
describe('SqliteReadStore beside another writer of its file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-store-other-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Commits a checkpoint of its own projection, one a transaction, until told to stop; answers how many it wrote. */
  const otherWriter = (file: string) =>
    new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const db = new (require('better-sqlite3'))(workerData.file, { timeout: 5000 });
       const write = db.prepare("INSERT INTO checkpoints (projection, position, recorded_at) VALUES ('other', ?, '') ON CONFLICT (projection) DO UPDATE SET position = excluded.position");
       let stop = false, n = 0;
       parentPort.on('message', () => (stop = true));
       const loop = () => { for (let i = 0; i < 50; i++) write.run(++n); if (stop) { db.close(); parentPort.postMessage(n); } else setImmediate(loop); };
       parentPort.postMessage('ready');
       loop();`,
      { eval: true, workerData: { file } },
    );

  it('when the other commits all the while, then every batch is applied and none fails', async () => {
    const file = join(dir, 'read-models.db');
    const store = new SqliteReadStore({ file });
    await store.defineCollections([{ name: 'units', indexes: ['name'] }]);
    const worker = otherWriter(file);
    await new Promise((resolve) => worker.once('message', resolve));
    try {
      for (let position = 1; position <= 300; position++) {
        const recordedAt = new Date(Date.UTC(2025, 0, 1, 0, 0, position)).toISOString();
        await store.apply('units', [{ position, recordedAt, changes: [{ collection: 'units', id: `u${position % 7}`, doc: { name: `U${position}` } }] }], { position, recordedAt });
      }
    } finally {
      worker.postMessage('stop');
      const written = await new Promise<number>((resolve) => worker.once('message', resolve));
      expect(written).toBeGreaterThan(0);
      await worker.terminate();
    }
    expect((await store.checkpoint('units'))?.position).toBe(300);
    expect((await store.get('units', 'u6'))?.doc).toEqual({ name: 'U300' });
    await store.close();
  });
});
