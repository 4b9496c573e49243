import type { EventMetadata, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { indexEntries, parseDocumentKey, projectEvents, type KnownDocuments } from '@duty-ledger/read-store/project-events';
import type { Projection } from '@duty-ledger/read-store/projection';
import type { Document, EventIndexEntry } from '@duty-ledger/read-store/read-store.port';

export type GivenEvent = Omit<Partial<RecordedEvent>, 'metadata'> & Pick<RecordedEvent, 'type'> & { metadata?: Partial<EventMetadata> };

const metadata: EventMetadata = {
  actor: { name: 'spec', role: 'admin' },
  commandId: 'command',
  correlationId: 'correlation',
  causationId: 'causation',
  schemaVersion: 1,
  prevHash: '',
  hash: '',
};

/** Fills what a spec leaves out: positions 1..n, revisions counted per stream, a second apart in record time. */
function recorded(events: readonly GivenEvent[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return events.map((event, index) => {
    const streamId = event.streamId ?? 'spec-1';
    const revision = event.revision ?? revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const position = event.position ?? index + 1;
    return {
      position,
      streamId,
      revision,
      eventId: `event-${position}`,
      data: {},
      recordedAt: new Date(Date.UTC(2025, 0, 1) + position * 1000).toISOString(),
      ...event,
      metadata: { ...metadata, ...event.metadata },
    };
  });
}

/** Documents are frozen as they are stored, so a projection that mutates what it looked up fails loudly. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function project(projection: Projection, events: readonly RecordedEvent[]): KnownDocuments {
  const known: KnownDocuments = new Map();
  for (const event of events) {
    for (const { changes } of projectEvents(projection, [event], known)) {
      for (const change of changes) deepFreeze(change.doc);
    }
  }
  return known;
}

/**
 * Given / then over a pure projection, in memory (no store), the same way the runner applies it:
 *   projecting(dutyList).given([{ type: 'DutyAssigned', streamId: 'duty-1', data }]).thenDocument('duties', 'duty-1', {...})
 * Every check first replays the events a second time from scratch and expects identical documents.
 */
export function projecting(projection: Projection) {
  return {
    given(events: readonly GivenEvent[]) {
      const log = recorded(events);
      const documents = project(projection, log);
      const replayIsIdentical = () => expect(project(projection, log)).toEqual(documents);
      return {
        /** `expected: null`: the document does not exist (never made, or ended). */
        thenDocument(collection: string, id: string, expected: Document | null): void {
          replayIsIdentical();
          expect(documents.get(`${collection}\u0000${id}`) ?? null).toEqual(expected);
        },
        /** Every live document of the collection, ordered by id. */
        thenDocuments(collection: string, expected: readonly { id: string; doc: Document }[]): void {
          replayIsIdentical();
          const actual = [...documents.entries()]
            .map(([key, doc]) => ({ ...parseDocumentKey(key), doc }))
            .filter((entry): entry is { collection: string; id: string; doc: Document } => entry.collection === collection && entry.doc !== null)
            .map(({ id, doc }) => ({ id, doc }))
            .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          expect(actual).toEqual([...expected].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
        },
        /** The entries of the projection's event index `index`, as the runner writes them (and the same on a replay). */
        thenIndexed(index: string, expected: readonly EventIndexEntry[]): void {
          expect(projection.eventIndex?.name).toBe(index);
          const entries = () => indexEntries((event) => projection.eventIndex!.keysOf(event), log);
          expect(entries()).toEqual(entries());
          expect(entries()).toEqual(expected);
        },
      };
    },
  };
}
