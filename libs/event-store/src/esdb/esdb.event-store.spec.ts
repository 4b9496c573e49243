import { Readable } from 'node:stream';
import { StreamNotFoundError, WrongExpectedVersionError, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { CONTRACT_CONFIDENTIAL_FIELDS, describeEventStoreContract, newEvent } from '@duty-ledger/testing/event-store.contract';
import { StoreUnavailable } from '../event-store.port';
import { EsdbEventStore } from './esdb.event-store';
import type { EsdbRecordedEvent } from './esdb.mapping';

type State = 'any' | 'no_stream' | 'stream_exists' | bigint;
interface WireEvent {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

/**
 * An in-memory stand-in for the parts of the KurrentDB client the adapter calls, with the server's rules as
 * documented (expected-state checks, StreamNotFoundError on a missing stream, `$all` reads inclusive from a
 * position, catch-up subscriptions exclusive, JSON round trips, a fresh object per read). It runs the adapter's own logic — hash chain,
 * tail reads, race retries, read-back, batching — without a server; it proves nothing about the server.
 */
class FakeKurrentDB {
  readonly log: (EsdbRecordedEvent & { position: { commit: bigint; prepare: bigint } })[] = [];
  private next = 128n;
  private readonly live = new Set<() => void>();
  /** Refuse `$all` reads from a position that is no record's (as a server may). */
  strictPositions = false;
  /** Appends that another writer slips in just before ours (to exercise the race retry). */
  interleave: (() => void)[] = [];
  multiStreamAppend?: (requests: { streamName: string; events: WireEvent[]; expectedState: State }[]) => Promise<unknown> = async (requests) => {
    for (const r of requests) {
      for (const e of r.events) {
        if (Object.values(e.metadata as object).some((v) => typeof v !== 'string')) throw new Error('multiStreamAppend requires string-valued metadata');
      }
    }
    this.race();
    for (const r of requests) this.check(r.streamName, r.expectedState);
    const created = new Date();
    for (const r of requests) this.write(r.streamName, r.events, created);
    return { position: this.next, responses: [] };
  };

  async appendToStream(stream: string, events: WireEvent[], options: { streamState: State }): Promise<unknown> {
    this.race();
    this.check(stream, options.streamState);
    this.write(stream, events, new Date());
    return { success: true };
  }

  readStream(stream: string, options: { direction: string; fromRevision: 'start' | 'end' | bigint; maxCount?: number }): AsyncIterable<{ event: EsdbRecordedEvent }> {
    const events = this.log.filter((e) => e.streamId === stream);
    const forwards = options.direction === 'forwards';
    let selected = forwards
      ? events.filter((e) => options.fromRevision === 'start' || (typeof options.fromRevision === 'bigint' && e.revision >= options.fromRevision))
      : [...events].reverse().filter((e) => options.fromRevision === 'end' || (typeof options.fromRevision === 'bigint' && e.revision <= options.fromRevision));
    selected = selected.slice(0, options.maxCount ?? Infinity);
    return (async function* () {
      if (events.length === 0) throw new StreamNotFoundError(undefined, stream);
      for (const event of selected) yield { event: structuredClone(event) };
    })();
  }

  readAll(options: { direction: string; fromPosition: 'start' | 'end' | { prepare: bigint }; maxCount?: number }): AsyncIterable<{ event: EsdbRecordedEvent }> {
    const from = options.fromPosition;
    const selected = (
      options.direction === 'forwards'
        ? this.log.filter((e) => from === 'start' || (typeof from === 'object' && e.position.prepare >= from.prepare))
        : [...this.log].reverse().filter((e) => from === 'end' || (typeof from === 'object' && e.position.prepare < from.prepare))
    ).slice(0, options.maxCount ?? Infinity);
    const invalid = this.strictPositions && typeof from === 'object' && !this.log.some((e) => e.position.prepare === from.prepare);
    return (async function* () {
      if (invalid) throw new Error('Invalid position');
      for (const event of selected) yield { event: structuredClone(event) };
    })();
  }

  subscribeToAll(options: { fromPosition: 'start' | { prepare: bigint } }): Readable & { unsubscribe(): Promise<void> } {
    let cursor = options.fromPosition === 'start' ? -1n : options.fromPosition.prepare;
    const stream = new Readable({ objectMode: true, read() {} }) as Readable & { unsubscribe(): Promise<void> };
    const pump = () => {
      for (const event of this.log) {
        if (event.position.prepare > cursor) {
          cursor = event.position.prepare;
          stream.push({ event: structuredClone(event) });
        }
      }
    };
    this.live.add(pump);
    stream.unsubscribe = async () => {
      this.live.delete(pump);
      stream.destroy();
    };
    setImmediate(pump);
    return stream;
  }

  async dispose(): Promise<void> {}

  private race(): void {
    this.interleave.splice(0).forEach((slip) => slip());
  }

  /** Appends outside the adapter, as another process would. */
  writeElsewhere(stream: string, metadata: unknown): void {
    this.write(stream, [{ id: crypto.randomUUID(), type: 'Other', data: {}, metadata }], new Date());
  }

  private revision(stream: string): number {
    return this.log.filter((e) => e.streamId === stream).length - 1;
  }

  private check(stream: string, state: State): void {
    const actual = this.revision(stream);
    const ok = state === 'any' || (state === 'no_stream' ? actual === -1 : state === 'stream_exists' ? actual >= 0 : BigInt(actual) === state);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: stream, expected: state, current: actual < 0 ? 'no_stream' : BigInt(actual) });
  }

  private write(stream: string, events: WireEvent[], created: Date): void {
    for (const e of events) {
      const position = { commit: this.next, prepare: this.next };
      this.next += 97n;
      this.log.push({
        streamId: stream,
        id: e.id,
        revision: BigInt(this.revision(stream) + 1),
        type: e.type,
        created,
        isJson: true,
        data: JSON.parse(JSON.stringify(e.data)),
        metadata: JSON.parse(JSON.stringify(e.metadata)),
        position,
      });
    }
    setImmediate(() => this.live.forEach((pump) => pump()));
  }
}

