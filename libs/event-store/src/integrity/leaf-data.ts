import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../event-store.port';

/** An event's hash as the chain writes it: 64 lowercase hex digits. */
export const HEX_HASH = /^[0-9a-f]{64}$/;

/** The Merkle leaf data of an event: the 32 bytes of its hash (a malformed hash, already a chain break, is hashed as text so the tree still changes with it). */
export function leafDataOf(event: Pick<RecordedEvent, 'metadata'>): Buffer {
  const hash: unknown = event.metadata?.hash;
  const text = typeof hash === 'string' ? hash : JSON.stringify(hash ?? null);
  return HEX_HASH.test(text) ? Buffer.from(text, 'hex') : createHash('sha256').update(text, 'utf8').digest();
}
