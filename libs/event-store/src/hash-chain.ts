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
