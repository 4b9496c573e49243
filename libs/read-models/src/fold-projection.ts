import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import type { Projection } from '@duty-ledger/read-store/projection';
import type { CollectionSpec, Document } from '@duty-ledger/read-store/read-store.port';

/**
 * A projection that keeps one document per aggregate by folding its events with the domain's own `evolve`,
 * so the read side cannot drift from the write side. `index` adds the fields the queries look documents up by.
 */
export function foldProjection<State extends object>(spec: {
  name: string;
  collection: CollectionSpec;
  types: readonly string[];
  idOf: (event: RecordedEvent) => string;
  initial: State;
  evolve: (state: State, event: { type: string; data: Record<string, unknown> }) => State;
  index?: (state: State) => Document;
}): Projection {
  const types = new Set(spec.types);
  return {
    name: spec.name,
    collections: [spec.collection],
    touches: (event) => (types.has(event.type) ? [{ collection: spec.collection.name, id: spec.idOf(event) }] : []),
    project: (event, lookup) => {
      const id = spec.idOf(event);
      const before = (lookup(spec.collection.name, id) as State | null) ?? spec.initial;
      const after = spec.evolve(before, { type: event.type, data: event.data });
      return [{ collection: spec.collection.name, id, doc: { ...after, ...(spec.index?.(after) ?? {}) } as Document }];
    },
  };
}

export const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
