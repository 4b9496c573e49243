import type { Decider } from '@duty-ledger/domain/shared/decider';
import { upcast } from '@duty-ledger/domain/shared/upcasters';
import type { EventStore, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { aggregateCacheOf } from './aggregate-cache';

export interface Loaded<State> {
  state: State;
  /** Last revision of the stream, `-1` when it does not exist. */
  revision: number;
  /**
   * True when the state is this process's cached fold, taken without reading the log (`fromCache`): others may have
   * appended since. Right only where an append with `revision` as its expected revision will verify it.
   */
  unverified?: true;
}

export interface LoadOptions {
  /**
   * Take a state this process has cached without reading the log. Only for the stream a command appends to with the
   * loaded revision as its expected revision: the append refuses it if the stream moved (WrongExpectedRevision).
   */
  fromCache?: boolean;
}

type Folder<State, Event> = Pick<Decider<unknown, Event, State, unknown>, 'evolve' | 'initialState'>;

/**
 * Reads one aggregate from its stream and folds it (handlers read from the log, never from read models, which lag).
 * A state folded earlier in this process is carried on with the events appended since (aggregate-cache.ts), or, with
 * `fromCache`, taken as it is.
 */
export async function loadAggregate<State, Event>(
  store: EventStore,
  streamId: string,
  decider: Folder<State, Event>,
  options: LoadOptions = {},
): Promise<Loaded<State>> {
  const cache = aggregateCacheOf(store);
  const cached = cache.get<State>(streamId, decider.evolve);
  if (cached && options.fromCache) return { ...cached, unverified: true };
  let events = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : undefined);
  let from = cached;
  if (cached && events.length > 0 && events[0].revision !== cached.revision + 1) {
    from = undefined; // not the continuation of what was cached: fold the whole stream again
    events = await store.readStream(streamId);
  }
  const state = fold(decider, from?.state ?? decider.initialState, events);
  const revision = events.length ? events[events.length - 1].revision : (from?.revision ?? -1);
  if (revision >= 0 && events.length > 0) cache.set(streamId, decider.evolve, state, revision);
  return { state, revision };
}

/**
 * After an append of this process: the loaded state carried on with the events just written (as the log returned them)
 * and cached at their revision, so the stream's next load reads nothing instead of reading back and folding what this
 * process wrote. Only when they directly follow the loaded revision (a `*` If-Match may have let others write between).
 */
export function rememberAppended<State, Event>(store: EventStore, streamId: string, decider: Folder<State, Event>, loaded: Loaded<State>, appended: readonly RecordedEvent[]): void {
  if (appended.length === 0 || appended[0].revision !== loaded.revision + 1) return;
  aggregateCacheOf(store).set(streamId, decider.evolve, fold(decider, loaded.state, appended), appended[appended.length - 1].revision);
}

function fold<State, Event>(decider: Folder<State, Event>, initial: State, events: readonly RecordedEvent[]): State {
  return events.reduce((s, e) => decider.evolve(s, { type: e.type, data: upcast(e.type, e.data, e.metadata.schemaVersion) } as Event), initial);
}
