import { leavesSource, rootHash } from '@duty-ledger/event-store/integrity/merkle';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { allDocuments, loadChunks } from './merkle-chunks';
import { CHUNK_SIZE, TREE_HEADS, type ChunkDocument, type TreeHeadDocument } from './merkle-log.documents';
import { signatureHolds } from './tree-head-signer';

export interface IndexCheck {
  indexedTreeSize: number;
  matchesLog: boolean;
  firstMismatch?: { chunk: number; firstPosition: number; lastPosition: number; detail: string };
}

/** What the Merkle indexer had stored: its chunks and the tree heads it signed, each in order. */
export interface MerkleIndex {
  chunks: ChunkDocument[];
  heads: TreeHeadDocument[];
}

/**
 * Read before the log is: the indexer follows the log, so whatever it stored by then covers events the log held by
 * then, and a chunk or head it adds while a long scan runs is not taken for events gone missing.
 */
export async function loadMerkleIndex(store: ReadStore): Promise<MerkleIndex> {
  const [chunks, heads] = await Promise.all([loadChunks(store, 0), allDocuments<TreeHeadDocument>(store, TREE_HEADS)]);
  return { chunks, heads };
}

/** The chunks and heads that covered the log through `position` only: what the index held as of then. */
export function indexedThrough(index: MerkleIndex, position: number): MerkleIndex {
  return { chunks: index.chunks.filter((c) => c.lastPosition <= position), heads: index.heads.filter((h) => (h.lastPosition ?? -1) <= position) };
}

/**
 * The stored Merkle chunks against the log's leaves now. Chunks were hashed as the events were written: an event
 * rewritten later — even with every chain hash recomputed so that the chains still verify — changes its chunk's hash.
 */
export function checkIndexAgainstLog(chunks: readonly ChunkDocument[], leaves: readonly Buffer[], positions: readonly number[], chunkSize = CHUNK_SIZE): IndexCheck {
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

/**
 * The last of these heads the indexer signed, and whether the log's first treeSize events still hash to its root and
 * the last of them is still at the position it signed (positions are in no hash: the head's lastPosition is their one
 * signature).
 */
export function latestSignedHead(
  heads: readonly TreeHeadDocument[],
  leaves: readonly Buffer[],
  positions: readonly number[],
): (TreeHeadDocument & { matchesLog: boolean; signatureHolds: boolean }) | undefined {
  const latest = heads.at(-1);
  if (!latest) return undefined;
  const n = latest.treeSize;
  const matchesLog = n <= leaves.length && rootHash(leaves, n).toString('hex') === latest.rootHash && (n === 0 ? latest.lastPosition === null : positions[n - 1] === latest.lastPosition);
  // The stored head is only as good as its signature: one rewritten to fit an altered log no longer verifies.
  return { ...latest, matchesLog, signatureHolds: signatureHolds(latest) };
}
