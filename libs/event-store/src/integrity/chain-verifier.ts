import type { ConfidentialFields } from '../confidential';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { eventHash } from '../hash-chain';
import { HEX_HASH, leafDataOf } from './leaf-data';
import { rootHash } from './merkle';
import { stampOf } from './stamps';

/** Why a chain breaks at an event (the first such event in log order is reported). */
export type BreakReason =
  /** The event's revision skips ahead of its stream's next one, and the skipped revision never comes: an event was removed. */
  | 'revision-gap'
  /** The stream's revisions do not follow each other in log order: events were moved (the skipped one comes later). */
  | 'revision-out-of-order'
  /** `prevHash` is not the hash of the stream's previous event (or not "" at revision 0). */
  | 'prev-hash-mismatch'
  /** The stored `hash` is not the hash of the event's content: data, metadata or the hash itself was altered. */
  | 'hash-mismatch'
  /**
   * The event's record time is before the previous event's in log order. The log stamps each commit no earlier than
   * the one before it, so a record time was altered (or, on EventStoreDB, the server's clock stepped back).
   */
  | 'record-time-backwards'
  /** The event cannot be hashed at all (metadata without a hash, data that is not JSON an event can carry), or its record time is not an instant. */
  | 'malformed';

export interface ChainBreak {
  streamId: string;
  revision: number;
  position: number;
  reason: BreakReason;
  expected?: string | number;
  found?: string | number;
  /** One sentence for a person: what is wrong and what it suggests. */
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  /** The last position before the first break (the whole log when ok); `null` when nothing before it verified. */
  verifiedThroughPosition: number | null;
  /** Events in the log. */
  events: number;
  /** Streams in the log. */
  streams: number;
  brokenAt?: ChainBreak;
}

/** A pass over the whole log: the chain report, and the Merkle leaves (each event's hash, 32 bytes) and stamps in log order. */
export interface LogScan {
  report: ChainReport;
  /** Frozen, as `stamps`: a finished scan's trees are what every check asks about. */
  leaves: readonly Buffer[];
  /** The position of each leaf's event, index for index. */
  positions: number[];
  /** The record time of each leaf's event, index for index, in epoch milliseconds (`NaN` where it is not an instant). */
  recordedAt: number[];
  /** The leaves of the stamp tree (stamps.ts), index for index: each event's id, hash, position and record time. */
  stamps: readonly Buffer[];
}

export interface ScanOptions {
  /** Events per `readAll` call. Default 1,000. */
  pageSize?: number;
  /** Told the events scanned so far after each page (progress bars). */
  onProgress?: (scanned: number) => void;
}

/**
 * Verifies every stream's hash chain over the whole log, read in pages in log order: each event's hash recomputed
 * (confidential fields as commitments), each `prevHash` linked to the stream's previous event, revisions contiguous
 * from 0 per stream. Within a stream this catches an altered, removed or reordered event; an event removed from the
 * end of a stream (or of the log) leaves every chain whole, and only a saved Merkle tree head shows it.
 */
export async function scanLog(store: Pick<EventStore, 'readAll'>, fields: ConfidentialFields, options: ScanOptions = {}): Promise<LogScan> {
  const pageSize = options.pageSize ?? 1_000;
  const tails = new Map<string, { revision: number; hash: string }>();
  const leaves: Buffer[] = [];
  const positions: number[] = [];
  const recordedAt: number[] = [];
  const stamps: Buffer[] = [];
  let brokenAt: ChainBreak | undefined;
  let verifiedThroughPosition: number | null = null;
  // A gap may turn out to be a move: the skipped revision shows up later in the log.
  let gap: { streamId: string; revision: number } | undefined;

  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: pageSize });
    for (const event of page) {
      const previous = recordedAt.length === 0 ? undefined : { position: positions[positions.length - 1], recordedAt: recordedAt[recordedAt.length - 1] };
      leaves.push(leafDataOf(event));
      positions.push(event.position);
      recordedAt.push(recordedAtMillis(event));
      stamps.push(stampOf(event));
      if (brokenAt) {
        if (gap && event.streamId === gap.streamId && event.revision === gap.revision) {
          brokenAt = { ...brokenAt, reason: 'revision-out-of-order', detail: `${describe(brokenAt)}: revision ${gap.revision} comes later, at position ${event.position} — events were reordered` };
          gap = undefined;
        }
        tails.set(event.streamId, { revision: event.revision, hash: String(event.metadata?.hash) });
        continue;
      }
      const tail = tails.get(event.streamId);
      brokenAt = checkEvent(fields, event, tail) ?? checkRecordTime(event, recordedAt[recordedAt.length - 1], previous);
      if (brokenAt?.reason === 'revision-gap') gap = { streamId: event.streamId, revision: Number(brokenAt.expected) };
      if (!brokenAt) verifiedThroughPosition = event.position;
      tails.set(event.streamId, { revision: event.revision, hash: String(event.metadata?.hash) });
    }
    options.onProgress?.(leaves.length);
    if (page.length < pageSize) break;
    from = page[page.length - 1].position + 1;
  }
  const report: ChainReport = { ok: !brokenAt, verifiedThroughPosition, events: leaves.length, streams: tails.size };
  if (brokenAt) report.brokenAt = brokenAt;
  // Frozen, the two trees' subtree hashes are worked out once and shared by every root and chunk asked of them (merkle.ts).
  return { report, leaves: Object.freeze(leaves), positions, recordedAt, stamps: Object.freeze(stamps) };
}

