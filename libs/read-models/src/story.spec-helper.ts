import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { projectEvents } from '@duty-ledger/read-store/project-events';
import type { Projection } from '@duty-ledger/read-store/projection';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';

/**
 * A log of domain events for store-backed read-model specs: positions 10, 20, … (not dense, like real ones),
 * projected into a store with the runner's own `projectEvents`, each projection applied with its checkpoint.
 */
export class Story {
  readonly events: RecordedEvent[] = [];

  /** Records an event and answers its position. */
  record(streamId: string, type: string, data: Record<string, unknown>): number {
    const position = (this.events.at(-1)?.position ?? 0) + 10;
    this.events.push({
      position,
      streamId,
      revision: this.events.filter((e) => e.streamId === streamId).length,
      eventId: `event-${position}`,
      type,
      data,
      metadata: { actor: { name: 'spec', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '', hash: '' },
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, position)).toISOString(),
    });
    return position;
  }

  get head(): number {
    return this.events.at(-1)?.position ?? -1;
  }

  async projectInto(store: ReadStore, projections: readonly Projection[]): Promise<void> {
    const last = this.events.at(-1);
    if (!last) return;
    await store.defineCollections(projections.flatMap((p) => p.collections));
    for (const projection of projections) {
      const batch = projectEvents(projection, this.events, new Map());
      await store.apply(projection.name, batch, { position: last.position, recordedAt: last.recordedAt });
    }
  }
}
