import Database from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { EventMetadata, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { scanLog } from '@duty-ledger/event-store/integrity/chain-verifier';
import { rootHash } from '@duty-ledger/event-store/integrity/merkle';
import type { EventRow } from '@duty-ledger/event-store/sqlite/sqlite.schema';
import { OPEN } from '@duty-ledger/read-store/sqlite/sqlite.read-store.schema';
import {
  checkIndexAgainstLog,
  checkSignedHeads,
  checkStampsAgainstLog,
  keysYouTrust,
  latestSignedHead,
  type IndexCheck,
  type MerkleIndex,
  type SignedHeadsCheck,
  type StampedLog,
} from '../../../api/src/integrity/log-checks';
import { CHUNKS, STAMP_CHUNKS, TREE_HEADS, type ChunkDocument, type TreeHeadDocument } from '../../../api/src/integrity/merkle-log.documents';
import { checkTreeHead, readTreeHead, trustedKeys, UsageError } from './tree-head-check';
import { describeLatestSignedHead, describeSignedHeads, describeVerification, TAMPERED, VERIFIED, verdict, type Finding, type StoredHeadCheck } from './verification-report';

export interface DataDirOptions {
  dataDir?: string;
  treeHead?: string;
  /** The keys the server's heads must be signed with (base64 SPKI; several across a key change); default the saved head's. */
  publicKeys?: readonly string[];
  json?: boolean;
}

/** Offline, read-only: the embedded log file itself, opened without the store (nothing is written, nothing repaired). */
export async function verifyDataDir(options: DataDirOptions): Promise<number> {
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');
  const saved = options.treeHead === undefined ? undefined : readTreeHead(options.treeHead);
  const file = join(dataDir, 'events.db');
  if (!existsSync(file)) throw new UsageError(`no event log at ${file}`);
  // Read before the log, as GET /v1/integrity does: the indexer follows the log, so nothing it stored is ahead of it.
  const index = readMerkleLog(dataDir);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?');
    const store = { readAll: async ({ fromPosition = 0, limit = 1_000 } = {}) => page.all(fromPosition, limit).map(rowToEvent) };
    const total = db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck().get() ?? 0;
    // On stderr, and only on a terminal: stdout carries the report scripts read.
    const bar = new SingleBar({ format: 'verifying [{bar}] {value}/{total} events', stream: process.stderr }, Presets.shades_classic);
    bar.start(total, 0);
    const scan = await scanLog(store, CONFIDENTIAL_FIELDS, { onProgress: (n) => bar.update(n) }).finally(() => bar.stop());
    const { report, leaves, positions } = scan;
    const root = rootHash(leaves).toString('hex');
    const head = saved && checkTreeHead(saved, leaves, scan, root);
    const pinned = options.publicKeys?.length ? options.publicKeys : undefined;
    const trusted = trustedKeys(options.publicKeys, saved);
    const findings: Finding[] = [];
    if (head && pinned && head.publicKey !== undefined && !pinned.includes(head.publicKey))
      findings.push({ ok: false, text: `the saved tree head is signed by key ${head.publicKey}, not ${keysYouTrust(pinned)}` });
    const merkle = index && checkMerkleLog(index, leaves, scan, trusted);
    if (merkle) findings.push(...merkle.findings);
    else findings.push({ ok: true, text: `no Merkle log (merkle-log.db) in ${dataDir}: the server's stored chunks and signed heads were not checked` });
    const ok = verdict(report, head, findings);
    if (options.json) {
      const stored = merkle ? { merkleIndex: merkle.index, stampIndex: merkle.stampIndex, ...(merkle.latest ? { latestSignedHead: merkle.latest } : {}), signedHeads: merkle.heads } : {};
      process.stdout.write(`${JSON.stringify({ ok, dataDir, chain: report, treeSize: leaves.length, rootHash: root, lastPosition: positions.at(-1) ?? null, treeHead: head, ...stored, findings })}\n`);
    } else {
      process.stdout.write(describeVerification(file, report, leaves.length, root, head, findings));
    }
    return ok ? VERIFIED : TAMPERED;
  } finally {
    db.close();
  }
}

/**
 * The Merkle log the server keeps beside the event log (DATA_DIR/merkle-log.db, apps/api/src/integrity): the hash of
 * every complete chunk of 256 events and the tree heads it signed as the log grew, each stored when its events were
 * written. Read directly, read-only (a store would migrate the file): the current version of each document.
 */
function readMerkleLog(dataDir: string): MerkleIndex | undefined {
  const file = join(dataDir, 'merkle-log.db');
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const docs = db.prepare<[string, number], string>('SELECT doc FROM versions WHERE collection = ? AND to_position = ? ORDER BY id').pluck();
    const all = <T>(collection: string): T[] => docs.all(collection, OPEN).map((doc) => JSON.parse(doc) as T);
    return { chunks: all<ChunkDocument>(CHUNKS), stampChunks: all<ChunkDocument>(STAMP_CHUNKS), heads: all<TreeHeadDocument>(TREE_HEADS) };
  } catch (error) {
    throw new UsageError(`cannot read the Merkle log ${file}: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * The stored chunks, the latest signed head and the places every head pins against the log: a rewrite that kept every
 * chain whole shows here, and so does an event renumbered or retimed under a head that signed its stamp, or a record
 * time moved where a head pins it.
 */
function checkMerkleLog(
  index: MerkleIndex,
  leaves: readonly Buffer[],
  log: StampedLog,
  trusted: readonly string[] | undefined,
): { index: IndexCheck; stampIndex: IndexCheck; latest?: StoredHeadCheck; heads: SignedHeadsCheck; findings: Finding[] } {
  const { positions } = log;
  const check = checkIndexAgainstLog(index.chunks, leaves, positions);
  const stampIndex = checkStampsAgainstLog(index.stampChunks, log.stamps, positions);
  const findings: Finding[] = [chunksFinding('Merkle', check, index.chunks.length, "still hash as the log's events do")];
  if (index.stampChunks.length > 0) findings.push(chunksFinding('stamp', stampIndex, index.stampChunks.length, "still hold the log's event ids, positions and record times"));
  const heads = checkSignedHeads(index.heads, log, trusted);
  findings.push(describeSignedHeads(heads));
  const head = latestSignedHead(index.heads, leaves, log);
  if (head) findings.push(...describeLatestSignedHead(head, leaves, log, trusted));
  return { index: check, stampIndex, ...(head ? { latest: head } : {}), heads, findings };
}

/** The stored chunks of one of the server's two trees, as one finding. */
function chunksFinding(tree: 'Merkle' | 'stamp', check: IndexCheck, stored: number, holding: string): Finding {
  const m = check.firstMismatch;
  if (m) return { ok: false, text: `${tree} chunk ${m.chunk} (positions ${m.firstPosition}..${m.lastPosition}) stored by the server: ${m.detail}` };
  if (stored === 0) return { ok: true, text: `the server has stored no complete ${tree} chunk yet` };
  return { ok: true, text: `the ${stored} ${tree} chunks the server stored (tree size ${check.indexedTreeSize}) ${holding}` };
}

/** A row as the store reads it; text that is no longer JSON is kept as text, so the hash check (not the parser) reports it. */
function rowToEvent(row: EventRow): RecordedEvent {
  const parsed = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return { unparsable: text };
    }
  };
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: parsed(row.data) as Record<string, unknown>,
    metadata: parsed(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}
