import fc from 'fast-check';
import type { Document, DocumentChange, Filter, PositionedChanges, ReadStore } from '@duty-ledger/read-store/read-store.port';

/**
 * A model-based check of versioned reads: random histories of a few documents, whose indexed fields come from small
 * domains (values kept, changed, emptied and restored across versions, documents ended and begun again), applied in
 * random batches; then every `get`, `getMany` and `find` as of every position must equal a naive replay of the same history.
 */
const IDS = ['a', 'b', 'c', 'd'];
const FIELDS = ['unitId', 'tags'];

const docArbitrary: fc.Arbitrary<Document | null> = fc.option(
  fc.record({ unitId: fc.constantFrom('u1', 'u2'), tags: fc.subarray(['x', 'y', 'z']), n: fc.nat(3) }, { requiredKeys: ['n'] }),
  { freq: 5 },
);

const historyArbitrary = fc.array(
  fc.array(fc.record({ id: fc.constantFrom(...IDS), doc: docArbitrary }), { minLength: 1, maxLength: 3 }),
  { minLength: 1, maxLength: 14 },
);

type History = { id: string; doc: Document | null }[][];

/** The document each id holds after applying positions 1..at (the last change of a position wins). */
function modelAt(history: History, at: number): Map<string, Document> {
  const docs = new Map<string, Document>();
  history.slice(0, at).forEach((changes) => {
    for (const { id, doc } of changes) {
      if (doc === null) docs.delete(id);
      else docs.set(id, doc);
    }
  });
  return docs;
}

function matches(doc: Document, filter: Filter): boolean {
  return Object.entries(filter).every(([field, wanted]) => {
    const values = typeof wanted === 'object' ? wanted.in : [wanted];
    const held = doc[field];
    return Array.isArray(held) ? values.some((v) => held.includes(v)) : values.includes(held as string);
  });
}

const FILTERS: Filter[] = [{}, { unitId: 'u1' }, { unitId: 'u2' }, { tags: 'x' }, { tags: { in: ['y', 'z'] } }, { unitId: 'u1', tags: 'y' }, { unitId: { in: ['u1', 'u2'] }, tags: 'z' }];

/**
 * `beforeReads`: what to do to the store once the history is applied (seal a generation being rebuilt). `passes`: how
 * many times every read is asked (a store that keeps what it read answers the later passes from it).
 */
export async function checkVersionedReadsAgainstModel(
  make: () => Promise<ReadStore>,
  runs = 40,
  beforeReads: (store: ReadStore) => Promise<void> = async () => {},
  passes = 1,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(historyArbitrary, fc.integer({ min: 1, max: 4 }), async (history, batchSize) => {
      const store = await make();
      try {
        await store.defineCollections([{ name: 'm', indexes: FIELDS }]);
        const positioned: PositionedChanges[] = history.map((changes, i) => ({
          position: i + 1,
          recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i + 1)).toISOString(),
          changes: changes.map(({ id, doc }): DocumentChange => ({ collection: 'm', id, doc })),
        }));
        for (let i = 0; i < positioned.length; i += batchSize) {
          const batch = positioned.slice(i, i + batchSize);
          const last = batch[batch.length - 1];
          await store.apply('model', batch, { position: last.position, recordedAt: last.recordedAt });
        }
        await beforeReads(store);
        for (let pass = 0; pass < passes; pass++) for (let at = 0; at <= history.length; at++) {
          const expected = modelAt(history, at);
          const asOf = at === history.length ? {} : { asOfPosition: at };
          for (const id of IDS) expect((await store.get('m', id, asOf))?.doc ?? null).toEqual(expected.get(id) ?? null);
          // Every id, one of them twice, and one never written: the same answers as `get`, in one call.
          const many = await store.getMany('m', [...IDS, IDS[0], 'never'], asOf);
          expect(new Map([...many].map(([id, { doc }]) => [id, doc]))).toEqual(expected);
          for (const filter of FILTERS) {
            const found = await store.find('m', filter, asOf);
            const wanted = [...expected].filter(([, doc]) => matches(doc, filter)).map(([id, doc]) => ({ id, doc }));
            expect(found.map(({ id, doc }) => ({ id, doc }))).toEqual(wanted.sort((p, q) => (p.id < q.id ? -1 : 1)));
          }
        }
      } finally {
        await store.close();
      }
    }),
    { numRuns: runs },
  );
}
