import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { RecordedEvent } from '../event-store.port';
import { leafDataOf } from './leaf-data';

/**
 * The stamp tree: a second RFC 9162 tree over the log, beside the tree of event hashes and the same size, whose leaf i
 * stamps the log's i-th event with what the log says of it and no event hash covers — its id, its position and its
 * record time (the log's, known only once it is written) — and its hash, binding the stamp to the content. A head that
 * signs the stamp tree's root (`stampRoot`) pins every one of those for every event it covers, as Certificate
 * Transparency's leaves carry their timestamp: an event renumbered, retimed or given another id changes it.
 *
 * Leaf data: SHA-256 of the UTF-8 RFC 8785 canonical JSON of `{ eventId, hash, position, recordedAt }`, each as the log
 * serves it (`hash` the 64 hex digits of the event's hash, `recordedAt` the ISO-8601 text), so an auditor computes it
 * from `GET /v1/events` with `jq -cS` and `sha256sum`.
 */
export function stampOf(event: Pick<RecordedEvent, 'eventId' | 'position' | 'recordedAt' | 'metadata'>): Buffer {
  return createHash('sha256').update(stampText(event), 'utf8').digest();
}

/** The text a stamp hashes. A field a tampered row made no JSON value (a non-finite number) is stamped as its text. */
export function stampText({ eventId, position, recordedAt, ...event }: Pick<RecordedEvent, 'eventId' | 'position' | 'recordedAt' | 'metadata'>): string {
  const fields = { eventId, hash: leafDataOf(event).toString('hex'), position, recordedAt };
  try {
    return canonicalJson(fields);
  } catch {
    return canonicalJson({ eventId: String(eventId), hash: fields.hash, position: String(position), recordedAt: String(recordedAt) });
  }
}
