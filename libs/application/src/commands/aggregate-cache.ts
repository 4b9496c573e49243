import type { EventStore } from '@duty-ledger/event-store/event-store.port';

interface Entry {
  /** The evolve that folded the state (deciders of one aggregate share it): the cache does not assume which. */
  folder: object;
  state: unknown;
  revision: number;
}

/**
 * States kept: the aggregates commands are working on at once, with room to spare (a state is a few KB at most). Least
 * recently used goes first, so a working set one larger than the capacity, visited in turn, would miss every time:
 * 1,000 was exactly the size of a load revising 1,000 duties in turn (plus its unit), and every command re-read and
 * re-folded its whole stream.
 */
export const CAPACITY = 10_000;

/**
 * Folded states of the aggregates this process last loaded, by stream, so a load reads only the events appended
 * since (events never change, so a state folded to revision r stays right for revision r). Least recently used go
 * first. States are deep-frozen when kept: deciders are pure, and a mutation would throw rather than corrupt the cache.
 */
export class AggregateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = CAPACITY) {}

  get<State>(streamId: string, folder: object): { state: State; revision: number } | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.folder !== folder) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return { state: entry.state as State, revision: entry.revision };
  }

  set(streamId: string, folder: object, state: unknown, revision: number): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, { folder, state: deepFreeze(state), revision });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

const caches = new WeakMap<EventStore, AggregateCache>();

/** One cache per store connection: what it caches is what that store holds. */
export function aggregateCacheOf(store: EventStore): AggregateCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new AggregateCache()));
  return cache;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value as object)) deepFreeze(child);
  return value;
}
