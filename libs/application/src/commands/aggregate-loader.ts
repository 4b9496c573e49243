import type { Decider } from '@duty-ledger/domain/shared/decider';
import { upcast } from '@duty-ledger/domain/shared/upcasters';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';

export interface Loaded<State> {
  state: State;
  /** Last revision of the stream, `-1` when it does not exist. */
  revision: number;
}

/** Reads one aggregate from its stream and folds it (handlers read from the log, never from read models, which lag). */
export async function loadAggregate<State, Event>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State, unknown>, 'evolve' | 'initialState'>,
): Promise<Loaded<State>> {
  const events = await store.readStream(streamId);
  const state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: upcast(e.type, e.data, e.metadata.schemaVersion) } as Event), decider.initialState);
  return { state, revision: events.length ? events[events.length - 1].revision : -1 };
}
