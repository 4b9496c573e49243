/** An ISO 8601 instant's epoch milliseconds (event indexes compare record times as numbers, whatever the zone written). */
export function instantMillis(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${instant}`);
  return ms;
}
