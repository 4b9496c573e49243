import type { EventMetadata, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { indexEntries, projectEvents } from '@duty-ledger/read-store/project-events';
import type { Projection } from '@duty-ledger/read-store/projection';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';

/**
 * A log of domain events for store-backed read-model specs: positions 10, 20, … (not dense, like real ones),
 * projected into a store with the runner's own `projectEvents` and `indexEntries`, each projection applied with its
 * checkpoint. It answers `readAt` as the log would, for queries that read events back (the audit trail).
 */
export class Story {
  readonly events: RecordedEvent[] = [];

  /** Records an event and answers its position. */
  record(streamId: string, type: string, data: Record<string, unknown>, metadata: Partial<EventMetadata> = {}): number {
    const position = (this.events.at(-1)?.position ?? 0) + 10;
    this.events.push({
      position,
      streamId,
      revision: this.events.filter((e) => e.streamId === streamId).length,
      eventId: `event-${position}`,
      type,
      data,
      metadata: { actor: { name: 'spec', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '', hash: '', ...metadata },
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, position)).toISOString(),
    });
    return position;
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    return this.events.find((event) => event.position === position) ?? null;
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
      const index = projection.eventIndex;
      const indexed = index && { index: index.name, entries: indexEntries((event) => index.keysOf(event), this.events) };
      await store.applyAll([{ projection: projection.name, batch, indexed, checkpoint: { position: last.position, recordedAt: last.recordedAt } }]);
    }
  }
}
