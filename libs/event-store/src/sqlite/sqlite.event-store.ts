import Database from 'better-sqlite3';
import { salted, type ConfidentialFields } from '../confidential';
import { newEventId } from '../event-id';
import {
  DuplicateEventId,
  StoreUnavailable,
  WrongExpectedRevision,
  type AppendRequest,
  type AppendResult,
  type AppendStats,
  type LogSize,
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
import { revisionMatches } from '../expected-revision';
import { chained } from '../hash-chain';
import { nextRecordedAt, storedInstant } from '../record-time';
import { Subscribers } from '../subscription-loop';
import { EVENT_LOG_SCHEMA, type EventRow } from './sqlite.schema';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for tests. */
  file: string;
  confidentialFields?: ConfidentialFields;
  clock?: () => Date;
  /** How long a write waits for another process's write lock before StoreUnavailable. Default 5 s. */
  busyTimeoutMs?: number;
  /** How often subscribers look for other processes' writes (local commits wake them at once). Default 200 ms. */
  pollIntervalMs?: number;
  /** Told of a failed subscriber batch before it is retried (the store logs nothing itself). */
  onSubscriberError?: (error: unknown) => void;
}

interface StreamTail {
  revision: number;
  hash: string;
}

interface PendingAppend {
  requests: AppendRequest[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/** Errors meaning the store cannot write or be reached: the API answers 503, not 500. */
const UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOTADB|CORRUPT|PERM|AUTH)/;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
/** Stream tails kept in memory (about 200 bytes each). */
const TAIL_CACHE_SIZE = 50_000;

/**
 * The embedded event log. Appends arriving while a commit is pending are grouped into one transaction
 * (group commit: one fsync for many requests); a request of several events writes inside its own savepoint, so one
 * request's failed check rejects only that request.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly fields: ConfidentialFields;
  private readonly clock: () => Date;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly subscribers: Subscribers;
  private readonly commitListeners = new Set<() => void>();
  private readonly totals: AppendStats = { commits: 0, requests: 0, events: 0, failedCommits: 0 };
  private readonly sql;
  /**
   * Each stream's last revision and hash as this connection last wrote or read them, so an append need not query
   * them. Another process's commit (seen as a new `PRAGMA data_version`, read under the write lock) empties it.
   */
  private readonly tails = new Map<string, StreamTail>();
  private dataVersion = -1;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.fields = options.confidentialFields ?? {};
    this.clock = options.clock ?? (() => new Date());
    this.subscribers = new Subscribers({
      read: (from, limit) => this.window(from, NO_LIMIT, limit),
      pollIntervalMs: options.pollIntervalMs ?? 200,
      onError: options.onSubscriberError,
    });
    try {
      this.db = new Database(options.file);
      this.db.pragma('journal_mode = WAL');
      // FULL fsyncs the WAL at every commit: NORMAL survives a process crash but may lose the last commits to a power cut.
      this.db.pragma('synchronous = FULL');
      this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
      this.db.exec(EVENT_LOG_SCHEMA);
    } catch (error) {
      throw storeError(error);
    }
    const db = this.db;
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT request'),
      release: db.prepare('RELEASE request'),
      rollbackTo: db.prepare('ROLLBACK TO request'),
      streamTail: db.prepare<[string], { revision: number; hash: string }>(
        "SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
      ),
      logTail: db.prepare<[], { position: number; recorded_at: string }>('SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      stream: db.prepare<[string, number, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND position <= ? ORDER BY revision'),
      all: db.prepare<[number, number, number], EventRow>('SELECT * FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?'),
      at: db.prepare<[number], EventRow>('SELECT * FROM events WHERE position = ?'),
      positionAt: db.prepare<[string], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      ),
      ping: db.prepare('SELECT 1'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailable('the event log is closed'));
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
    const outcomes: { pending: PendingAppend; results?: AppendResult[]; error?: unknown }[] = [];
    try {
      this.sql.begin.run();
      // Read inside the write lock, so record time stays monotonic when other processes write too.
      const recordedAt = nextRecordedAt(this.clock(), this.sql.logTail.get()?.recorded_at ?? '');
      this.forgetTailsIfOthersWrote();
      for (const pending of batch) {
        // One row is atomic by itself (a failed INSERT undoes its own changes): only a request of several needs a savepoint.
        const isolated = rowsOf(pending) > 1;
        if (isolated) this.sql.savepoint.run();
        const written = new Map<string, StreamTail>();
        try {
          outcomes.push({ pending, results: pending.requests.map((r) => this.write(r, recordedAt, written)) });
          if (isolated) this.sql.release.run();
          for (const [streamId, tail] of written) this.remember(streamId, tail);
        } catch (error) {
          if (isUnavailable(error)) throw error;
          if (isolated) {
            this.sql.rollbackTo.run();
            this.sql.release.run();
          }
          outcomes.push({ pending, error });
        }
      }
      this.sql.commit.run();
    } catch (error) {
      this.tails.clear(); // what was cached in this transaction was rolled back with it
      this.rollbackQuietly();
      this.totals.failedCommits++;
      const failure = storeError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.totals.commits++;
    for (const { results } of outcomes) {
      if (!results) continue;
      this.totals.requests++;
      for (const result of results) this.totals.events += result.events.length;
    }
    for (const { pending, results, error } of outcomes) {
      if (results) pending.resolve(results);
      else pending.reject(error);
    }
    this.subscribers.wake();
    for (const listener of this.commitListeners) listener();
  }

  /** Runs `listener` after each commit of this connection (the API tells its projector thread); returns its removal. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Another connection to this file committed: subscribers read now instead of at their next poll. */
  wake(): void {
    this.subscribers.wake();
  }

  /** Most recently written last: the oldest entry goes when the cache is full. */
  private remember(streamId: string, tail: StreamTail): void {
    this.tails.delete(streamId);
    this.tails.set(streamId, tail);
    if (this.tails.size > TAIL_CACHE_SIZE) this.tails.delete(this.tails.keys().next().value!);
  }

  /** Another connection committed since this one last looked: the cached tails may be stale. */
  private forgetTailsIfOthersWrote(): void {
    const version = this.sql.dataVersion.get()!;
    if (version !== this.dataVersion) this.tails.clear();
    this.dataVersion = version;
  }

  /** `written`: the tails this request leaves, cached once its savepoint is released (a refused request leaves none). */
  private write(request: AppendRequest, recordedAt: string, written: Map<string, StreamTail>): AppendResult {
    const { streamId, events, expectedRevision } = request;
    const tail = written.get(streamId) ?? this.tails.get(streamId) ?? this.sql.streamTail.get(streamId);
    const actual = tail?.revision ?? -1;
    if (!revisionMatches(expectedRevision, actual)) throw new WrongExpectedRevision(streamId, expectedRevision, actual);
    let prevHash = tail?.hash ?? '';
    const recorded = events.map((event, i): RecordedEvent => {
      const revision = actual + 1 + i;
      const eventId = event.eventId ?? newEventId();
      const data = salted(this.fields, event.type, event.data);
      const metadata = chained(this.fields, { streamId, revision, type: event.type, data, metadata: event.metadata }, prevHash);
      const [dataJson, metadataJson] = [JSON.stringify(data), JSON.stringify(metadata)];
      const position = this.insert(streamId, revision, eventId, event.type, dataJson, metadataJson, recordedAt);
      prevHash = metadata.hash;
      // Parsed back, as a reader would get it: the caller's objects stay the caller's.
      return { position, streamId, revision, eventId, type: event.type, data: JSON.parse(dataJson), metadata: JSON.parse(metadataJson), recordedAt };
    });
    const last = recorded.at(-1);
    if (last) written.set(streamId, { revision: last.revision, hash: last.metadata.hash });
    return { streamId, revision: last?.revision ?? actual, position: last?.position ?? -1, events: recorded };
  }

  private insert(streamId: string, revision: number, eventId: string, type: string, data: string, metadata: string, recordedAt: string): number {
    try {
      return Number(this.sql.insert.run(streamId, revision, eventId, type, data, metadata, recordedAt).lastInsertRowid);
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.event_id/.test((error as Error).message)) throw new DuplicateEventId(eventId);
      throw error;
    }
  }

  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // The connection is already unusable; the callers are told so by the original error.
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(() => this.sql.stream.all(streamId, options.fromRevision ?? 0, options.toPosition ?? NO_LIMIT).map(toEvent));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.window(options.fromPosition ?? 0, options.toPosition ?? NO_LIMIT, options.limit ?? NO_LIMIT);
  }

  private window(from: number, to: number, limit: number): RecordedEvent[] {
    return this.guard(() => this.sql.all.all(from, to, limit).map(toEvent));
  }

  async headPosition(): Promise<number | null> {
    return this.guard(() => this.sql.logTail.get()?.position ?? null);
  }

  async positionAt(instant: string): Promise<{ position: number; recordedAt: string } | null> {
    const row = this.guard(() => this.sql.positionAt.get(storedInstant(instant)));
    return row ? { position: row.position, recordedAt: row.recorded_at } : null;
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    const row = this.guard(() => this.sql.at.get(position));
    return row ? toEvent(row) : null;
  }

  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription {
    return this.subscribers.subscribe(options, handler);
  }

  stats(): AppendStats {
    return { ...this.totals };
  }

  /** COUNT(DISTINCT stream_id) walks the (stream_id, revision) index, not the rows. */
  async size(): Promise<LogSize> {
    return this.guard(() => this.db.prepare<[], LogSize>('SELECT COUNT(*) AS events, COUNT(DISTINCT stream_id) AS streams FROM events').get()!);
  }

  async ping(): Promise<void> {
    this.guard(() => this.sql.ping.get());
  }

  /** The connection's durability settings, as SQLite reports them (for tests and start-up logs). */
  durability(): { journalMode: string; synchronous: number } {
    return this.guard(() => ({
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    }));
  }

  /** Stops subscriptions, commits what is queued, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscribers.closeAll();
    if (this.queue.length) this.flush();
    this.db.close();
  }

  private guard<T>(read: () => T): T {
    if (this.closed) throw new StoreUnavailable('the event log is closed');
    try {
      return read();
    } catch (error) {
      throw storeError(error);
    }
  }
}

function rowsOf(pending: PendingAppend): number {
  let rows = 0;
  for (const request of pending.requests) rows += request.events.length;
  return rows;
}

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function isUnavailable(error: unknown): boolean {
  return UNAVAILABLE.test(sqliteCode(error));
}

function storeError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || error instanceof WrongExpectedRevision) return error;
  // Matched by message: the driver's TypeError may come from another realm (Jest's), where instanceof fails.
  if (isUnavailable(error) || /database connection is not open/.test(String((error as Error | null)?.message)))
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
