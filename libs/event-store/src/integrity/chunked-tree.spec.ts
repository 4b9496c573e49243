import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ChunkLeavesNeeded, ChunkedTree } from './chunked-tree';
import { consistencyPathOf, consistencyProof, inclusionPathOf, inclusionProof, rootHash, rootOf } from './merkle';

const leaf = (i: number) => createHash('sha256').update(`event ${i}`).digest();

/** Runs `ask` against the tree, giving it the leaves of any chunk it asks for, as a reader loads them from the log. */
function answer<T>(tree: ChunkedTree, leaves: Buffer[], ask: () => T): T {
  for (;;) {
    try {
      return ask();
    } catch (error) {
      if (!(error instanceof ChunkLeavesNeeded)) throw error;
      tree.provide(error.chunk, leaves.slice(error.chunk * tree.chunkSize, (error.chunk + 1) * tree.chunkSize));
    }
  }
}

function grown(chunkSize: number, leaves: Buffer[]): ChunkedTree {
  const tree = new ChunkedTree(chunkSize, [], []);
  for (const l of leaves) tree.push(l);
  return tree;
}

describe('ChunkedTree: the RFC 9162 tree from stored chunk hashes and a tail of leaves', () => {
  it('given leaves pushed one by one, then chunks complete every chunkSize leaves and the rest stays in the tail', () => {
    const tree = grown(4, Array.from({ length: 10 }, (_, i) => leaf(i)));
    expect([tree.chunks, tree.indexedSize, tree.size]).toEqual([2, 8, 10]);
  });

  it('answers every root, inclusion path and consistency proof exactly as the tree over all leaves does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.constantFrom(2, 4, 8, 32), fc.nat(), fc.nat(), (count, chunkSize, a, b) => {
        const leaves = Array.from({ length: count }, (_, i) => leaf(i));
        const tree = grown(chunkSize, leaves);
        const n = 1 + (a % count);
        const index = b % n;
        const m = 1 + (b % n);
        expect(answer(tree, leaves, () => rootOf(tree, n))).toEqual(rootHash(leaves, n));
        expect(answer(tree, leaves, () => inclusionPathOf(tree, index, n))).toEqual(inclusionProof(leaves, index, n));
        expect(answer(tree, leaves, () => consistencyPathOf(tree, m, n))).toEqual(consistencyProof(leaves, m, n));
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });

  it('given a tree of whole chunks, then its root needs no leaves at all', () => {
    const leaves = Array.from({ length: 96 }, (_, i) => leaf(i));
    const chunkHashes = Array.from({ length: 12 }, (_, c) => rootHash(leaves.slice(c * 8, (c + 1) * 8)));
    const fromHashes = new ChunkedTree(8, chunkHashes, []);
    expect(rootOf(fromHashes, 96)).toEqual(rootHash(leaves));
  });

  it('given a range inside an indexed chunk, then it asks for that chunk’s leaves', () => {
    const leaves = Array.from({ length: 16 }, (_, i) => leaf(i));
    const tree = grown(8, leaves);
    expect(() => inclusionPathOf(tree, 3, 16)).toThrow(new ChunkLeavesNeeded(0));
  });

  it('refuses a chunk size that is not a power of two, and a chunk given with the wrong number of leaves', () => {
    expect(() => new ChunkedTree(6, [], [])).toThrow(RangeError);
    expect(() => grown(4, [leaf(1), leaf(2), leaf(3), leaf(4)]).provide(0, [leaf(1)])).toThrow(RangeError);
  });
});
