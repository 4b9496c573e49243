import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { caughtUp, freshRebuild, headOf, leaseHolders, startProjector, versions } from '../support/read-model-files';
import { ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';
import { until } from '../support/until';

const LEASE = { PROJECTOR_LEASE_MS: '600' };

async function write(dataDir: string, from: number, count: number): Promise<number> {
  const writer = await startTestApp({ DATA_DIR: dataDir, PROJECTIONS: 'off' });
  try {
    let head = 0;
    for (let i = from; i < from + count; i += 25) {
      const replies = await Promise.all(Array.from({ length: 25 }, (_, k) => writer.http.post('/v1/people', { personId: `p${i + k}`, name: `P${i + k}` })));
      head = Math.max(head, ...replies.map((r) => r.body.position));
    }
    return head;
  } finally {
    await writer.close();
  }
}

/** The Merkle log's checkpoint in its own store (DATA_DIR/merkle-log.db). */
function merkleCheckpoint(dataDir: string): number | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(join(dataDir, 'merkle-log.db'), { readonly: true, fileMustExist: true });
    return (db.prepare(`SELECT position FROM checkpoints WHERE projection = 'merkle-log'`).get() as { position: number } | undefined)?.position ?? null;
  } catch {
    return null; // not created yet
  } finally {
    db?.close();
  }
}


/** Two projectors on one store: one holds every lease; killed -9, the other takes over without a gap or a double apply. */
describe('projector leases', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the projector holding the leases is killed, then the standby takes over from the checkpoints', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-lease-'));
    const firstHead = await write(dataDir, 0, 300);
    const a = startProjector(dataDir, LEASE);
    const b = startProjector(dataDir, LEASE);
    try {
      await until(() => caughtUp(dataDir, firstHead));
      const holders = new Set(leaseHolders(dataDir));
      expect(holders.size).toBe(1);
      const holder = [...holders][0];
      expect([a.child.pid, b.child.pid]).toContain(holder);
      expect(leaseHolders(dataDir)).toHaveLength(ALL_PROJECTIONS.length + 1); // and the Merkle log's

      const [dead, standby] = holder === a.child.pid ? [a, b] : [b, a];
      dead.child.kill('SIGKILL');
      await dead.exited;
      const secondHead = await write(dataDir, 300, 200);
      await until(() => caughtUp(dataDir, secondHead));
      await until(() => merkleCheckpoint(dataDir) === secondHead);
      expect(new Set(leaseHolders(dataDir))).toEqual(new Set([standby.child.pid]));
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
    }
    const recovered = versions(dataDir);
    expect(recovered.length).toBeGreaterThan(500);
    expect(recovered).toEqual(await freshRebuild(dataDir, headOf(dataDir)));
  }, 120_000);
});

