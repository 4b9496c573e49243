import type { CollectionSpec } from '@duty-ledger/read-store/read-store.port';
import type { StoredTreeHead } from './tree-head-signer';

/**
 * The Merkle log as the indexer stores it (in its own store, beside the read models: a read-model rebuild never
 * touches it, and the tree heads it signed stay). The tree is kept as the hashes of complete chunks of CHUNK_SIZE
 * leaves (perfect, aligned RFC 9162 subtrees); the leaves after the last chunk are read from the log when needed.
 */
export const MERKLE_LOG = 'merkle-log';
/** The checkpoint of the heads signed on time rather than by count (`INTEGRITY_TREE_HEAD_SECONDS`). */
export const MERKLE_LOG_TIMED_HEADS = 'merkle-log-timed-heads';
export const CHUNK_SIZE = 256;
export const CHUNKS = 'merkle-chunks';
export const TREE_HEADS = 'tree-heads';

export const MERKLE_COLLECTIONS: readonly CollectionSpec[] = [
  { name: CHUNKS, indexes: [] },
  { name: TREE_HEADS, indexes: [] },
];

export interface ChunkDocument {
  chunk: number;
  /** hex MTH of the chunk's leaves */
  hash: string;
  firstPosition: number;
  lastPosition: number;
  /** hex: the hash of the chunk's last event, to see cheaply that the log still holds it */
  lastEventHash: string;
  /** Leaves of the tree once this chunk is complete. */
  treeSize: number;
}

/** A signed head as the indexer stored it: those stored before record times were pinned have no `lastRecordedAt`. */
export type TreeHeadDocument = StoredTreeHead;

/** Ids sort as numbers do, so documents page in order. */
export const chunkId = (chunk: number): string => String(chunk).padStart(12, '0');
export const treeHeadId = (treeSize: number): string => String(treeSize).padStart(15, '0');
