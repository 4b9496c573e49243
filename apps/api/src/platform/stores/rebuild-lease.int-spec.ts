import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { sleep } from '../../../../../test/support/until';
import { REBUILD_LEASE, RebuildLease, leaseOwner, ownedBy } from './rebuild-lease';

/** Holds the thread as a frozen process would: no timer runs meanwhile. */
function freeze(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* busy */
  }
}

describe('RebuildLease', () => {
  let dir: string;
  let store: SqliteReadStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rebuild-lease-'));
    store = new SqliteReadStore({ file: join(dir, 'read-models.gnew.db'), unsealed: true });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A rebuild's lease on generation `gnew`, taken. */
  const taken = async (ttlMs: number): Promise<RebuildLease> => {
    const lease = new RebuildLease(store, 'gnew', () => undefined, { deployment: 'spec', ttlMs });
    await lease.take();
    return lease;
  };

  it('when a rebuild holds its generation, then its renewals keep a sweep from claiming it past the lease time, and it confirms', async () => {
    const lease = await taken(300);
    try {
      await sleep(900); // three lease times, renewed every 100 ms (a renewal late by 200 ms would let it lapse)
      expect(await store.acquireLease(REBUILD_LEASE, 'sweep', 60_000)).toBe(false);
      await expect(lease.confirm()).resolves.toBeUndefined();
      expect(lease.lost).toBeUndefined();
    } finally {
      lease.stop();
    }
  });

  it('when another rebuild holds the generation, then taking it is refused', async () => {
    const first = await taken(60_000);
    try {
      await expect(taken(60_000)).rejects.toThrow(/being built by another rebuild/);
    } finally {
      first.stop();
    }
  });

  it('when the rebuild froze past its lease and a sweep claimed the generation, then its next renewal loses it, and it cannot confirm', async () => {
    const lease = await taken(60);
    try {
      freeze(120);
      expect(await store.acquireLease(REBUILD_LEASE, 'sweep', 60_000)).toBe(true);
      await sleep(100); // a renewal is due every 20 ms
      expect(lease.lost?.message).toMatch(/lost its lease on generation gnew/);
      await expect(lease.confirm()).rejects.toThrow(/lost its lease/);
    } finally {
      lease.stop();
    }
  });

  it('when the generation was dropped under a frozen rebuild (its lease gone with it), then confirming fails rather than taking the lease afresh', async () => {
    const lease = await taken(1);
    lease.stop(); // frozen: no renewal
    await sleep(10);
    expect(await store.acquireLease(REBUILD_LEASE, 'sweep', 60_000)).toBe(true);
    await store.releaseLease(REBUILD_LEASE, 'sweep'); // what the sweep's drop leaves: no lease at all
    await expect(lease.confirm()).rejects.toThrow(/lost its lease/);
    expect(lease.lost?.message).toMatch(/lost its lease on generation gnew/);
  });
});

describe('lease owners', () => {
  it('name the deployment they were taken for, so a sweep tells its own generations from another deployment’s', () => {
    const [rebuild, sweep] = [leaseOwner('rebuild', 'ledger'), leaseOwner('sweep', 'ledger')];
    expect(rebuild).not.toBe(leaseOwner('rebuild', 'ledger'));
    expect([ownedBy(rebuild, 'ledger'), ownedBy(sweep, 'ledger')]).toEqual([true, true]);
    expect([ownedBy(rebuild, 'ledger-2'), ownedBy(rebuild, 'led'), ownedBy('rebuild-0a1b', 'ledger')]).toEqual([false, false, false]);
  });
});
