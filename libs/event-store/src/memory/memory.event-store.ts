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
  type LogSize,
  type NewEvent,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { revisionMatches } from '../expected-revision';
import { chained } from '../hash-chain';
import { nextRecordedAt, storedInstant } from '../record-time';
import { Subscribers } from '../subscription-loop';

export interface MemoryEventStoreOptions {
  confidentialFields?: ConfidentialFields;
  clock?: () => Date;
  onSubscriberError?: (error: unknown) => void;
}

/**
 * The event log in memory, for fast tests of other layers: the same semantics as the SQLite adapter
 * (revisions, atomic multi-stream appends, hash chain, record time) and the same contract suite.
 */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly subscribers: Subscribers;
  private readonly fields: ConfidentialFields;
  private readonly clock: () => Date;
  private closed = false;

  constructor(private readonly options: MemoryEventStoreOptions = {}) {
    this.fields = options.confidentialFields ?? {};
    this.clock = options.clock ?? (() => new Date());
    this.subscribers = new Subscribers({
      read: (from, limit) => this.window(from, Number.MAX_SAFE_INTEGER, limit),
      pollIntervalMs: 1_000, // nothing writes here but this process, which wakes subscribers itself
      onError: options.onSubscriberError,
    });
  }

  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  /** Stages every request against the log plus what is staged before it, then commits all or nothing. */
  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.ensureOpen();
    const recordedAt = nextRecordedAt(this.clock(), this.log.at(-1)?.recordedAt ?? '');
    const staged: RecordedEvent[] = [];
    const stagedIds = new Set<string>();
    let position = (this.log.at(-1)?.position ?? 0) + 1;
    const results = requests.map(({ streamId, events, expectedRevision }): AppendResult => {
      const tail = staged.filter((e) => e.streamId === streamId).at(-1) ?? this.streams.get(streamId)?.at(-1);
      const actual = tail?.revision ?? -1;
      if (!revisionMatches(expectedRevision, actual)) throw new WrongExpectedRevision(streamId, expectedRevision, actual);
      let prevHash = tail?.metadata.hash ?? '';
      const written = events.map((event, i) => {
        const eventId = event.eventId ?? newEventId();
        if (this.eventIds.has(eventId) || stagedIds.has(eventId)) throw new DuplicateEventId(eventId);
        stagedIds.add(eventId);
        // A JSON round trip, as SQLite stores it: what is hashed is exactly what a reader gets back.
        const data = jsonCopy(salted(this.fields, event.type, event.data));
        const revision = actual + 1 + i;
        const metadata = chained(this.fields, { streamId, revision, type: event.type, data, metadata: jsonCopy(event.metadata) }, prevHash);
        prevHash = metadata.hash;
        return { position: position++, streamId, revision, eventId, type: event.type, data, metadata, recordedAt };
      });
      staged.push(...written);
      const last = written.at(-1);
      return { streamId, revision: last?.revision ?? actual, position: last?.position ?? -1, events: written.map(copy) };
    });
    for (const event of staged) {
      this.log.push(event);
      this.eventIds.add(event.eventId);
      const stream = this.streams.get(event.streamId) ?? [];
      stream.push(event);
      this.streams.set(event.streamId, stream);
    }
    if (staged.length) this.subscribers.wake();
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const to = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    const from = options.fromRevision ?? 0;
    const fromPosition = options.fromPosition ?? 0;
    const selected = (this.streams.get(streamId) ?? []).filter((e) => e.position <= to && e.revision >= from && e.position >= fromPosition);
    return selected.slice(0, options.limit ?? selected.length).map(copy);
  }

  async readLastEvent(streamId: string, options: { toPosition?: number } = {}): Promise<RecordedEvent | null> {
    const [last] = (await this.readStream(streamId, options)).slice(-1);
    return last ?? null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    return this.window(options.fromPosition ?? 0, options.toPosition ?? Number.MAX_SAFE_INTEGER, options.limit ?? Number.MAX_SAFE_INTEGER);
  }

  async headPosition(): Promise<number | null> {
    this.ensureOpen();
    return this.log.at(-1)?.position ?? null;
  }

  async size(): Promise<LogSize> {
    this.ensureOpen();
    return { events: this.log.length, streams: this.streams.size };
  }

  async positionAt(instant: string): Promise<{ position: number; recordedAt: string } | null> {
    this.ensureOpen();
    const bound = storedInstant(instant);
    const index = this.firstIndex((e) => e.recordedAt > bound) - 1;
    const event = this.log[index];
    return event ? { position: event.position, recordedAt: event.recordedAt } : null;
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    this.ensureOpen();
    const event = this.log[this.firstIndex((e) => e.position >= position)];
    return event?.position === position ? copy(event) : null;
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    return this.subscribers.subscribe(options, handler);
  }

  async ping(): Promise<void> {
    this.ensureOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscribers.closeAll();
  }

  private window(from: number, to: number, limit: number): RecordedEvent[] {
    this.ensureOpen();
    const out: RecordedEvent[] = [];
    for (let i = this.firstIndex((e) => e.position >= from); i < this.log.length && out.length < limit; i++) {
      if (this.log[i].position > to) break;
      out.push(copy(this.log[i]));
    }
    return out;
  }

  /** Binary search over the log, which is sorted by position and by record time. */
  private firstIndex(after: (event: RecordedEvent) => boolean): number {
    let [lo, hi] = [0, this.log.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(this.log[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreUnavailable('the in-memory event log is closed');
  }
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Readers get their own objects, as from SQLite: mutating one cannot alter the log. */
function copy(event: RecordedEvent): RecordedEvent {
  return structuredClone(event);
}
