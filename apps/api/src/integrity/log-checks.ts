import { rootHash, subtreesOf } from '@duty-ledger/event-store/integrity/merkle';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { allDocuments, loadChunks } from './merkle-chunks';
import { CHUNK_SIZE, STAMP_CHUNKS, TREE_HEADS, type ChunkDocument, type TreeHeadDocument } from './merkle-log.documents';
import { signatureHolds } from './tree-head-signer';

export interface IndexCheck {
  indexedTreeSize: number;
  matchesLog: boolean;
  firstMismatch?: { chunk: number; firstPosition: number; lastPosition: number; detail: string };
}

/** What the Merkle indexer had stored: its chunks (of event hashes and of stamps) and the tree heads it signed, each in order. */
export interface MerkleIndex {
  chunks: ChunkDocument[];
  stampChunks: ChunkDocument[];
  heads: TreeHeadDocument[];
}

/**
 * Read before the log is: the indexer follows the log, so whatever it stored by then covers events the log held by
 * then, and a chunk or head it adds while a long scan runs is not taken for events gone missing. Through a position:
 * what the index held as of then — each chunk and head is stored at the position of the event it ends on, and a head
 * signed again after an idle spell at the position of the event that ended the spell (what it adds is about that event).
 */
export async function loadMerkleIndex(store: ReadStore, throughPosition?: number): Promise<MerkleIndex> {
  const asOf = throughPosition === undefined ? {} : { asOfPosition: throughPosition };
  const [chunks, stampChunks, heads] = await Promise.all([
    loadChunks(store, 0, asOf),
    loadChunks(store, 0, asOf, STAMP_CHUNKS),
    allDocuments<TreeHeadDocument>(store, TREE_HEADS, undefined, asOf),
  ]);
  return { chunks, stampChunks, heads };
}

/**
 * The stored Merkle chunks against the log's leaves now. Chunks were hashed as the events were written: an event
 * rewritten later — even with every chain hash recomputed so that the chains still verify — changes its chunk's hash.
 */
export function checkIndexAgainstLog(chunks: readonly ChunkDocument[], leaves: readonly Buffer[], positions: readonly number[], chunkSize = CHUNK_SIZE): IndexCheck {
  return checkChunks(chunks, leaves, positions, chunkSize, (c) => `the events at positions ${c.firstPosition}..${c.lastPosition} no longer hash as they did when indexed: one was altered after the fact`);
}

/**
 * The stored stamp chunks against the log's stamps now: an event whose id, position or record time was rewritten —
 * which no event hash covers — changes its chunk's stamp hash.
 */
export function checkStampsAgainstLog(chunks: readonly ChunkDocument[], stamps: readonly Buffer[], positions: readonly number[], chunkSize = CHUNK_SIZE): IndexCheck {
  return checkChunks(
    chunks,
    stamps,
    positions,
    chunkSize,
    (c) => `the events at positions ${c.firstPosition}..${c.lastPosition} no longer carry the ids, positions and record times they had when indexed: one was renumbered, retimed or given another id`,
  );
}

function checkChunks(chunks: readonly ChunkDocument[], leaves: readonly Buffer[], positions: readonly number[], chunkSize: number, altered: (c: ChunkDocument) => string): IndexCheck {
  const indexedTreeSize = chunks.length * chunkSize;
  for (const c of chunks) {
    const [lo, hi] = [c.chunk * chunkSize, (c.chunk + 1) * chunkSize];
    const mismatch = (detail: string): IndexCheck => ({ indexedTreeSize, matchesLog: false, firstMismatch: { chunk: c.chunk, firstPosition: c.firstPosition, lastPosition: c.lastPosition, detail } });
    if (hi > leaves.length) return mismatch(`the log holds ${leaves.length} events, fewer than the ${hi} indexed through position ${c.lastPosition}: events were removed`);
    if (positions[lo] !== c.firstPosition || positions[hi - 1] !== c.lastPosition)
      return mismatch(`the chunk's events were at positions ${c.firstPosition}..${c.lastPosition}, now ${positions[lo]}..${positions[hi - 1]}: events were removed or inserted`);
    if (!subtreesOf(leaves).hash(lo, hi).equals(Buffer.from(c.hash, 'hex'))) return mismatch(altered(c));
  }
  return { indexedTreeSize, matchesLog: true };
}

/** Where the log's events are and when they were recorded, leaf for leaf (what `scanLog` returns beside the leaves). */
export interface LogPlaces {
  positions: readonly number[];
  /** epoch milliseconds */
  recordedAt: readonly number[];
}

/** The log's places, and its stamps (each event's id, hash, position and record time, hashed: stamps.ts), leaf for leaf. */
export interface StampedLog extends LogPlaces {
  stamps: readonly Buffer[];
}

/**
 * The last of these heads the indexer signed, and whether the log's first treeSize events still hash to its root and
 * the last of them is still at the position and record time it signed (neither is in any hash: a head's signature is
 * what pins them), and where it signed a stamp root, every one of them still at its own.
 */
export function latestSignedHead(
  heads: readonly TreeHeadDocument[],
  leaves: readonly Buffer[],
  log: StampedLog,
): (TreeHeadDocument & { matchesLog: boolean; signatureHolds: boolean }) | undefined {
  const latest = heads.at(-1);
  if (!latest) return undefined;
  const n = latest.treeSize;
  const matchesLog =
    n <= leaves.length && rootHash(leaves, n).toString('hex') === latest.rootHash && pinMismatch(latest, log) === undefined && stampMismatch(latest, log.stamps) === undefined;
  // The stored head is only as good as its signature: one rewritten to fit an altered log no longer verifies.
  return { ...latest, matchesLog, signatureHolds: signatureHolds(latest) };
}