/** The record time of the scan's last event as the log stores it (ISO, milliseconds); `null` for the empty log, or where it is no instant (a break the report names). */
export function lastRecordedAtOf(scan: Pick<LogScan, 'recordedAt'>): string | null {
  const last = scan.recordedAt.at(-1);
  return last === undefined || Number.isNaN(last) ? null : new Date(last).toISOString();
}

/** What a tree head over the whole scanned log states (to be signed with a `signedAt`): its size, both roots, where and when its last event is. */
export function scannedHead(scan: LogScan): { treeSize: number; rootHash: string; stampRoot: string; lastPosition: number | null; lastRecordedAt: string | null } {
  return {
    treeSize: scan.leaves.length,
    rootHash: rootHash(scan.leaves).toString('hex'),
    stampRoot: rootHash(scan.stamps).toString('hex'),
    lastPosition: scan.positions.at(-1) ?? null,
    lastRecordedAt: lastRecordedAtOf(scan),
  };
}

/** The chain report alone (see `scanLog`). */
export async function verifyChain(store: Pick<EventStore, 'readAll'>, fields: ConfidentialFields, options: ScanOptions = {}): Promise<ChainReport> {
  return (await scanLog(store, fields, options)).report;
}

function checkEvent(fields: ConfidentialFields, event: RecordedEvent, tail: { revision: number; hash: string } | undefined): ChainBreak | undefined {
  const at = { streamId: event.streamId, revision: event.revision, position: event.position };
  const expectedRevision = tail ? tail.revision + 1 : 0;
  if (event.revision !== expectedRevision) {
    const reason: BreakReason = event.revision > expectedRevision ? 'revision-gap' : 'revision-out-of-order';
    const detail =
      reason === 'revision-gap'
        ? `revision ${event.revision} follows revision ${expectedRevision - 1} in stream ${event.streamId}: revision ${expectedRevision} is missing`
        : `revision ${event.revision} comes after revision ${expectedRevision - 1} in stream ${event.streamId}: events were reordered or duplicated`;
    return { ...at, reason, expected: expectedRevision, found: event.revision, detail: `${where(at)}: ${detail}` };
  }
  const metadata = event.metadata as Partial<RecordedEvent['metadata']> | undefined;
  if (!metadata || typeof metadata.hash !== 'string' || typeof metadata.prevHash !== 'string' || !HEX_HASH.test(metadata.hash)) {
    return { ...at, reason: 'malformed', detail: `${where(at)}: metadata lacks a well-formed hash and prevHash` };
  }
  const prevHash = tail?.hash ?? '';
  if (metadata.prevHash !== prevHash) {
    return { ...at, reason: 'prev-hash-mismatch', expected: prevHash, found: metadata.prevHash, detail: `${where(at)}: prevHash does not link to the stream's previous event` };
  }
  const { hash, ...rest } = event.metadata;
  let expected: string;
  try {
    expected = eventHash(fields, { ...event, metadata: rest });
  } catch (error) {
    return { ...at, reason: 'malformed', detail: `${where(at)}: the event cannot be hashed (${(error as Error).message})` };
  }
  if (expected !== hash) {
    return { ...at, reason: 'hash-mismatch', expected, found: hash, detail: `${where(at)}: the stored hash does not match the event's content — its data, metadata or hash was altered` };
  }
  return undefined;
}

/**
 * Record times are in no hash, but they may not go back along the log: an event backdated before the one written
 * ahead of it shows here, and a signed tree head's `lastRecordedAt` pins the record time where it ends — so each event's
 * record time is held between the pins of the heads around it.
 */
function checkRecordTime(event: RecordedEvent, millis: number, previous: { position: number; recordedAt: number } | undefined): ChainBreak | undefined {
  const at = { streamId: event.streamId, revision: event.revision, position: event.position };
  if (Number.isNaN(millis)) return { ...at, reason: 'malformed', found: String(event.recordedAt), detail: `${where(at)}: its record time is not an ISO-8601 instant` };
  if (previous === undefined || Number.isNaN(previous.recordedAt) || millis >= previous.recordedAt) return undefined;
  const before = new Date(previous.recordedAt).toISOString();
  return {
    ...at,
    reason: 'record-time-backwards',
    expected: before,
    found: event.recordedAt,
    detail: `${where(at)}: recorded at ${event.recordedAt}, before the event at position ${previous.position} (${before}) — a record time was altered, this one or that one`,
  };
}

/** Epoch milliseconds of the event's record time; `NaN` when it is not an ISO-8601 instant. */
function recordedAtMillis(event: Pick<RecordedEvent, 'recordedAt'>): number {
  return typeof event.recordedAt === 'string' && ISO_INSTANT.test(event.recordedAt) ? Date.parse(event.recordedAt) : Number.NaN;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const where = (at: { streamId: string; revision: number; position: number }) => `stream ${at.streamId} revision ${at.revision} at position ${at.position}`;
const describe = (b: ChainBreak) => `${where(b)}: revision ${String(b.found)} where ${String(b.expected)} was due`;
