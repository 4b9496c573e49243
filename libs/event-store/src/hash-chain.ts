import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { committed, type ConfidentialFields } from './confidential';
import type { EventMetadata, EventMetadataInput, RecordedEvent } from './event-store.port';

/** What the hash covers (ARCHITECTURE.md): the event with confidential fields as commitments, metadata without `hash`. */
export interface HashedEvent {
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Omit<EventMetadata, 'hash'>;
}

/** hash = hex(sha256(UTF-8 of (prevHash ‖ canonical JSON of {streamId, revision, type, data, metadata without hash}))) */
export function eventHash(fields: ConfidentialFields, event: HashedEvent): string {
  const body = {
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: committed(fields, event.type, event.data),
    metadata: event.metadata,
  };
  return hash('sha256', event.metadata.prevHash + canonicalJson(body), 'hex');
}

/** Seals an event into the chain: the metadata the store writes, with `prevHash` and `hash`. */
export function chained(
  fields: ConfidentialFields,
  event: { streamId: string; revision: number; type: string; data: Record<string, unknown>; metadata: EventMetadataInput },
  prevHash: string,
): EventMetadata {
  const metadata = { ...stripUndefined(event.metadata), prevHash };
  return { ...metadata, hash: eventHash(fields, { ...event, metadata }) };
}

/** An event sealed into the chain as the log stores it: its data's and metadata's JSON text, and its hash. */
export interface SealedEvent {
  dataJson: string;
  metadataJson: string;
  hash: string;
}

/**
 * `chained` for a store that keeps JSON text: the data is stored as its canonical JSON and the metadata as the canonical
 * JSON of what the hash covers with `hash` added last, so each is serialised once, for the hash and the row alike. The
 * hashed text is `eventHash`'s, built from those parts: the body's keys in RFC 8785 order (data, metadata, revision,
 * streamId, type), the data as the hash sees it (with confidential fields committed).
 */
export function sealed(
  fields: ConfidentialFields,
  event: { streamId: string; revision: number; type: string; data: Record<string, unknown>; metadata: EventMetadataInput },
  prevHash: string,
): SealedEvent {
  const dataJson = canonicalJson(event.data);
  const hashed = committed(fields, event.type, event.data);
  const metadataText = canonicalJson({ ...stripUndefined(event.metadata), prevHash });
  const body = `{"data":${hashed === event.data ? dataJson : canonicalJson(hashed)},"metadata":${metadataText},"revision":${canonicalJson(event.revision)},"streamId":${canonicalJson(event.streamId)},"type":${canonicalJson(event.type)}}`;
  const digest = hash('sha256', prevHash + body, 'hex');
  return { dataJson, metadataJson: `${metadataText.slice(0, -1)},"hash":"${digest}"}`, hash: digest };
}

/** Recomputes one event's hash; `null` when it matches, else the reason. */
export function verifyLink(fields: ConfidentialFields, event: RecordedEvent, prevHash: string): string | null {
  if (event.metadata.prevHash !== prevHash) return `prevHash ${event.metadata.prevHash} does not link to ${prevHash || '(start)'}`;
  const { hash, ...rest } = event.metadata;
  const expected = eventHash(fields, { ...event, metadata: rest });
  return expected === hash ? null : `hash ${hash} does not match the content (expected ${expected})`;
}

/** A shallow copy without the keys whose value is `undefined` (JSON would drop them, so the hash must too). */
function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = field;
  }
  return out as T;
}
