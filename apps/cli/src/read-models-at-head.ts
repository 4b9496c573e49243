import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';

/** Brings the read models up to the head of the log before a CLI reads them (an API may not be running). */
export async function readModelsAtHead(events: EventStore, reads: ReadStore): Promise<number> {
  await reads.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
  const head = (await events.headPosition()) ?? -1;
  if (head < 0) return head;
  const runner = new ProjectionRunner(events, reads, ALL_PROJECTIONS);
  await runner.start();
  try {
    if (!(await runner.waitFor(head, 300_000))) throw new Error('the read models did not catch up with the log in 5 minutes');
  } finally {
    await runner.stop();
  }
  return head;
}
