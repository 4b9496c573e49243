import Database from 'better-sqlite3';
import { salted, type ConfidentialFields } from '../confidential';
import { newEventId } from '../event-id';
import { chained } from '../hash-chain';
import {
  StoreUnavailable,
  WrongExpectedRevision,
  type AppendRequest,
  type AppendResult,
  type BatchHandler,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { EVENT_LOG_SCHEMA, type EventRow } from './sqlite.schema';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for tests. */
  file: string;
  confidentialFields?: ConfidentialFields;
  clock?: () => Date;
  /** How often subscribers look for other processes' writes (local writes wake them at once). */
  pollIntervalMs?: number;
  onSubscriberError?: (error: unknown) => void;
}

interface PendingAppend {
  requests: AppendRequest[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/** Errors meaning the store cannot write or be reached: the API answers 503, not 500. */
const UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOTADB|CORRUPT|PERM|AUTH)/;
const MAX_RECORDED_AT = '9999-12-31T23:59:59.999Z';

/**
 * The embedded event log. Appends arriving while a commit is pending are grouped into one transaction
 * (group commit), each inside its own savepoint so one request's failed check rejects only that request.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly fields: ConfidentialFields;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private lastRecordedAt: string;
  private readonly wakers = new Set<() => void>();
  private readonly sql;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit, so an acknowledged append survives a crash of the machine, not just the process.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(EVENT_LOG_SCHEMA);
    this.fields = options.confidentialFields ?? {};
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.sql = {
      last: this.db.prepare<[string], { revision: number; metadata: string }>('SELECT revision, metadata FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      insert: this.db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      stream: this.db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND position <= ? ORDER BY revision'),
      all: this.db.prepare<[number, number, number], EventRow>('SELECT * FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?'),
      head: this.db.prepare<[], { position: number | null; recorded_at: string | null }>('SELECT MAX(position) AS position, MAX(recorded_at) AS recorded_at FROM events'),
      at: this.db.prepare<[number], EventRow>('SELECT * FROM events WHERE position = ?'),
      positionAt: this.db.prepare<[string], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      ),
    };
    this.lastRecordedAt = this.sql.head.get()?.recorded_at ?? '';
  }

  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ requests, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** One transaction for every append queued since the last commit; resolves them only once it is durable. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const recordedAt = this.nextRecordedAt();
    const outcomes: { pending: PendingAppend; results?: AppendResult[]; error?: unknown }[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const pending of batch) {
        this.db.exec('SAVEPOINT request');
        try {
          outcomes.push({ pending, results: pending.requests.map((r) => this.write(r, recordedAt)) });
          this.db.exec('RELEASE request');
        } catch (error) {
          this.db.exec('ROLLBACK TO request');
          this.db.exec('RELEASE request');
          if (isUnavailable(error)) throw error;
          outcomes.push({ pending, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      const failure = storeError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.lastRecordedAt = recordedAt;
    for (const { pending, results, error } of outcomes) {
      if (results) pending.resolve(results);
      else pending.reject(error);
    }
    for (const wake of this.wakers) wake();
  }

  private write(request: AppendRequest, recordedAt: string): AppendResult {
    const { streamId, events, expectedRevision } = request;
    const last = this.sql.last.get(streamId);
    const actual = last?.revision ?? -1;
    if (!revisionMatches(expectedRevision, actual)) throw new WrongExpectedRevision(streamId, expectedRevision, actual);
    let prevHash = last ? (JSON.parse(last.metadata) as EventMetadata).hash : '';
    const written: RecordedEvent[] = [];
    events.forEach((event, i) => {
      const revision = actual + 1 + i;
      const eventId = event.eventId ?? newEventId();
      const data = salted(this.fields, event.type, event.data);
      const metadata = chained(this.fields, { streamId, revision, type: event.type, data, metadata: event.metadata }, prevHash);
      const { lastInsertRowid } = this.sql.insert.run(streamId, revision, eventId, event.type, JSON.stringify(data), JSON.stringify(metadata), recordedAt);
      prevHash = metadata.hash;
      written.push({ position: Number(lastInsertRowid), streamId, revision, eventId, type: event.type, data, metadata, recordedAt });
    });
    const tail = written[written.length - 1];
    return { streamId, revision: tail?.revision ?? actual, position: tail?.position ?? -1, events: written };
  }

  /** Record time never decreases along the log, even if the wall clock steps back. */
  private nextRecordedAt(): string {
    const now = this.clock().toISOString();
    return now > this.lastRecordedAt ? now : this.lastRecordedAt;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(() => this.sql.stream.all(streamId, options.toPosition ?? Number.MAX_SAFE_INTEGER).map(toEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllNow(options);
  }

  private readAllNow(options: ReadAllOptions): RecordedEvent[] {
    return this.guard(() =>
      this.sql.all.all(options.fromPosition ?? 0, options.toPosition ?? Number.MAX_SAFE_INTEGER, options.limit ?? Number.MAX_SAFE_INTEGER).map(toEvent),
    );
  }

  async headPosition(): Promise<number | null> {
    return this.guard(() => this.sql.head.get()?.position ?? null);
  }

  async positionAt(instant: string): Promise<{ position: number; recordedAt: string } | null> {
    const row = this.guard(() => this.sql.positionAt.get(instant > MAX_RECORDED_AT ? MAX_RECORDED_AT : instant));
    return row ? { position: row.position, recordedAt: row.recorded_at } : null;
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    const row = this.guard(() => this.sql.at.get(position));
    return row ? toEvent(row) : null;
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    let after = options.afterPosition ?? -1;
    let closed = false;
    let wake = () => {};
    const waker = () => wake();
    this.wakers.add(waker);
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const loop = async () => {
      let failures = 0;
      while (!closed) {
        let events: RecordedEvent[] = [];
        try {
          events = this.readAllNow({ fromPosition: after + 1, limit: options.batchSize ?? 500 });
          if (events.length > 0) {
            await handler(events);
            after = events[events.length - 1].position;
            failures = 0;
            continue;
          }
        } catch (error) {
          this.options.onSubscriberError?.(error);
          failures++;
        }
        if (!closed) await pause(failures ? Math.min(5_000, 100 * 2 ** failures) : this.pollIntervalMs);
      }
    };
    const running = loop();
    return {
      close: async () => {
        closed = true;
        wake();
        await running;
        this.wakers.delete(waker);
      },
    };
  }

  async ping(): Promise<void> {
    this.guard(() => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.queue.length) await new Promise((resolve) => setImmediate(resolve));
    this.db.close();
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw storeError(error);
    }
  }
}

function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
}

function isUnavailable(error: unknown): boolean {
  return typeof (error as { code?: unknown })?.code === 'string' && UNAVAILABLE.test((error as { code: string }).code);
}

function storeError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || error instanceof WrongExpectedRevision) return error;
  if (isUnavailable(error) || (error instanceof TypeError && /database connection is not open/.test(error.message)))
    return new StoreUnavailable(`the event log cannot be used: ${(error as Error).message}`, error);
  return error;
}

function toEvent(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}
