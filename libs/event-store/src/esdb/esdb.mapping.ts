import type { EventMetadata, RecordedEvent } from '../event-store.port';

/**
 * Pure translations between the KurrentDB client's shapes and the port's (no driver import, so they are
 * unit-tested without a server).
 */

/** KurrentDB's `$all` position: byte offsets in the transaction file. */
export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

/**
 * Our position is the event's **prepare** position in `$all` (unique per event, increasing in log order; the
 * commit position is the same for every event the gRPC API writes, as each is committed implicitly), as a
 * JSON number. The conversion bigint → number is exact up to Number.MAX_SAFE_INTEGER (2^53 − 1 bytes ≈ 9 PB
 * of transaction log); beyond it we throw rather than silently round, which would merge or reorder positions.
 */
export function positionNumber(position: EsdbPosition | undefined): number {
  if (!position) throw new Error('KurrentDB returned an event without a $all position (server too old?)');
  if (position.prepare < 0n || position.prepare > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`$all position ${position.prepare} is beyond the safe range of a JSON number`);
  }
  return Number(position.prepare);
}

/** The `$all` position to read or subscribe from, for one of our positions (commit = prepare, see above). */
export function esdbPosition(position: number): EsdbPosition {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`not a log position: ${position}`);
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** A stream revision from the client (bigint) as the port's number. */
export function revisionNumber(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} out of range`);
  return Number(revision);
}

/**
 * Our metadata travels as ONE string-valued property holding its JSON: multi-stream appends (KurrentDB 25.1+)
 * accept only string values, and one key keeps numbers (schemaVersion) and nested objects (actor) intact.
 */
export const METADATA_KEY = 'dutyLedger';

export function encodeMetadata(metadata: EventMetadata): Record<string, string> {
  return { [METADATA_KEY]: JSON.stringify(metadata) };
}

/** Our metadata from what the client parsed (an object, or raw bytes when it was not JSON); `null` when it is not ours. */
export function decodeMetadata(raw: unknown): EventMetadata | null {
  if (raw instanceof Uint8Array) {
    try {
      return decodeMetadata(JSON.parse(Buffer.from(raw).toString('utf8')));
    } catch {
      return null;
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const carried = (raw as Record<string, unknown>)[METADATA_KEY];
  if (typeof carried !== 'string') return null;
  try {
    const parsed = JSON.parse(carried) as unknown;
    return parsed !== null && typeof parsed === 'object' && typeof (parsed as EventMetadata).hash === 'string' ? (parsed as EventMetadata) : null;
  } catch {
    return null;
  }
}

/** The subset of the client's recorded event we read. */
export interface EsdbRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: EsdbPosition;
}

/** The port's event, or `null` when the record is not one of ours (not JSON, or without our metadata). */
export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent | null {
  const metadata = decodeMetadata(event.metadata);
  if (!event.isJson || !metadata || event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) return null;
  return {
    position: positionNumber(event.position),
    streamId: event.streamId,
    revision: revisionNumber(event.revision),
    eventId: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata,
    // The server's commit time (ticks, cut to milliseconds by the client): already the port's ISO form.
    recordedAt: event.created.toISOString(),
  };
}

/** The stream state to append with, from the stream's last revision (`-1`: none). */
export function streamStateOf(actual: number): 'no_stream' | bigint {
  return actual < 0 ? 'no_stream' : BigInt(actual);
}

/** The client's current stream state (`no_stream` or a bigint revision) as the port's `actual`. */
export function actualRevision(state: unknown): number {
  if (typeof state === 'bigint') return revisionNumber(state);
  if (typeof state === 'number' && Number.isInteger(state)) return state;
  return -1;
}

/** Client error types meaning the server cannot be reached or cannot serve now: StoreUnavailable (503). */
const UNAVAILABLE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'cancelled']);

export function isUnavailableError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && UNAVAILABLE_TYPES.has(type)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  // gRPC status codes: 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE; Node socket errors.
  return code === 4 || code === 14 || (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|EPIPE)$/.test(code));
}

/** The server has no multi-stream append (gRPC UNIMPLEMENTED, code 12: KurrentDB before 25.1). */
export function isUnimplementedError(error: unknown): boolean {
  const { code, type, message } = (error ?? {}) as { code?: unknown; type?: unknown; message?: unknown };
  return code === 12 || type === 'unsupported' || /unimplemented|not implemented/i.test(String(message));
}

