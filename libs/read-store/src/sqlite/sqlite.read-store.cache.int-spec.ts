import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsOf, Document, PositionedChanges, ReadStore } from '../read-store.port';
import { SqliteReadStore } from './sqlite.read-store';
import { heldBytes } from './version-cache';

/**
 * A reader keeping the versions it read (the API's) beside the connections that write the same file: another
 * connection's batches, its resets (the read models projected again from another history of the log), and the reader's
 * own batches, in any order between its reads. Every read must answer what a store reading afresh answers at that moment.
 */
const IDS = ['a', 'b'];
const COLLECTIONS = [{ name: 'm', indexes: ['unitId'] }];
/** Room for one version of these documents, as the cache reckons it. */
const ONE_VERSION = heldBytes(JSON.stringify({ unitId: 'u1', n: 3 }));

const docArbitrary: fc.Arbitrary<Document | null> = fc.option(fc.record({ unitId: fc.constantFrom('u1', 'u2'), n: fc.nat(3) }), { freq: 5 });
const changesArbitrary = fc.array(fc.record({ id: fc.constantFrom(...IDS), doc: docArbitrary }), { minLength: 1, maxLength: 3 });

type Step =
  | { kind: 'write'; by: 'other' | 'reader'; changes: { id: string; doc: Document | null }[] }
  | { kind: 'reset' }
  | { kind: 'read'; op: 'get' | 'getMany' | 'find'; at: number | 'latest'; id: string; unitId: string };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), by: fc.constantFrom('other' as const, 'reader' as const), changes: changesArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      op: fc.constantFrom('get' as const, 'getMany' as const, 'find' as const),
      at: fc.oneof(fc.nat(5), fc.constant('latest' as const)),
      id: fc.constantFrom(...IDS),
      unitId: fc.constantFrom('u1', 'u2'),
    }),
  },
);

async function answer(store: ReadStore, step: Extract<Step, { kind: 'read' }>, asOf: AsOf): Promise<unknown> {
  if (step.op === 'get') return store.get('m', step.id, asOf);
  if (step.op === 'getMany') return store.getMany('m', IDS, asOf); // a map: its order is not part of the answer
  return store.find('m', { unitId: step.unitId }, asOf);
}

describe('SQLite read store: a reader keeping the versions it read, beside writers of its file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-store-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when batches, resets and reads interleave, then every read equals a fresh read of the file at that moment', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (steps, capacity) => {
        const file = join(dir, `read-models-${run++}.db`);
        const other = new SqliteReadStore({ file });
        const reader = new SqliteReadStore({ file, cacheBytes: capacity * ONE_VERSION });
        const fresh = new SqliteReadStore({ file });
        try {
          for (const store of [other, reader, fresh]) await store.defineCollections(COLLECTIONS);
          let position = 0;
          for (const step of steps) {
            if (step.kind === 'write') {
              position++;
              const batch: PositionedChanges[] = [{ position, recordedAt: `t${position}`, changes: step.changes.map(({ id, doc }) => ({ collection: 'm', id, doc })) }];
              await (step.by === 'other' ? other : reader).apply('p', batch, { position, recordedAt: `t${position}` });
            } else if (step.kind === 'reset') {
              // Another history: its positions start again, and the versions the reader holds are another history's.
              await other.reset();
              position = 0;
            } else {
              const asOf = step.at === 'latest' ? {} : { asOfPosition: step.at };
              expect(await answer(reader, step, asOf)).toEqual(await answer(fresh, step, asOf));
            }
          }
        } finally {
          await Promise.all([other.close(), reader.close(), fresh.close()]);
        }
      }),
      {
        numRuns: 300,
        examples: [
          // A closed version held, then the store projected again from another history: the same positions, other documents.
          [
            [
              { kind: 'write', by: 'other', changes: [{ id: 'a', doc: { unitId: 'u1', n: 0 } }] },
              { kind: 'write', by: 'other', changes: [{ id: 'a', doc: { unitId: 'u2', n: 0 } }] },
              { kind: 'read', op: 'get', at: 1, id: 'a', unitId: 'u1' },
              { kind: 'reset' },
              { kind: 'write', by: 'other', changes: [{ id: 'a', doc: { unitId: 'u2', n: 1 } }] },
              { kind: 'read', op: 'get', at: 1, id: 'a', unitId: 'u1' },
            ],
            1,
          ],
        ],
      },
    );
  });

  it('when a document it holds is changed by a reader of its answer, then that throws and later answers are unchanged', async () => {
    const store = new SqliteReadStore({ file: join(dir, 'frozen.db'), cacheBytes: 10_000 });
    try {
      await store.defineCollections(COLLECTIONS);
      await store.apply('p', [{ position: 1, recordedAt: 't1', changes: [{ collection: 'm', id: 'a', doc: { unitId: 'u1', tags: ['x'] } }] }], { position: 1, recordedAt: 't1' });
      const first = await store.get<{ unitId: string; tags: string[] }>('m', 'a');
      expect(() => first!.doc.tags.push('y')).toThrow(TypeError);
      expect(() => ((first!.doc as { unitId: string }).unitId = 'u2')).toThrow(TypeError);
      expect((await store.find('m', { unitId: 'u1' }))[0].doc).toEqual({ unitId: 'u1', tags: ['x'] });
    } finally {
      await store.close();
    }
  });
});
