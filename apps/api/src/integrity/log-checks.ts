import { leavesSource, rootHash } from '@duty-ledger/event-store/integrity/merkle';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { allDocuments, loadChunks } from './merkle-chunks';
import { CHUNK_SIZE, TREE_HEADS, type TreeHeadDocument } from './merkle-log.documents';

export interface IndexCheck {
  indexedTreeSize: number;
  matchesLog: boolean;
  firstMismatch?: { chunk: number; firstPosition: number; lastPosition: number; detail: string };
}

/**
 * The stored Merkle chunks against the log's leaves now. Chunks were hashed as the events were written: an event
 * rewritten later — even with every chain hash recomputed so that the chains still verify — changes its chunk's hash.
 */
export async function checkIndexAgainstLog(store: ReadStore, leaves: readonly Buffer[], positions: readonly number[], chunkSize = CHUNK_SIZE): Promise<IndexCheck> {
  const chunks = await loadChunks(store, 0);
  const indexedTreeSize = chunks.length * chunkSize;
  for (const c of chunks) {
    const [lo, hi] = [c.chunk * chunkSize, (c.chunk + 1) * chunkSize];
    const mismatch = (detail: string): IndexCheck => ({ indexedTreeSize, matchesLog: false, firstMismatch: { chunk: c.chunk, firstPosition: c.firstPosition, lastPosition: c.lastPosition, detail } });
    if (hi > leaves.length) return mismatch(`the log holds ${leaves.length} events, fewer than the ${hi} indexed through position ${c.lastPosition}: events were removed`);
    if (positions[lo] !== c.firstPosition || positions[hi - 1] !== c.lastPosition)
      return mismatch(`the chunk's events were at positions ${c.firstPosition}..${c.lastPosition}, now ${positions[lo]}..${positions[hi - 1]}: events were removed or inserted`);
    if (!leavesSource(leaves.slice(lo, hi)).hash(0, chunkSize).equals(Buffer.from(c.hash, 'hex')))
      return mismatch(`the events at positions ${c.firstPosition}..${c.lastPosition} no longer hash as they did when indexed: one was altered after the fact`);
  }
  return { indexedTreeSize, matchesLog: true };
}

/** The last head the indexer signed, and whether the log's first treeSize events still hash to its root. */
export async function latestSignedHead(store: ReadStore, leaves: readonly Buffer[]): Promise<(TreeHeadDocument & { matchesLog: boolean }) | undefined> {
  const latest = (await allDocuments<TreeHeadDocument>(store, TREE_HEADS)).at(-1);
  if (!latest) return undefined;
  const matchesLog = latest.treeSize <= leaves.length && rootHash(leaves, latest.treeSize).toString('hex') === latest.rootHash;
  return { ...latest, matchesLog };
}
