import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventData,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { salted, type ConfidentialFields } from '../confidential';
import { newEventId } from '../event-id';
import {
  DuplicateEventId,
  StoreUnavailable,
  WrongExpectedRevision,
  type AppendRequest,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { revisionMatches } from '../expected-revision';
import { chained } from '../hash-chain';
import { storedInstant } from '../record-time';
import {
  actualRevision,
  encodeMetadata,
  esdbPosition,
  isUnavailableError,
  isUnimplementedError,
  streamStateOf,
  toRecordedEvent,
  type EsdbRecordedEvent,
} from './esdb.mapping';

export interface EsdbEventStoreOptions {
  /** `kurrentdb://…` / `esdb://…` (single node or cluster with `?nodePreference=leader`). */
  connectionString: string;
  confidentialFields?: ConfidentialFields;
  /** Told of a failed subscription read or handler call before it is retried (the store logs nothing itself). */
  onSubscriberError?: (error: unknown) => void;
  /** A client of the caller's (tests); by default one is made from `connectionString`. */
  client?: KurrentDBClient;
}

const DEFAULT_BATCH = 500;
const MAX_BACKOFF_MS = 5_000;
/** Appends re-read the streams' tails and try again this often when another writer got in between. */
const MAX_RACES = 5;
const ALL = Number.MAX_SAFE_INTEGER;
/** Events a backward read asks for at a time while looking for a stream's last event as of a past point. */
const LAST_EVENT_PAGE = 100;

interface Tail {
  revision: number;
  hash: string;
}

interface PlannedRequest {
  request: AppendRequest;
  firstRevision: number;
}

/**
 * The event log on EventStoreDB / KurrentDB (`@kurrent/kurrentdb-client`, the maintained successor of
 * `@eventstore/db-client`). Thin: the server keeps order, durability and the expected-revision check; the
 * adapter adds the hash chain (it reads each stream's tail first and appends at exactly that revision, so a
 * concurrent writer makes the server refuse rather than fork the chain), UUIDv7 ids and the port's shapes.
 * Positions are prepare positions in `$all` (see `esdb.mapping.ts`).
 */
export class EsdbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly fields: ConfidentialFields;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;
  /** This client's appends not yet answered: `positionAt` waits for them. */
  private readonly appending = new Set<Promise<AppendResult[]>>();

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.fields = options.confidentialFields ?? {};
    this.client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
  }

  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    const appended = this.appendUnanswered(requests);
    this.appending.add(appended);
    try {
      return await appended;
    } finally {
      this.appending.delete(appended);
    }
  }

  private async appendUnanswered(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.open();
    await this.refuseDuplicateIds(requests);
    for (let race = 1; ; race++) {
      try {
        return await this.tryAppend(requests);
      } catch (error) {
        // Another writer moved a stream between our tail read and the write: read again, so the caller's own
        // expectation is judged against the new tail (and `any` simply goes on the new tail).
        if (error instanceof WrongExpectedVersionError && race < MAX_RACES) continue;
        if (error instanceof WrongExpectedVersionError) {
          const request = requests.find((r) => r.streamId === error.streamName) ?? requests[0];
          throw new WrongExpectedRevision(request.streamId, request.expectedRevision, actualRevision(error.actualState));
        }
        throw storeError(error);
      }
    }
  }

  private async tryAppend(requests: AppendRequest[]): Promise<AppendResult[]> {
    const streams = [...new Set(requests.map((r) => r.streamId))];
    const tails = new Map(await Promise.all(streams.map(async (s) => [s, await this.tail(s)] as const)));
    const before = new Map([...tails].map(([s, t]) => [s, t.revision]));
    const outgoing = new Map<string, EventData[]>(streams.map((s) => [s, []]));
    const planned: PlannedRequest[] = [];
    for (const request of requests) {
      const tail = tails.get(request.streamId)!;
      if (!revisionMatches(request.expectedRevision, tail.revision)) {
        throw new WrongExpectedRevision(request.streamId, request.expectedRevision, tail.revision);
      }
      planned.push({ request, firstRevision: tail.revision + 1 });
      for (const event of request.events) {
        const revision = ++tail.revision;
        const data = salted(this.fields, event.type, event.data);
        const metadata = chained(this.fields, { streamId: request.streamId, revision, type: event.type, data, metadata: event.metadata }, tail.hash);
        tail.hash = metadata.hash;
        outgoing.get(request.streamId)!.push(jsonEvent({ id: event.eventId ?? newEventId(), type: event.type, data, metadata: encodeMetadata(metadata) }));
      }
    }
    const writes = streams.filter((s) => outgoing.get(s)!.length > 0);
    if (writes.length === 1) {
      await this.client.appendToStream(writes[0], outgoing.get(writes[0])!, { streamState: streamStateOf(before.get(writes[0])!) });
    } else if (writes.length > 1) {
      await this.multiStreamAppend(writes.map((s) => ({ streamName: s, events: outgoing.get(s)!, expectedState: streamStateOf(before.get(s)!) })));
    }
    // Read back what was written: each event's $all position and the server's commit time.
    const written = new Map(
      await Promise.all(
        writes.map(async (s) => [s, await this.readRevisions(s, before.get(s)! + 1, outgoing.get(s)!.length)] as const),
      ),
    );
    return planned.map(({ request, firstRevision }) => {
      const events = request.events.length
        ? (written.get(request.streamId) ?? []).filter((e) => e.revision >= firstRevision && e.revision < firstRevision + request.events.length)
        : [];
      const last = events.at(-1);
      return { streamId: request.streamId, revision: last?.revision ?? firstRevision - 1, position: last?.position ?? -1, events };
    });
  }

  /** All-or-nothing across streams: only the server's multi-stream append (KurrentDB 25.1+) gives that; never a loop of single appends. */
  private async multiStreamAppend(requests: { streamName: string; events: EventData[]; expectedState: 'no_stream' | bigint }[]): Promise<void> {
    const client = this.client as KurrentDBClient & { multiStreamAppend?: KurrentDBClient['multiStreamAppend'] };
    if (typeof client.multiStreamAppend !== 'function') {
      throw new Error('this @kurrent/kurrentdb-client has no multiStreamAppend: atomic appends to several streams need client 1.1+ and KurrentDB 25.1+');
    }
    try {
      await client.multiStreamAppend(requests);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) && isUnimplementedError(error)) {
        throw new Error(`the EventStoreDB server has no multi-stream append (needs KurrentDB 25.1+); refusing a non-atomic write: ${String((error as Error).message)}`);
      }
      throw error;
    }
  }

  /**
   * EventStoreDB indexes no event id across the log, so a caller-supplied id is looked for in the streams of
   * the request (where a replayed request writes again) and within the request; store-made UUIDv7 ids are
   * fresh. A duplicate elsewhere in the log goes undetected on this adapter.
   */
  private async refuseDuplicateIds(requests: AppendRequest[]): Promise<void> {
    const supplied = requests.flatMap((r) => r.events.map((e) => e.eventId).filter((id): id is string => id !== undefined));
    if (supplied.length === 0) return;
    const seen = new Set<string>();
    for (const id of supplied) {
      if (seen.has(id)) throw new DuplicateEventId(id);
      seen.add(id);
    }
    for (const streamId of new Set(requests.map((r) => r.streamId))) {
      const existing = (await this.readStream(streamId)).find((e) => seen.has(e.eventId));
      if (existing) throw new DuplicateEventId(existing.eventId);
    }
  }

  /** The stream's last revision and hash, from the leader (a follower's lag would only cost a retry). */
  private async tail(streamId: string): Promise<Tail> {
    const [last] = await this.collect(
      this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader: true }),
      streamId,
    );
    return last ? { revision: last.revision, hash: last.metadata.hash } : { revision: -1, hash: '' };
  }

  private readRevisions(streamId: string, from: number, count: number): Promise<RecordedEvent[]> {
    return this.collect(
      this.client.readStream(streamId, { direction: FORWARDS, fromRevision: BigInt(from), maxCount: count, requiresLeader: true }),
      streamId,
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.open();
    const { toPosition = ALL, fromPosition = 0, limit } = options;
    if (limit === 0) return [];
    const fromRevision = options.fromRevision ? BigInt(options.fromRevision) : START;
    // A stream's positions rise with its revisions: `toPosition` cuts a tail, so the first `limit` events read are the
    // first that pass it; a `fromPosition` past the stream's first event cuts a head, whose length is unknown until read.
    const maxCount = limit !== undefined && fromPosition === 0 ? limit : ALL;
    const events = await this.collect(this.client.readStream(streamId, { direction: FORWARDS, fromRevision, maxCount, requiresLeader: true }), streamId);
    const selected = events.filter((e) => e.position <= toPosition && e.position >= fromPosition);
    return limit === undefined ? selected : selected.slice(0, limit);
  }

  /** Backwards from the stream's end, a page at a time, to the first event at or before the point. */
  async readLastEvent(streamId: string, options: { toPosition?: number } = {}): Promise<RecordedEvent | null> {
    this.open();
    const to = options.toPosition ?? ALL;
    for (let fromRevision: bigint | typeof END = END; ; ) {
      const page = await this.collect(this.client.readStream(streamId, { direction: BACKWARDS, fromRevision, maxCount: LAST_EVENT_PAGE, requiresLeader: true }), streamId);
      const found = page.find((e) => e.position <= to);
      if (found) return found;
      const oldest = page.at(-1);
      if (!oldest || oldest.revision === 0 || page.length < LAST_EVENT_PAGE) return null;
      const next = BigInt(oldest.revision - 1);
      if (fromRevision !== END && next >= fromRevision) throw new Error(`stream ${streamId}: a backward read from revision ${fromRevision} did not move back`);
      fromRevision = next;
    }
  }

  /** A stream's events, `[]` when it does not exist; a record that is not ours in one of our streams is corruption. */
  private async collect(read: AsyncIterable<ResolvedEvent>, streamId: string): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (!resolved.event) continue;
        const event = toRecordedEvent(resolved.event as EsdbRecordedEvent);
        if (!event) throw new Error(`stream ${streamId}: event ${resolved.event.id} is not a duty-ledger event (not JSON or without our metadata)`);
        out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return out;
      throw storeError(error);
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.open();
    return this.window(options.fromPosition, options.toPosition ?? ALL, options.limit ?? ALL);
  }

  /**
   * `$all` forwards from `from` (inclusive), system events excluded and records that are not ours skipped
   * (positions are not dense). A position that is no record's (a caller's guess, e.g. `?fromPosition=1`) may be
   * refused by the server: the read is then made from the start and filtered here — correct, at the cost of a
   * scan up to `from`. Positions taken from events never take that path.
   */
  private async window(from: number | undefined, to: number, limit: number): Promise<RecordedEvent[]> {
    if (limit <= 0) return [];
    const positioned = from !== undefined && from > 0;
    try {
      return await this.scanForwards(positioned ? esdbPosition(from) : START, from, to, limit);
    } catch (error) {
      const refused = positioned && !isUnavailableError(error) && !(error instanceof StoreUnavailable);
      if (!refused) throw storeError(error);
      try {
        return await this.scanForwards(START, from, to, limit);
      } catch (again) {
        throw storeError(again);
      }
    }
  }

  private async scanForwards(start: typeof START | ReturnType<typeof esdbPosition>, from: number | undefined, to: number, limit: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    // No maxCount when starting before `from`: the events skipped here would count against it.
    const maxCount = start === START && from !== undefined && from > 0 ? ALL : limit;
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: start, maxCount, filter: excludeSystemEvents() })) {
      const event = ours(resolved);
      if (!event) continue;
      if (event.position > to) break;
      if (from !== undefined && event.position < from) continue;
      out.push(event);
      if (out.length >= limit) break;
    }
    return out;
  }

  async headPosition(): Promise<number | null> {
    this.open();
    const [last] = await this.backwards(1);
    return last?.position ?? null;
  }

  /**
   * EventStoreDB has no index by record time: this reads `$all` backwards from the end until the first event
   * recorded at or before `instant`. Cost: one pass over every event recorded after `instant` (≈ 70–100k
   * events/s), so cheap for recent instants and a full scan for instants before the log. Callers that ask
   * often should keep their own (recordedAt → position) checkpoints, as the projector's do.
   *
   * The server stamps an event's record time when it writes it, before the append is answered: this client's appends
   * still unanswered are waited for, so that an answer for an instant one of them falls on does not change once it lands
   * (DOMAIN §6). Appends of other clients in flight at that moment cannot be seen from here (README, Production stores).
   */
  async positionAt(instant: string): Promise<{ position: number; recordedAt: string } | null> {
    this.open();
    await Promise.allSettled([...this.appending]);
    const target = storedInstant(instant);
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: ALL, filter: excludeSystemEvents() })) {
        const event = ours(resolved);
        if (event && event.recordedAt <= target) return { position: event.position, recordedAt: event.recordedAt };
      }
    } catch (error) {
      throw storeError(error);
    }
    return null;
  }

  private async backwards(count: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: count, filter: excludeSystemEvents() })) {
        const event = ours(resolved);
        if (event) out.push(event);
      }
    } catch (error) {
      throw storeError(error);
    }
    return out;
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    this.open();
    const [event] = await this.window(position, position, 1);
    return event?.position === position ? event : null;
  }

  /**
   * A catch-up `subscribeToAll` from `afterPosition` (exclusive), system events excluded: events are buffered
   * (the stream pauses at `batchSize`) and handed over batch by batch; the next batch waits for the handler.
   * A failed read or handler call restarts the subscription after the last handled event, with a back-off
   * doubling from 200 ms up to 5 s, so a batch is retried, never skipped.
   */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.open();
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    let after = options.afterPosition;
    let closed = false;
    let current: AllStreamSubscription | undefined;
    let wake = (): void => {};
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });

    const running = (async () => {
      let failures = 0;
      while (!closed) {
        const buffer: RecordedEvent[] = [];
        let failure: unknown;
        let ended = false;
        const subscription = this.client.subscribeToAll({
          fromPosition: after === undefined ? START : esdbPosition(after),
          filter: excludeSystemEvents(),
        });
        current = subscription;
        subscription.on('data', (resolved: AllStreamResolvedEvent) => {
          try {
            const event = ours(resolved);
            if (event && (after === undefined || event.position > after)) buffer.push(event);
          } catch (error) {
            failure = error;
          }
          if (buffer.length >= batchSize) subscription.pause();
          wake();
        });
        subscription.on('error', (error: unknown) => {
          failure = error;
          wake();
        });
        subscription.on('end', () => {
          ended = true;
          wake();
        });
        try {
          while (!closed) {
            if (buffer.length === 0) {
              if (failure !== undefined) throw failure;
              if (ended) throw new StoreUnavailable('the $all subscription ended');
              await new Promise<void>((resolve) => (wake = resolve));
              continue;
            }
            const batch = buffer.splice(0, batchSize);
            await handler(batch);
            after = batch[batch.length - 1].position;
            failures = 0;
            if (subscription.isPaused() && buffer.length < batchSize) subscription.resume();
          }
        } catch (error) {
          if (!closed) {
            failures++;
            this.options.onSubscriberError?.(error);
          }
        } finally {
          subscription.removeAllListeners('data');
          await subscription.unsubscribe().catch(() => undefined);
        }
        if (!closed && failures) await sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures));
      }
    })();

    const subscription: Subscription = {
      close: async () => {
        closed = true;
        wake();
        await current?.unsubscribe().catch(() => undefined);
        await running;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    this.open();
    try {
      for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) break;
    } catch (error) {
      throw storeError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  private open(): void {
    if (this.closed) throw new StoreUnavailable('the event log is closed');
  }
}

function ours(resolved: AllStreamResolvedEvent): RecordedEvent | null {
  return resolved.event ? toRecordedEvent(resolved.event as EsdbRecordedEvent) : null;
}

function storeError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || error instanceof WrongExpectedRevision || error instanceof DuplicateEventId) return error;
  if (isUnavailableError(error)) return new StoreUnavailable(`EventStoreDB cannot be reached: ${String((error as Error).message)}`, error);
  return error;
}
