import type { BatchHandler, EventStore, RecordedEvent, SubscribeOptions, Subscription } from '@duty-ledger/event-store/event-store.port';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import type { ReadStore, RetiredProjection } from './read-store.port';
import { SqliteReadStore } from './sqlite/sqlite.read-store';

/** Just enough of an event log: append, and subscribe (catch-up, then live) in batches. */
class FakeLog {
  readonly events: RecordedEvent[] = [];
  readonly subscribedAfter: (number | undefined)[] = [];
  private wake?: () => void;
  /** Days after 2025-01-01 that new events are recorded on: a restore moves on, so its history differs in record time. */
  private day = 0;

  append(streamId: string, type: string): number {
    const position = (this.events.at(-1)?.position ?? 0) + 10; // not dense, like real positions
    this.events.push({
      position,
      streamId,
      revision: this.events.filter((e) => e.streamId === streamId).length,
      eventId: `event-${position}`,
      type,
      data: {},
      metadata: { actor: { name: 't', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '', hash: '' },
      recordedAt: new Date(Date.UTC(2025, 0, 1 + this.day, 0, 0, position)).toISOString(),
    });
    this.wake?.();
    return position;
  }

  /** The log as an older backup held it: its first `kept` events; what is appended from now on is another history. */
  restoreOlder(kept: number): void {
    this.events.splice(kept);
    this.day++;
  }

  get head(): number {
    return this.events.at(-1)?.position ?? 0;
  }

  asEventStore(): EventStore {
    return {
      subscribe: (options: SubscribeOptions, handler: BatchHandler) => this.subscribe(options, handler),
      headPosition: async () => this.events.at(-1)?.position ?? null,
      readAt: async (position: number) => this.events.find((e) => e.position === position) ?? null,
    } as unknown as EventStore;
  }

  private subscribe({ afterPosition, batchSize = 100 }: SubscribeOptions, handler: BatchHandler): Subscription {
    this.subscribedAfter.push(afterPosition);
    let closed = false;
    let after = afterPosition ?? 0;
    const loop = (async () => {
      while (!closed) {
        const batch = this.events.filter((e) => e.position > after).slice(0, batchSize);
        if (batch.length === 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        await handler(batch);
        after = batch[batch.length - 1].position;
      }
    })();
    return {
      close: async () => {
        closed = true;
        this.wake?.();
        await loop;
      },
    };
  }
}

/** Counts events per stream; `Removed` ends the stream's document. */
const counters: Projection = {
  name: 'counters',
  collections: [{ name: 'counters', indexes: ['types'] }],
  touches: (event) => (event.type === 'Ignored' ? [] : [{ collection: 'counters', id: event.streamId }]),
  project: (event, lookup) => {
    if (event.type === 'Removed') return [{ collection: 'counters', id: event.streamId, doc: null }];
    const previous = lookup('counters', event.streamId) as { count: number; types: string[] } | null;
    const types = [...new Set([...(previous?.types ?? []), event.type])].sort();
    return [{ collection: 'counters', id: event.streamId, doc: { count: (previous?.count ?? 0) + 1, types } }];
  },
};

/** Counts every event in one document. */
const totals: Projection = {
  name: 'totals',
  collections: [{ name: 'totals', indexes: [] }],
  touches: () => [{ collection: 'totals', id: 'all' }],
  project: (_event, lookup) => [{ collection: 'totals', id: 'all', doc: { count: ((lookup('totals', 'all')?.count as number) ?? 0) + 1 } }],
};

const quietLogger = { log: jest.fn(), error: jest.fn() };

describe('ProjectionRunner', () => {
  let log: FakeLog;
  let store: ReadStore;
  const runners: ProjectionRunner[] = [];

  function runner(projections: Projection[], options: { batchSize?: number; retired?: RetiredProjection[]; onProgress?: (position: number) => void } = {}): ProjectionRunner {
    const created = new ProjectionRunner(log.asEventStore(), store, projections, { logger: quietLogger, retry: { minMs: 1, maxMs: 5 }, ...options });
    runners.push(created);
    return created;
  }

  /** Every version of every counter, as of every position of the log. */
  async function history(): Promise<unknown[]> {
    const snapshot: unknown[] = [];
    for (const { position } of log.events) snapshot.push(await store.find('counters', {}, { asOfPosition: position }));
    return snapshot;
  }

  beforeEach(() => {
    log = new FakeLog();
    store = new SqliteReadStore({ file: ':memory:' });
    quietLogger.error.mockClear();
  });

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await store.close();
  });

  it('given a store holding a retired projection, when started, then its rows and checkpoint are gone and the others built', async () => {
    log.append('a', 'Opened');
    await runner([counters, totals]).start();
    expect(await runners[0].waitFor(log.head, 5000)).toBe(true);
    await runners[0].stop();
    const r = runner([counters], { retired: [{ name: 'totals', collections: ['totals'] }] });
    await r.start();
    expect(await store.checkpoint('totals')).toBeNull();
    await store.defineCollections(totals.collections);
    expect(await store.find('totals', {}, { asOfPosition: log.head })).toEqual([]);
    expect((await store.find('counters', {})).map((d) => d.id)).toEqual(['a']);
  });

  it('given a retired projection or collection that is still run, then the runner refuses to be made', () => {
    expect(() => runner([counters], { retired: [{ name: 'counters', collections: [] }] })).toThrow(/retired projection counters is still run/);
    expect(() => runner([counters], { retired: [{ name: 'old', collections: ['counters'] }] })).toThrow(/retired collection counters is still run/);
  });

  it('when batches are applied, then onProgress is told each new position every projection has reached, once each', async () => {
    for (const stream of ['a', 'b', 'c', 'd', 'e']) log.append(stream, 'Opened');
    const told: number[] = [];
    const r = runner([counters, totals], { batchSize: 2, onProgress: (position) => told.push(position) });
    await r.start();
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    log.append('a', 'Ignored'); // touches nothing of counters: every checkpoint still moves
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    expect(told).toEqual([20, 40, 50, 60]);
  });

  it('when asked to wait for the head, then it answers true once caught up, and false once stopped', async () => {
    for (const stream of ['a', 'b', 'c']) log.append(stream, 'Opened');
    const r = runner([counters], { batchSize: 1 });
    await r.start();
    expect(await r.waitForHead()).toBe(true);
    expect(await store.checkpoint('counters')).toMatchObject({ position: log.head });
    await r.stop();
    log.append('d', 'Opened');
    expect(await r.waitForHead()).toBe(false);
  });

  it('when started over a log, then it catches up, then follows live appends', async () => {
    log.append('a', 'Opened');
    log.append('b', 'Opened');
    log.append('a', 'Renamed');
    const r = runner([counters, totals], { batchSize: 2 });
    await r.start();
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    expect((await store.get('counters', 'a'))?.doc).toEqual({ count: 2, types: ['Opened', 'Renamed'] });

    log.append('b', 'Renamed');
    log.append('a', 'Removed');
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    expect(await r.projectedPosition()).toBe(log.head);
    expect((await store.get('counters', 'b'))?.doc).toEqual({ count: 2, types: ['Opened', 'Renamed'] });
    expect(await store.get('counters', 'a')).toBeNull();
    expect((await store.get('totals', 'all'))?.doc).toEqual({ count: 5 });
    expect((await store.find('counters', { types: 'Renamed' })).map((d) => d.id)).toEqual(['b']);
  });

  it('when an event changes a document an earlier event of the same batch changed, then it sees that change', async () => {
    for (let i = 0; i < 5; i++) log.append('a', 'Touched');
    const r = runner([counters], { batchSize: 100 });
    await r.start();
    await r.waitFor(log.head, 5000);
    expect((await store.get('counters', 'a'))?.doc).toEqual({ count: 5, types: ['Touched'] });
  });

  it('when a batch changes nothing for a projection, then its checkpoint still advances', async () => {
    log.append('a', 'Ignored');
    const r = runner([counters]);
    await r.start();
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    expect(await store.checkpoint('counters')).toMatchObject({ position: log.head });
  });

  it('when run twice from scratch, then the same documents and versions', async () => {
    for (const [stream, type] of [['a', 'Opened'], ['b', 'Opened'], ['a', 'Renamed'], ['a', 'Removed'], ['b', 'Closed']]) log.append(stream, type);
    const first = runner([counters], { batchSize: 2 });
    await first.start();
    await first.waitFor(log.head, 5000);
    await first.stop();
    const once = await history();

    await store.reset();
    const second = runner([counters], { batchSize: 3 });
    await second.start();
    await second.waitFor(log.head, 5000);
    expect(await history()).toEqual(once);
  });

  it('when restarted, then it resumes from the checkpoint with no duplicate versions', async () => {
    log.append('a', 'Opened');
    log.append('a', 'Renamed');
    const first = runner([counters]);
    await first.start();
    await first.waitFor(log.head, 5000);
    await first.stop();
    const checkpoint = log.head;

    log.append('a', 'Closed');
    const second = runner([counters]);
    await second.start();
    await second.waitFor(log.head, 5000);

    expect(log.subscribedAfter).toEqual([undefined, checkpoint]);
    const versions = [];
    for (const { position } of log.events) versions.push((await store.get('counters', 'a', { asOfPosition: position }))?.fromPosition);
    expect(versions).toEqual(log.events.map((e) => e.position));
    expect((await store.get('counters', 'a'))?.doc).toMatchObject({ count: 3 });
  });

  describe('given read models projected from a log restored since from an older backup', () => {
    /** Read models of a, b, c, d; then the log as it was after a, b; then `appended` events of another history. */
    async function projectedThenRestored(appended: [string, string][]): Promise<void> {
      for (const [stream, type] of [['a', 'Opened'], ['b', 'Opened'], ['a', 'Renamed'], ['c', 'Opened']]) log.append(stream, type);
      const first = runner([counters, totals]);
      await first.start();
      expect(await first.waitFor(log.head, 5000)).toBe(true);
      await first.stop();
      log.restoreOlder(2);
      for (const [stream, type] of appended) log.append(stream, type);
    }

    /** Every document of both read models as of every position of the log, from a store built afresh. */
    async function asBuiltAfresh(): Promise<unknown[]> {
      const fresh = new SqliteReadStore({ file: ':memory:' });
      const built = new ProjectionRunner(log.asEventStore(), fresh, [counters, totals], { logger: quietLogger });
      try {
        await built.start();
        expect(await built.waitFor(log.head, 5000)).toBe(true);
        return await snapshot(fresh);
      } finally {
        await built.stop();
        await fresh.close();
      }
    }

    async function snapshot(of: ReadStore): Promise<unknown[]> {
      const rows: unknown[] = [];
      for (const { position } of log.events) rows.push(await of.find('counters', {}, { asOfPosition: position }), await of.find('totals', {}, { asOfPosition: position }));
      return rows;
    }

    it('when events of another history now stand where the checkpoints point, then the store is emptied, the reason logged, and rebuilt from the log', async () => {
      await projectedThenRestored([['a', 'Closed'], ['d', 'Opened'], ['b', 'Renamed']]); // positions 30, 40, 50: 30 and 40 are checkpointed
      const expected = await asBuiltAfresh();
      const r = runner([counters, totals]);
      await r.start();
      expect(await r.waitFor(log.head, 5000)).toBe(true);

      expect(quietLogger.error).toHaveBeenCalledWith(expect.stringMatching(/projected from another history of the log: projection counters applied position 40 recorded at 2025-01-01T00:00:40.000Z, but the log holds an event recorded at 2025-01-02T00:00:40.000Z there/));
      expect(log.subscribedAfter.at(-1)).toBeUndefined();
      expect(await snapshot(store)).toEqual(expected);
      expect((await store.get('counters', 'c'))).toBeNull(); // c was only in the lost history
      expect((await store.get('totals', 'all'))?.doc).toEqual({ count: 5 });
    });

    it('when the log ends before the checkpoints, then the store is emptied and rebuilt, and what is appended next is applied', async () => {
      await projectedThenRestored([]);
      const r = runner([counters, totals]);
      await r.start();
      expect(quietLogger.error).toHaveBeenCalledWith(expect.stringMatching(/applied position 40 .*, but the log holds no event there/));
      expect(await r.waitFor(log.head, 5000)).toBe(true);
      expect(await store.checkpoint('counters')).toMatchObject({ position: 20 });

      log.append('d', 'Opened'); // position 30: below the lost checkpoint at 40, applied all the same
      expect(await r.waitFor(log.head, 5000)).toBe(true);
      expect((await store.find('counters', {})).map((d) => d.id)).toEqual(['a', 'b', 'd']);
      expect(await snapshot(store)).toEqual(await asBuiltAfresh());
    });

    it('when the log still holds every checkpointed event as projected, then nothing is reset', async () => {
      for (const [stream, type] of [['a', 'Opened'], ['b', 'Opened']]) log.append(stream, type);
      const first = runner([counters, totals]);
      await first.start();
      expect(await first.waitFor(log.head, 5000)).toBe(true);
      await first.stop();
      const reset = jest.spyOn(store, 'reset');
      log.append('c', 'Opened');

      const second = runner([counters, totals]);
      await second.start();
      expect(await second.waitFor(log.head, 5000)).toBe(true);
      expect(reset).not.toHaveBeenCalled();
      expect(quietLogger.error).not.toHaveBeenCalled();
      expect(log.subscribedAfter).toEqual([undefined, 20]);
    });
  });

  it('when a projection is added, then the runner starts from the lowest checkpoint and the others skip what they applied', async () => {
    log.append('a', 'Opened');
    const first = runner([counters]);
    await first.start();
    await first.waitFor(log.head, 5000);
    await first.stop();

    log.append('a', 'Renamed');
    const second = runner([counters, totals]);
    await second.start();
    expect(await second.waitFor(log.head, 5000)).toBe(true);
    expect(log.subscribedAfter).toEqual([undefined, undefined]);
    expect((await store.get('counters', 'a'))?.doc).toMatchObject({ count: 2 });
    expect((await store.get('totals', 'all'))?.doc).toEqual({ count: 2 });
  });

  it('when the position is not reached in time, then waitFor answers false', async () => {
    log.append('a', 'Opened');
    const r = runner([counters]);
    await r.start();
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    expect(await r.waitFor(log.head + 1, 20)).toBe(false);
  });

  it('when waitFor is called before the position is applied, then it resolves once it is', async () => {
    const r = runner([counters]);
    await r.start();
    expect(await r.projectedPosition()).toBeNull();
    const waiting = r.waitFor(10, 5000);
    log.append('a', 'Opened');
    expect(await waiting).toBe(true);
  });

  it('when a projection throws, then the error is logged and the batch retried, not skipped', async () => {
    let failures = 2;
    const flaky: Projection = {
      ...counters,
      project: (event, lookup) => {
        if (failures-- > 0) throw new Error('transient');
        return counters.project(event, lookup);
      },
    };
    log.append('a', 'Opened');
    const r = runner([flaky]);
    await r.start();
    expect(await r.waitFor(log.head, 5000)).toBe(true);
    expect(quietLogger.error).toHaveBeenCalledTimes(2);
    expect((await store.get('counters', 'a'))?.doc).toMatchObject({ count: 1 });
  });

  it('when a projection looks up a document touches() did not list, then the batch is refused', async () => {
    const sneaky: Projection = { ...counters, project: (event, lookup) => (lookup('counters', 'elsewhere'), counters.project(event, lookup)) };
    log.append('a', 'Opened');
    const r = runner([sneaky]);
    await r.start();
    expect(await r.waitFor(log.head, 50)).toBe(false);
    expect(quietLogger.error).toHaveBeenCalled();
  });
});
