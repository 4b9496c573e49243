import type { EventStore, RecordedEvent } from '@duty-ledger/event-store/event-store.port';

/** Events read at a time past a command's first: a command writes its events, its guards' and its key's, a handful. */
const PAGE = 16;

/**
 * A command's events are appended at once (its own, its guards', its idempotency key's) and carry its `commandId`. The
 * positions between them name states the record never held: a follow-up reviewed as relapsed with its finding not yet
 * reopened. A read point at one of them is moved to the command's last event, which includes the event it names.
 */
export async function lastOfCommand(store: Pick<EventStore, 'readAll'>, event: RecordedEvent): Promise<RecordedEvent> {
  let last = event;
  // Most read points end a command: one event past it tells.
  for (let limit = 1; ; limit = PAGE) {
    const next = await store.readAll({ fromPosition: last.position + 1, limit });
    const other = next.findIndex((e) => e.metadata.commandId !== event.metadata.commandId);
    const ours = other < 0 ? next : next.slice(0, other);
    if (ours.length > 0) last = ours[ours.length - 1];
    if (other >= 0 || next.length < limit) return last;
  }
}