const over = (fake: FakeKurrentDB, confidentialFields = CONTRACT_CONFIDENTIAL_FIELDS) =>
  new EsdbEventStore({ connectionString: 'kurrentdb://unused:2113?tls=false', confidentialFields, client: fake as unknown as KurrentDBClient });

describeEventStoreContract('EsdbEventStore over an in-memory fake of the KurrentDB client', async (fields) => over(new FakeKurrentDB(), fields));

describe('EsdbEventStore beyond the port', () => {
  it('when the client has no multiStreamAppend, then an append to several streams is refused and nothing is written', async () => {
    const fake = new FakeKurrentDB();
    fake.multiStreamAppend = undefined;
    const store = over(fake);
    await expect(
      store.appendMany([
        { streamId: 'a-1', events: [newEvent()], expectedRevision: 'no_stream' },
        { streamId: 'guard-x', events: [newEvent()], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toThrow(/multiStreamAppend.*KurrentDB 25\.1/);
    expect(fake.log).toEqual([]);
    // One stream needs no multi-stream append.
    await expect(store.append('a-1', [newEvent()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ revision: 0 });
  });

  it('when the server does not implement multi-stream appends, then the append is refused saying so, never split', async () => {
    const fake = new FakeKurrentDB();
    fake.multiStreamAppend = async () => {
      throw Object.assign(new Error('12 UNIMPLEMENTED: unknown service kurrentdb.protocol.v2.streams.StreamsService'), { code: 12 });
    };
    const appended = jest.spyOn(fake, 'appendToStream');
    const store = over(fake);
    await expect(
      store.appendMany([
        { streamId: 'a-1', events: [newEvent()], expectedRevision: 'no_stream' },
        { streamId: 'guard-x', events: [newEvent()], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toThrow(/needs KurrentDB 25\.1\+.*non-atomic/);
    expect(appended).not.toHaveBeenCalled();
  });

  it('when metadata travels, then it is one string-valued property holding our JSON', async () => {
    const fake = new FakeKurrentDB();
    const [written] = (await over(fake).append('s-1', [newEvent()], { expectedRevision: 'no_stream' })).events;
    expect(fake.log[0].metadata).toEqual({ dutyLedger: JSON.stringify(written.metadata) });
    expect(written.position).toBe(128);
    expect(written.recordedAt).toBe(fake.log[0].created.toISOString());
  });

  it('when another writer appends between the tail read and the write, then `any` goes on the new tail and a number learns the new revision', async () => {
    const fake = new FakeKurrentDB();
    const store = over(fake);
    await store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
    const slipIn = () => fake.interleave.push(() => fake.writeElsewhere('s-1', fake.log[0].metadata));
    slipIn();
    await expect(store.append('s-1', [newEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({ revision: 2 });
    slipIn();
    await expect(store.append('s-1', [newEvent()], { expectedRevision: 2 })).rejects.toMatchObject({ name: 'WrongExpectedRevision', expected: 2, actual: 3 });
    expect(fake.log.map((e) => Number(e.revision))).toEqual([0, 1, 2, 3]);
  });

  it('when $all holds events that are not ours, then reads of the log skip them and reads of our streams refuse them', async () => {
    const fake = new FakeKurrentDB();
    const store = over(fake);
    await store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
    fake.writeElsewhere('foreign-1', { some: 'thing' });
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['s-1']);
    await expect(store.readStream('foreign-1')).rejects.toThrow(/not a duty-ledger event/);
  });

  it('when a caller reads the log from a position that is no record\'s and the server refuses it, then the read still answers from there', async () => {
    const fake = new FakeKurrentDB();
    fake.strictPositions = true;
    const store = over(fake);
    const { events } = await store.append('s-1', [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
    expect((await store.readAll({ fromPosition: events[0].position + 1 })).map((e) => e.eventId)).toEqual(events.slice(1).map((e) => e.eventId));
    expect((await store.readAll({ fromPosition: 1, limit: 2 })).map((e) => e.eventId)).toEqual(events.slice(0, 2).map((e) => e.eventId));
    expect(await store.readAt(events[1].position + 1)).toBeNull();
    expect(await store.readAt(events[1].position)).toEqual(events[1]);
  });

  it('when the server cannot be reached, then calls fail with StoreUnavailable and the store closes cleanly', async () => {
    const store = new EsdbEventStore({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.append('s', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailable);
    await store.close();
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailable);
  }, 20_000);
});

describe('EsdbEventStore.positionAt beside its own appends', () => {
  it('when asked while an append of this client is unanswered, then the answer waits for it: the server stamped its record time when it began writing', async () => {
    const fake = new FakeKurrentDB();
    const store = over(fake);
    await store.append('s-0', [newEvent()], { expectedRevision: 'no_stream' });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const write = fake.appendToStream.bind(fake);
    fake.appendToStream = async (stream, events, options) => {
      await gate;
      return write(stream, events, options);
    };
    const pending = store.append('s-1', [newEvent()], { expectedRevision: 'no_stream' });
    let answered = false;
    const at = store.positionAt('9999-12-31T23:59:59.999Z').then((found) => {
      answered = true;
      return found;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    open();
    const [second] = (await pending).events;
    expect(await at).toEqual({ position: second.position, recordedAt: second.recordedAt });
  });
});
