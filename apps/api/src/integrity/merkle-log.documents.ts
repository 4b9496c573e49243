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
/**
 * The checkpoint of the stamp chunks computed for a Merkle log indexed before the stamp tree was kept (each at the
 * position of the event its chunk ends on, as if stored then); the stamp chunks after them come with their event chunks.
 */
export const MERKLE_LOG_STAMPS = 'merkle-log-stamps';
export const CHUNK_SIZE = 256;
export const CHUNKS = 'merkle-chunks';
/** The stamp tree's chunks (libs/event-store/src/integrity/stamps.ts), chunk for chunk with the event hashes' ones. */
export const STAMP_CHUNKS = 'merkle-stamp-chunks';
export const TREE_HEADS = 'tree-heads';

export const MERKLE_COLLECTIONS: readonly CollectionSpec[] = [
  { name: CHUNKS, indexes: [] },
  { name: STAMP_CHUNKS, indexes: [] },
  { name: TREE_HEADS, indexes: [] },
];

/** A stored chunk of the tree of event hashes or of the stamp tree (whose `hash` is the MTH of the chunk's stamps). */
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
