import type { ExpectedRevision } from './event-store.port';

/** `actual` is the stream's last revision, `-1` when it does not exist. */
export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
}