export interface SignedHeadsCheck {
  /** The heads the indexer signed, through the point verified. */
  heads: number;
  /** The keys that signed them (base64 SPKI), in the order they were first used: more than one after a key change. */
  keys: string[];
  /** Those that pin a record time (signed since heads carry `lastRecordedAt`). */
  pinningRecordTime: number;
  /** Those that say until when the log recorded nothing after them (`recordedThrough`: on time, or after an idle spell). */
  pinningIdleThrough: number;
  /** Those that sign the stamp tree's root: every event they cover pinned to its id, position and record time. */
  pinningStamps: number;
  /** Every head's signature holds, and the log's event where it ends is at the position and record time it signed. */
  matchesLog: boolean;
  firstMismatch?: { treeSize: number; lastPosition: number | null; detail: string };
}

/**
 * Every head the indexer signed (with `trustedKeys`, by one of them) against where the log's events are and when they were
 * recorded. Record times may not go back along the log (the chain check), so each event's record time is held between
 * those its neighbouring heads pin: an event cannot be backdated past the last head before it (nor past the instant
 * that head says the log was idle through), nor one a head ends on moved at all. Roots are left to the latest head and
 * the stored chunks, which cover every earlier prefix.
 */
export function checkSignedHeads(heads: readonly TreeHeadDocument[], log: LogPlaces, trustedKeys?: readonly string[]): SignedHeadsCheck {
  const counts = {
    heads: heads.length,
    keys: [...new Set(heads.map((head) => head.publicKey))],
    pinningRecordTime: heads.filter((head) => head.lastRecordedAt !== undefined).length,
    pinningIdleThrough: heads.filter((head) => head.recordedThrough !== undefined).length,
    pinningStamps: heads.filter((head) => head.stampRoot !== undefined).length,
  };
  for (const head of heads) {
    const detail = !signatureHolds(head)
      ? `its signature does not verify with the key it names (${head.publicKey}): the stored head was altered`
      : trustedKeys !== undefined && !trustedKeys.includes(head.publicKey)
        ? `it is signed by key ${head.publicKey}, not ${keysYouTrust(trustedKeys)}`
        : pinMismatch(head, log);
    if (detail !== undefined) return { ...counts, matchesLog: false, firstMismatch: { treeSize: head.treeSize, lastPosition: head.lastPosition, detail } };
  }
  return { ...counts, matchesLog: true };
}

/** "the key you trust (K)" or "a key you trust (K1, K2)". */
export const keysYouTrust = (keys: readonly string[]): string => `${keys.length === 1 ? 'the key' : 'a key'} you trust (${keys.join(', ')})`;

/**
 * What no longer matches between what a head signed of the log — the place and record time of its last event, and the
 * instant the log had recorded nothing after it through — and the log now, if anything.
 */
export function pinMismatch(head: Pick<TreeHeadDocument, 'treeSize' | 'lastPosition' | 'lastRecordedAt' | 'recordedThrough'>, { positions, recordedAt }: LogPlaces): string | undefined {
  const n = head.treeSize;
  if (n > positions.length) return `it covers ${n} events, the log holds ${positions.length}: events were removed`;
  if (n === 0) return head.lastPosition === null && (head.lastRecordedAt ?? null) === null ? undefined : 'it covers no event but names a last one';
  if (positions[n - 1] !== head.lastPosition) return `its last event (the log's event ${n}) was at position ${head.lastPosition}, now at ${positions[n - 1]}: positions were rewritten`;
  if (head.lastRecordedAt === undefined) return undefined; // signed before heads pinned record times
  const found = recordedAt[n - 1];
  if (head.lastRecordedAt === null || Date.parse(head.lastRecordedAt) !== found)
    return `its last event (position ${positions[n - 1]}) was recorded at ${head.lastRecordedAt}, the log now says ${instantOrNot(found)}: a record time was rewritten`;
  return head.recordedThrough === undefined ? undefined : throughMismatch(head.recordedThrough, n, { positions, recordedAt });
}

/**
 * Where a head signed a stamp root: whether the log's first treeSize events still carry the ids, positions and record
 * times they had (each event's, not only the last one's). Roots of earlier heads are left to the latest and the stored
 * stamp chunks, as for the tree of event hashes.
 */
export function stampMismatch(head: Pick<TreeHeadDocument, 'treeSize' | 'stampRoot'>, stamps: readonly Buffer[]): string | undefined {
  const n = head.treeSize;
  if (head.stampRoot === undefined || n > stamps.length) return undefined; // signed before stamps were kept; a shorter log is named by the root
  const now = rootHash(stamps, n).toString('hex');
  if (now === head.stampRoot) return undefined;
  return `the log's first ${n} events no longer carry the ids, positions and record times it signed (stamp root ${head.stampRoot}, now ${now}): an event was renumbered, retimed or given another id`;
}

/** A head signed `recordedThrough` T: the log's next event, if it holds one, must have been recorded after T. */
export function throughMismatch(through: string, n: number, { positions, recordedAt }: LogPlaces): string | undefined {
  if (n >= positions.length) return undefined;
  const next = recordedAt[n];
  if (next > Date.parse(through)) return undefined;
  return `it was signed when the log had recorded nothing after it through ${through}, yet the next event (position ${positions[n]}) now says it was recorded at ${instantOrNot(next)}: a record time was backdated`;
}

const instantOrNot = (ms: number): string => (Number.isNaN(ms) ? 'no instant' : new Date(ms).toISOString());
