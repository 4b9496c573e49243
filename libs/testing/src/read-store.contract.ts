import type { Document, EventIndexEntry, PositionedChanges, ProjectionBatch, ReadStore } from '@duty-ledger/read-store/read-store.port';
import { checkVersionedReadsAgainstModel } from './read-store.model-check';

const at = (position: number) => `2025-01-01T00:00:${String(position).padStart(2, '0')}.000Z`;

/** One positioned change per call, for terse batches. */
function change(position: number, collection: string, id: string, doc: Document | null): PositionedChanges {
  return { position, recordedAt: at(position), changes: [{ collection, id, doc }] };
}

/**
 * The whole truth about the ReadStore port; every adapter runs it (embedded always, servers when configured).
 * `make` returns an empty store; `teardown` defaults to closing it.
 */
export function describeReadStoreContract(
  name: string,
  make: () => Promise<ReadStore>,
  teardown: (store: ReadStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`ReadStore contract: ${name}`, () => {
    let store: ReadStore;

    beforeEach(async () => {
      store = await make();
      await store.defineCollections([
        { name: 'duties', indexes: ['unitId', 'areas', 'year', 'open'] },
        { name: 'units', indexes: [] },
      ]);
    });

    afterEach(async () => {
      await teardown(store);
    });

    /** Applies each positioned change as its own batch, checkpointing at its position. */
    async function history(...batches: PositionedChanges[]): Promise<void> {
      for (const batch of batches) await store.apply('p', [batch], { position: batch.position, recordedAt: batch.recordedAt });
    }

    describe('versions and as-of reads', () => {
      beforeEach(async () => {
        await history(change(3, 'duties', 'd1', { title: 'v1' }), change(7, 'duties', 'd1', { title: 'v2' }), change(9, 'units', 'u1', { name: 'x' }));
      });

      it('when read as of a position before the first version, then null', async () => {
        expect(await store.get('duties', 'd1', { asOfPosition: 2 })).toBeNull();
      });

      it('when read as of the first version position, then that version (the event at asOfPosition included)', async () => {
        const version = await store.get('duties', 'd1', { asOfPosition: 3 });
        expect(version).toEqual({ id: 'd1', doc: { title: 'v1' }, fromPosition: 3, toPosition: 7, fromRecordedAt: at(3), toRecordedAt: at(7) });
      });

      it('when read between versions, then the earlier one', async () => {
        expect((await store.get('duties', 'd1', { asOfPosition: 6 }))?.doc).toEqual({ title: 'v1' });
      });

      it('when read without asOf, then the latest version, open-ended', async () => {
        expect(await store.get('duties', 'd1')).toEqual({
          id: 'd1',
          doc: { title: 'v2' },
          fromPosition: 7,
          toPosition: null,
          fromRecordedAt: at(7),
          toRecordedAt: null,
        });
      });

      it('when read as of a position past the last change, then the latest version', async () => {
        expect((await store.get('duties', 'd1', { asOfPosition: 1000 }))?.doc).toEqual({ title: 'v2' });
      });

      it('when the id or the collection is unknown, then null', async () => {
        expect(await store.get('duties', 'nope')).toBeNull();
        expect(await store.get('units', 'd1')).toBeNull();
      });

      it('when getMany, then the ids in force at that position, missing ones absent', async () => {
        const found = await store.getMany('duties', ['d1', 'nope'], { asOfPosition: 5 });
        expect([...found.keys()]).toEqual(['d1']);
        expect(found.get('d1')?.doc).toEqual({ title: 'v1' });
        expect((await store.getMany('duties', ['d1'])).get('d1')?.doc).toEqual({ title: 'v2' });
        expect((await store.getMany('duties', ['d1'], { asOfPosition: 1 })).size).toBe(0);
      });
    });

    describe('deletion', () => {
      beforeEach(async () => {
        await history(change(1, 'duties', 'd1', { title: 'v1', unitId: 'u1' }), change(4, 'duties', 'd1', null));
      });

      it('when a document is ended, then the latest read is null', async () => {
        expect(await store.get('duties', 'd1')).toBeNull();
        expect((await store.getMany('duties', ['d1'])).size).toBe(0);
        expect(await store.find('duties', { unitId: 'u1' })).toEqual([]);
      });

      it('when read as of a position before the end, then the version with its end', async () => {
        expect(await store.get('duties', 'd1', { asOfPosition: 3 })).toMatchObject({ doc: { title: 'v1' }, toPosition: 4, toRecordedAt: at(4) });
        expect(await store.find('duties', { unitId: 'u1' }, { asOfPosition: 3 })).toHaveLength(1);
      });

      it('when an ended document is written again, then it lives again from that position', async () => {
        await history(change(6, 'duties', 'd1', { title: 'v3' }));
        expect(await store.get('duties', 'd1', { asOfPosition: 5 })).toBeNull();
        expect((await store.get('duties', 'd1'))?.doc).toEqual({ title: 'v3' });
      });
    });

    describe('find', () => {
      beforeEach(async () => {
        await store.apply(
          'p',
          [
            {
              position: 1,
              recordedAt: at(1),
              changes: [
                { collection: 'duties', id: 'a', doc: { unitId: 'u1', areas: ['safety', 'finance'], year: 2025, open: true } },
                { collection: 'duties', id: 'b', doc: { unitId: 'u1', areas: ['finance'], year: '2025', open: false } },
                { collection: 'duties', id: 'c', doc: { unitId: 'u2', areas: [], year: 2024, open: 1 } },
              ],
            },
            change(2, 'duties', 'a', { unitId: 'u2', areas: ['safety'], year: 2025, open: true }),
          ],
          { position: 2, recordedAt: at(2) },
        );
      });

      const ids = (docs: { id: string }[]) => docs.map((d) => d.id);

      it('when filtered by a scalar field, then the latest matching documents ordered by id', async () => {
        expect(ids(await store.find('duties', { unitId: 'u2' }))).toEqual(['a', 'c']);
      });

      it('when filtered by an array field, then documents whose array contains the value', async () => {
        expect(ids(await store.find('duties', { areas: 'finance' }))).toEqual(['b']);
        expect(ids(await store.find('duties', { areas: 'safety' }))).toEqual(['a']);
      });

      it('when filtered with in, then documents matching any value, each once', async () => {
        expect(ids(await store.find('duties', { unitId: { in: ['u1', 'u2'] } }))).toEqual(['a', 'b', 'c']);
        expect(ids(await store.find('duties', { areas: { in: ['safety', 'finance'] } }, { asOfPosition: 1 }))).toEqual(['a', 'b']);
        expect(await store.find('duties', { unitId: { in: [] } })).toEqual([]);
      });

      it('when filtered with in over more values than SQL binds in one statement (40,000), then each match once', async () => {
        const many = (known: string[]) => [...Array.from({ length: 40_000 }, (_, i) => `unknown-${i}`), ...known];
        expect(ids(await store.find('duties', { unitId: { in: many(['u1']) } }))).toEqual(['b']);
        expect(ids(await store.find('duties', { unitId: { in: many(['u2', 'u1']) }, areas: { in: many(['finance']) } }))).toEqual(['b']);
        expect(ids(await store.find('duties', { year: { in: [2025, '2024', 2025] } }))).toEqual(['a']);
      });

      it('when filtered by several fields, then all must match', async () => {
        expect(ids(await store.find('duties', { unitId: 'u2', year: 2025 }))).toEqual(['a']);
        expect(ids(await store.find('duties', { unitId: { in: ['u1', 'u2'] }, areas: { in: ['finance', 'none'] } }))).toEqual(['b']);
        expect(await store.find('duties', { unitId: 'u1', year: 2024 })).toEqual([]);
      });

      it('when the filter value has another type than the stored one, then it does not match', async () => {
        expect(ids(await store.find('duties', { year: 2025 }))).toEqual(['a']);
        expect(ids(await store.find('duties', { year: '2025' }))).toEqual(['b']);
        expect(ids(await store.find('duties', { open: true }))).toEqual(['a']);
        expect(ids(await store.find('duties', { open: 1 }))).toEqual(['c']);
      });

      it('when found as of a position, then the versions in force then', async () => {
        const found = await store.find('duties', { unitId: 'u1' }, { asOfPosition: 1 });
        expect(ids(found)).toEqual(['a', 'b']);
        expect(found[0]).toMatchObject({ doc: { unitId: 'u1' }, fromPosition: 1, toPosition: 2 });
      });

      it('when the filter is empty, then every document in force', async () => {
        expect(ids(await store.find('duties', {}))).toEqual(['a', 'b', 'c']);
        expect(await store.find('duties', {}, { asOfPosition: 0 })).toEqual([]);
      });

      it('when filtered on a field that was not declared, then it throws', async () => {
        await expect(store.find('duties', { title: 'x' })).rejects.toThrow();
      });
    });

    describe('paging', () => {
      beforeEach(async () => {
        const docs = ['e', 'a', 'd', 'b', 'c'];
        await store.apply(
          'p',
          [{ position: 1, recordedAt: at(1), changes: docs.map((id) => ({ collection: 'duties', id, doc: { unitId: 'u1', n: 1 } })) }],
          { position: 1, recordedAt: at(1) },
        );
      });

      async function pages(options: { asOfPosition?: number; limit: number }): Promise<string[][]> {
        const all: string[][] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.find('duties', { unitId: 'u1' }, { ...options, after });
          if (page.length === 0) return all;
          all.push(page.map((d) => d.id));
          after = page[page.length - 1].id;
        }
      }

      it('when paged with after and limit, then each document once, in id order', async () => {
        expect(await pages({ limit: 2 })).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      });

      it('when documents gain versions between pages, then an as-of paging still sees each document once', async () => {
        const first = await store.find('duties', { unitId: 'u1' }, { asOfPosition: 1, limit: 2 });
        await history(change(2, 'duties', 'a', { unitId: 'u1', n: 2 }), change(3, 'duties', 'c', { unitId: 'u1', n: 2 }));
        const rest = await store.find('duties', { unitId: 'u1' }, { asOfPosition: 1, after: first[1].id });
        expect([...first, ...rest].map((d) => [d.id, d.doc.n])).toEqual([
          ['a', 1],
          ['b', 1],
          ['c', 1],
          ['d', 1],
          ['e', 1],
        ]);
        expect(await pages({ limit: 2 })).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      });
    });

    describe('event indexes', () => {
      /** Event-index entries at these positions, a second apart in record time, each listed under its keys. */
      const entries = (...listed: [position: number, type: string, keys: string[]][]): EventIndexEntry[] =>
        listed.map(([position, type, keys]) => ({ position, recordedAt: at(position), type, keys }));
      const indexed = (index: string, list: EventIndexEntry[], position: number): ProjectionBatch => ({
        projection: `${index}-p`,
        batch: [],
        indexed: { index, entries: list },
        checkpoint: { position, recordedAt: at(position) },
      });
      const all = { limit: 100 };

      beforeEach(async () => {
        await store.applyAll([
          indexed('audit', entries([2, 'Raised', ['f1', 'u1']], [3, 'Renamed', ['u1']], [5, 'Raised', ['f2', 'u1', 'u2']], [8, 'Closed', ['f1', 'f1']]), 8),
        ]);
      });

      it('when asked for a key, then the positions listing it, in log order, each once', async () => {
        expect(await store.findIndexed('audit', { key: 'u1', ...all })).toEqual([2, 3, 5]);
        expect(await store.findIndexed('audit', { key: 'f1', ...all })).toEqual([2, 8]);
        expect(await store.findIndexed('audit', { key: 'nobody', ...all })).toEqual([]);
        expect(await store.findIndexed('other', { key: 'u1', ...all })).toEqual([]);
      });

      it('when asked as of a position, then only entries at or before it', async () => {
        expect(await store.findIndexed('audit', { key: 'u1', asOfPosition: 5, ...all })).toEqual([2, 3, 5]);
        expect(await store.findIndexed('audit', { key: 'u1', asOfPosition: 4, ...all })).toEqual([2, 3]);
        expect(await store.findIndexed('audit', { key: 'u1', asOfPosition: 1, ...all })).toEqual([]);
      });

      it('when filtered by type and by record time (both bounds inclusive, any zone), then only those', async () => {
        expect(await store.findIndexed('audit', { key: 'u1', type: 'Raised', ...all })).toEqual([2, 5]);
        expect(await store.findIndexed('audit', { key: 'u1', from: at(3), to: at(5), ...all })).toEqual([3, 5]);
        expect(await store.findIndexed('audit', { key: 'u1', from: '2025-01-01T08:00:03+08:00', ...all })).toEqual([3, 5]);
        expect(await store.findIndexed('audit', { key: 'u1', type: 'Raised', to: at(4), ...all })).toEqual([2]);
        await expect(store.findIndexed('audit', { key: 'u1', from: 'yesterday', ...all })).rejects.toThrow(RangeError);
      });

      it('when a bound has digits past the millisecond, then it is the instant written: `from` a tenth of a millisecond after an entry leaves it out', async () => {
        expect(await store.findIndexed('audit', { key: 'u1', from: '2025-01-01T00:00:03.0001Z', ...all })).toEqual([5]);
        expect(await store.findIndexed('audit', { key: 'u1', from: '2025-01-01T00:00:02.999999999Z', ...all })).toEqual([3, 5]);
        expect(await store.findIndexed('audit', { key: 'u1', from: '2025-01-01T00:00:03.000000000Z', ...all })).toEqual([3, 5]);
        expect(await store.findIndexed('audit', { key: 'u1', to: '2025-01-01T00:00:03.0009Z', ...all })).toEqual([2, 3]);
      });

      it('when paged with afterPosition and limit, then each entry once', async () => {
        expect(await store.findIndexed('audit', { key: 'u1', limit: 2 })).toEqual([2, 3]);
        expect(await store.findIndexed('audit', { key: 'u1', afterPosition: 3, limit: 2 })).toEqual([5]);
        expect(await store.findIndexed('audit', { key: 'u1', afterPosition: 5, limit: 2 })).toEqual([]);
      });

      it('when a batch is replayed, in whole or in part, then no entry is listed twice', async () => {
        await store.applyAll([indexed('audit', entries([5, 'Raised', ['u1']], [8, 'Closed', ['f1']], [9, 'Raised', ['u1']]), 9)]);
        await store.applyAll([indexed('audit', entries([9, 'Raised', ['u1']]), 9)]);
        expect(await store.findIndexed('audit', { key: 'u1', ...all })).toEqual([2, 3, 5, 9]);
        expect(await store.checkpoint('audit-p')).toEqual({ position: 9, recordedAt: at(9) });
      });

      it('when written with document changes in one batch, then both are applied under its checkpoint', async () => {
        await store.applyAll([{ ...indexed('trail', entries([4, 'Assigned', ['d1']]), 4), batch: [change(4, 'duties', 'd1', { unitId: 'u1' })] }]);
        expect(await store.findIndexed('trail', { key: 'd1', ...all })).toEqual([4]);
        expect((await store.get('duties', 'd1'))?.fromPosition).toBe(4);
      });

      it('when reset, then the entries are gone; when retired, only its own index is', async () => {
        await store.applyAll([indexed('kept', entries([9, 'Raised', ['u1']]), 9)]);
        await store.retire({ name: 'audit-p', collections: [], eventIndexes: ['audit'] });
        expect(await store.findIndexed('audit', { key: 'u1', ...all })).toEqual([]);
        expect(await store.checkpoint('audit-p')).toBeNull();
        expect(await store.findIndexed('kept', { key: 'u1', ...all })).toEqual([9]);
        await store.reset();
        expect(await store.findIndexed('kept', { key: 'u1', ...all })).toEqual([]);
      });
    });

    describe('checkpoints', () => {
      it('when nothing was applied, then the checkpoint is null', async () => {
        expect(await store.checkpoint('p')).toBeNull();
      });

      it('when a batch is applied, then the checkpoint moves with it, even for an empty batch', async () => {
        await store.apply('p', [change(2, 'duties', 'd1', { title: 'v1' })], { position: 5, recordedAt: at(5) });
        expect(await store.checkpoint('p')).toEqual({ position: 5, recordedAt: at(5) });
        await store.apply('p', [], { position: 8, recordedAt: at(8) });
        expect(await store.checkpoint('p')).toEqual({ position: 8, recordedAt: at(8) });
        expect(await store.checkpoint('other')).toBeNull();
      });

      it('when a batch at or below the checkpoint is replayed, then it is ignored', async () => {
        const batch = [change(2, 'duties', 'd1', { title: 'v1' }), change(4, 'duties', 'd1', { title: 'v2' })];
        await store.apply('p', batch, { position: 4, recordedAt: at(4) });
        await store.apply('p', batch, { position: 4, recordedAt: at(4) });
        await store.apply('p', [change(3, 'duties', 'd1', { title: 'stale' })], { position: 3, recordedAt: at(3) });
        expect(await store.get('duties', 'd1')).toMatchObject({ doc: { title: 'v2' }, fromPosition: 4 });
        expect((await store.get('duties', 'd1', { asOfPosition: 3 }))?.doc).toEqual({ title: 'v1' });
        expect(await store.checkpoint('p')).toEqual({ position: 4, recordedAt: at(4) });
      });

      it('when a batch fails part-way, then neither its changes nor its checkpoint are applied', async () => {
        await store.apply('p', [change(5, 'duties', 'd1', { title: 'v1' })], { position: 5, recordedAt: at(5) });
        // A change placed before the document's current version is refused; the whole batch with it.
        const broken = [change(6, 'duties', 'd2', { title: 'new' }), change(4, 'duties', 'd1', { title: 'back in time' })];
        await expect(store.apply('q', broken, { position: 6, recordedAt: at(6) })).rejects.toThrow();
        expect(await store.get('duties', 'd2')).toBeNull();
        expect(await store.checkpoint('q')).toBeNull();
      });

      it('when several projections are applied together, then each moves its own checkpoint, and a replayed one is ignored', async () => {
        await store.apply('p', [change(4, 'duties', 'd1', { title: 'v1' })], { position: 4, recordedAt: at(4) });
        await store.applyAll([
          { projection: 'p', batch: [change(4, 'duties', 'd1', { title: 'replayed' })], checkpoint: { position: 4, recordedAt: at(4) } },
          { projection: 'q', batch: [change(3, 'units', 'u1', { name: 'x' }), change(5, 'units', 'u1', { name: 'y' })], checkpoint: { position: 5, recordedAt: at(5) } },
          { projection: 'r', batch: [], checkpoint: { position: 5, recordedAt: at(5) } },
        ]);
        expect(await store.get('duties', 'd1')).toMatchObject({ doc: { title: 'v1' }, fromPosition: 4 });
        expect((await store.get('units', 'u1', { asOfPosition: 4 }))?.doc).toEqual({ name: 'x' });
        expect((await store.get('units', 'u1'))?.doc).toEqual({ name: 'y' });
        expect([await store.checkpoint('p'), await store.checkpoint('q'), await store.checkpoint('r')].map((c) => c?.position)).toEqual([4, 5, 5]);
      });

      it('when one position changes the same document several times, then the last change wins', async () => {
        await store.apply(
          'p',
          [
            {
              position: 3,
              recordedAt: at(3),
              changes: [
                { collection: 'duties', id: 'd1', doc: { title: 'first', unitId: 'u1' } },
                { collection: 'duties', id: 'd1', doc: { title: 'last', unitId: 'u2' } },
              ],
            },
          ],
          { position: 3, recordedAt: at(3) },
        );
        expect(await store.get('duties', 'd1')).toMatchObject({ doc: { title: 'last' }, fromPosition: 3 });
        expect(await store.find('duties', { unitId: 'u1' })).toEqual([]);
        expect(await store.find('duties', { unitId: 'u2' })).toHaveLength(1);
      });

      it('when reset, then versions and checkpoints are gone and the collections still usable', async () => {
        await history(change(1, 'duties', 'd1', { unitId: 'u1' }));
        await store.reset();
        expect(await store.get('duties', 'd1')).toBeNull();
        expect(await store.checkpoint('p')).toBeNull();
        await history(change(1, 'duties', 'd1', { unitId: 'u1' }));
        expect(await store.find('duties', { unitId: 'u1' })).toHaveLength(1);
      });

      it('when a projection is retired, then its checkpoint, versions and index entries are gone and the others untouched; again, nothing changes', async () => {
        await store.defineCollections([{ name: 'old', indexes: ['unitId'] }]);
        await store.apply('old-p', [change(1, 'old', 'o1', { unitId: 'u1' }), change(2, 'old', 'o1', { unitId: 'u2' })], { position: 2, recordedAt: at(2) });
        await history(change(3, 'duties', 'd1', { unitId: 'u1' }));
        await store.retire({ name: 'old-p', collections: ['old'] });
        await store.retire({ name: 'old-p', collections: ['old'] });
        expect(await store.checkpoint('old-p')).toBeNull();
        // Declared anew, the collection starts empty: no version, no index entry left behind, as of any position.
        await store.defineCollections([{ name: 'old', indexes: ['unitId'] }]);
        expect(await store.get('old', 'o1', { asOfPosition: 1 })).toBeNull();
        expect(await store.find('old', { unitId: 'u1' }, { asOfPosition: 1 })).toEqual([]);
        expect(await store.find('old', {})).toEqual([]);
        expect((await store.find('duties', { unitId: 'u1' })).map((d) => d.id)).toEqual(['d1']);
        expect(await store.checkpoint('p')).toEqual({ position: 3, recordedAt: at(3) });
      });
    });

    it('when defineCollections runs again, then it is idempotent', async () => {
      await history(change(1, 'duties', 'd1', { unitId: 'u1' }));
      await store.defineCollections([{ name: 'duties', indexes: ['unitId', 'areas', 'year', 'open'] }]);
      expect(await store.find('duties', { unitId: 'u1' })).toHaveLength(1);
    });

    it('when a field is declared later, then find filters existing versions on it', async () => {
      await history(change(1, 'units', 'u1', { kind: 'bureau' }), change(2, 'units', 'u1', { kind: 'office' }));
      await store.defineCollections([{ name: 'units', indexes: ['kind'] }]);
      expect((await store.find('units', { kind: 'bureau' }, { asOfPosition: 1 })).map((d) => d.id)).toEqual(['u1']);
      expect(await store.find('units', { kind: 'bureau' })).toEqual([]);
      expect((await store.find('units', { kind: 'office' })).map((d) => d.id)).toEqual(['u1']);
    });

    it('when random histories are applied in random batches, then get, getMany and find as of every position equal a replay', async () => {
      await checkVersionedReadsAgainstModel(make);
    });

    it('when pinged, then it answers', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('when one owner holds a lease, then another cannot take it until it lapses, and the holder can renew it', async () => {
      expect(await store.acquireLease('units', 'projector-a', 60_000)).toBe(true);
      expect(await store.acquireLease('units', 'projector-b', 60_000)).toBe(false);
      expect(await store.acquireLease('units', 'projector-a', 60_000)).toBe(true);
      expect(await store.acquireLease('duties', 'projector-b', 60_000)).toBe(true);
    });

    it('when a lease lapses or is released, then another owner takes it', async () => {
      expect(await store.acquireLease('lapsing', 'projector-a', 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await store.acquireLease('lapsing', 'projector-b', 60_000)).toBe(true);
      expect(await store.acquireLease('lapsing', 'projector-a', 60_000)).toBe(false);
      await store.releaseLease('lapsing', 'projector-a');
      expect(await store.acquireLease('lapsing', 'projector-a', 60_000)).toBe(false);
      await store.releaseLease('lapsing', 'projector-b');
      expect(await store.acquireLease('lapsing', 'projector-a', 60_000)).toBe(true);
    });

    it('when a lease is renewed, then only its holder renews it, and only while it holds it unbroken', async () => {
      expect(await store.renewLease('rebuild', 'builder', 60_000)).toBe(false); // never taken: nothing to renew
      expect(await store.acquireLease('rebuild', 'builder', 60_000)).toBe(true);
      expect(await store.renewLease('rebuild', 'builder', 1)).toBe(true);
      expect(await store.renewLease('rebuild', 'other', 60_000)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await store.renewLease('rebuild', 'builder', 60_000)).toBe(false); // lapsed: another may have claimed it
      expect(await store.acquireLease('rebuild', 'sweeper', 60_000)).toBe(true);
      expect(await store.renewLease('rebuild', 'builder', 60_000)).toBe(false);
      await store.releaseLease('rebuild', 'sweeper');
      expect(await store.renewLease('rebuild', 'builder', 60_000)).toBe(false); // gone: not taken afresh by a renewal
    });
  });
}
