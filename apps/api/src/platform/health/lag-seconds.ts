import type { EventStore } from '@duty-ledger/event-store/event-store.port';

/**
 * How long the oldest event after `applied` (a projection's checkpoint; `null`: none applied) has waited since it was
 * recorded, in seconds; 0 when nothing waits. A stalled projector shows here as a number that keeps growing, where a
 * lag in positions can stay small.
 */
export async function lagSeconds(log: Pick<EventStore, 'readAll'>, applied: number | null, now: Date): Promise<number> {
  const [next] = await log.readAll({ fromPosition: (applied ?? -1) + 1, limit: 1 });
  return next ? Math.max(0, (now.getTime() - Date.parse(next.recordedAt)) / 1000) : 0;
}
