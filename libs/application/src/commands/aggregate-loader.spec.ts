import { MemoryEventStore } from '@duty-ledger/event-store/memory/memory.event-store';
import { loadAggregate, rememberAppended } from './aggregate-loader';

const meta = { actor: { name: 't', role: 'admin' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const counter = { initialState: { count: 0, seen: [] as string[] }, evolve: (s: { count: number; seen: string[] }, e: { type: string }) => ({ count: s.count + 1, seen: [...s.seen, e.type] }) };
const add = (store: MemoryEventStore, stream: string, type: string) => store.append(stream, [{ type, data: {}, metadata: meta }], { expectedRevision: 'any' });

describe('loadAggregate with the per-store cache of folded states', () => {
  it('given a state loaded before, when events are appended, then it reads only those and folds them on', async () => {
    const store = new MemoryEventStore();
    await add(store, 's', 'A');
    await add(store, 's', 'B');
    expect(await loadAggregate(store, 's', counter)).toEqual({ state: { count: 2, seen: ['A', 'B'] }, revision: 1 });
    const read = jest.spyOn(store, 'readStream');
    await add(store, 's', 'C');
    expect(await loadAggregate(store, 's', counter)).toEqual({ state: { count: 3, seen: ['A', 'B', 'C'] }, revision: 2 });
    expect(read).toHaveBeenCalledWith('s', { fromRevision: 2 });
    expect(await loadAggregate(store, 'none', counter)).toEqual({ state: counter.initialState, revision: -1 });
  });

  it('given a cached state, then it is frozen: a decider that mutated it would throw instead of corrupting the cache', async () => {
    const store = new MemoryEventStore();
    await add(store, 's', 'A');
    const { state } = await loadAggregate(store, 's', counter);
    expect(() => state.seen.push('X')).toThrow(TypeError);
  });

  it('given two stores, then each has its own cache', async () => {
    const [one, two] = [new MemoryEventStore(), new MemoryEventStore()];
    await add(one, 's', 'A');
    await add(two, 's', 'B');
    await add(two, 's', 'C');
    expect((await loadAggregate(one, 's', counter)).state.seen).toEqual(['A']);
    expect((await loadAggregate(two, 's', counter)).state.seen).toEqual(['B', 'C']);
  });

  it('given events this process appended after a load, when remembered, then the next load reads nothing and folds nothing', async () => {
    const store = new MemoryEventStore();
    await add(store, 's', 'A');
    const loaded = await loadAggregate(store, 's', counter);
    const [written] = await store.appendMany([{ streamId: 's', events: [{ type: 'B', data: {}, metadata: meta }], expectedRevision: 0 }]);
    rememberAppended(store, 's', counter, loaded, written.events);
    const read = jest.spyOn(store, 'readStream');
    expect(await loadAggregate(store, 's', counter)).toEqual({ state: { count: 2, seen: ['A', 'B'] }, revision: 1 });
    expect(read).toHaveBeenCalledWith('s', { fromRevision: 2 });
    expect(await read.mock.results[0].value).toEqual([]);
  });

  it('given others wrote between the load and the append, when remembered, then nothing is cached and the next load reads them', async () => {
    const store = new MemoryEventStore();
    await add(store, 's', 'A');
    const loaded = await loadAggregate(store, 's', counter);
    await add(store, 's', 'other');
    const [written] = await store.appendMany([{ streamId: 's', events: [{ type: 'B', data: {}, metadata: meta }], expectedRevision: 'stream_exists' }]);
    rememberAppended(store, 's', counter, loaded, written.events);
    expect(await loadAggregate(store, 's', counter)).toEqual({ state: { count: 3, seen: ['A', 'other', 'B'] }, revision: 2 });
  });
});

describe('loadAggregate fromCache: the cached fold as it is, for a command whose append verifies its revision', () => {
  it('given a cached state, then it is taken without reading the log, and marked unverified', async () => {
    const store = new MemoryEventStore();
    await add(store, 's', 'A');
    await loadAggregate(store, 's', counter);
    await add(store, 's', 'B');
    const read = jest.spyOn(store, 'readStream');
    expect(await loadAggregate(store, 's', counter, { fromCache: true })).toEqual({ state: { count: 1, seen: ['A'] }, revision: 0, unverified: true });
    expect(read).not.toHaveBeenCalled();
    expect(await loadAggregate(store, 's', counter)).toEqual({ state: { count: 2, seen: ['A', 'B'] }, revision: 1 });
  });

  it('given nothing cached, then it reads the log as always', async () => {
    const store = new MemoryEventStore();
    await add(store, 's', 'A');
    expect(await loadAggregate(store, 's', counter, { fromCache: true })).toEqual({ state: { count: 1, seen: ['A'] }, revision: 0 });
    expect(await loadAggregate(store, 'none', counter, { fromCache: true })).toEqual({ state: counter.initialState, revision: -1 });
  });
});
