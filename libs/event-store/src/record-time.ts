/** Record times are stored as ISO instants (UTC, milliseconds), so comparing the strings compares the instants. */
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** The commit's record time: the clock, unless it stepped back behind the log's last record time. */
export function nextRecordedAt(now: Date, lastRecordedAt: string): string {
  const iso = now.toISOString();
  return iso > lastRecordedAt ? iso : lastRecordedAt;
}

/** An ISO-8601 instant's epoch milliseconds, whatever the zone it is written in. */
export function instantMillis(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${instant}`);
  return ms;
}

/**
 * The first whole millisecond at or after an instant: a lower bound with digits past the millisecond
 * (`…:03.0001Z`) is after a record time of `…:03.000Z`, which Date.parse, cutting the digits off, would let in.
 */
export function instantMillisFrom(instant: string): number {
  const ms = instantMillis(instant);
  const beyondMillis = /\.\d{3}(\d+)/.exec(instant)?.[1] ?? '';
  return /[1-9]/.test(beyondMillis) ? ms + 1 : ms;
}

/** Any ISO-8601 instant in the stored form; "…T00:00:00Z" would otherwise sort after "…T00:00:00.500Z". */
export function storedInstant(instant: string): string {
  const ms = instantMillis(instant);
  // Clamped: toISOString of years beyond 0000–9999 gains a sign and would no longer sort as a string.
  return new Date(Math.min(LATEST, Math.max(EARLIEST, ms))).toISOString();
}
