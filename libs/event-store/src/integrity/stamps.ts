import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { RecordedEvent } from '../event-store.port';
import { HEX_HASH, leafDataOf } from './leaf-data';

/**
 * The stamp tree: a second RFC 9162 tree over the log, beside the tree of event hashes and the same size, whose leaf i
 * stamps the log's i-th event with what the log says of it and no event hash covers — its id, its position and its
 * record time (the log's, known only once it is written) — and its hash, binding the stamp to the content. A head that
 * signs the stamp tree's root (`stampRoot`) pins every one of those for every event it covers, as Certificate
 * Transparency's leaves carry their timestamp: an event renumbered, retimed or given another id changes it.
 *
 * Leaf data: SHA-256 of the UTF-8 RFC 8785 canonical JSON of `{ eventId, hash, position, recordedAt }`, each as the log
 * serves it (`hash` the 64 hex digits of the event's hash, `recordedAt` the ISO-8601 text), so an auditor computes it
 * from `GET /v1/events` with `jq -cj` and `sha256sum`.
 */
export type Stamped = Pick<RecordedEvent, 'eventId' | 'position' | 'recordedAt' | 'metadata'>;

/** The stamp's 32 bytes (a slice of Node's shared pool, as the event-hash leaves are: a million of them stay small). */
export function stampOf(event: Stamped): Buffer {
  return Buffer.from(hash('sha256', stampText(event), 'hex'), 'hex');
}

/**
 * The text a stamp hashes. For the fields' usual types RFC 8785 is JSON.stringify of each in key order (strings and
 * finite numbers serialise alike in both), written out here: a stamp is computed for every event indexed or verified.
 * A field a tampered row made something else is stamped through the canonical serialiser, or as its text where it has
 * no JSON form (a non-finite number).
 */
export function stampText(event: Stamped): string {
  const { eventId, position, recordedAt } = event;
  const digest = event.metadata?.hash;
  const hex = typeof digest === 'string' && HEX_HASH.test(digest) ? digest : leafDataOf(event).toString('hex');
  if (typeof eventId === 'string' && typeof recordedAt === 'string' && Number.isFinite(position))
    return `{"eventId":${JSON.stringify(eventId)},"hash":"${hex}","position":${JSON.stringify(position)},"recordedAt":${JSON.stringify(recordedAt)}}`;
  try {
    return canonicalJson({ eventId, hash: hex, position, recordedAt });
  } catch {
    return canonicalJson({ eventId: String(eventId), hash: hex, position: String(position), recordedAt: String(recordedAt) });
  }
}
