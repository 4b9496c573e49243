import type Database from 'better-sqlite3';
import type { ConfidentialFields } from '../confidential';
import {
  StoreUnavailable,
  type AppendRequest,
  type AppendResult,
  type AppendStats,
  type CommitInfo,
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
import { storedInstant } from '../record-time';
import { Subscribers } from '../subscription-loop';
import { LogWriterThread } from './log-writer-thread';
import { storeError } from './sqlite-errors';
import { openLogFile } from './sqlite-log-file';
import { otherWritersSettled } from './other-writers';
import { SqliteLogWriter, type CommitOutcome } from './sqlite-log-writer';
import type { EventRow } from './sqlite.schema';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for tests (inline writer only). */
  file: string;
  confidentialFields?: ConfidentialFields;
  /**
   * Where commits run: `inline`, on the caller's thread, which waits out each commit's fsync; `thread`, on a writer
   * thread of their own (its own connection), so the caller's thread serves requests meanwhile. Default `inline`.
   */
  writer?: 'inline' | 'thread';
  /** The writer thread's script (tests give the built one). */
  writerEntry?: string;
  /** Inline writer only: a clock cannot cross to a thread. */
  clock?: () => Date;
  /** How long a write waits for another process's write lock before StoreUnavailable. Default 5 s. */
  busyTimeoutMs?: number;
  /** How often subscribers look for other processes' writes (local commits wake them at once). Default 200 ms. */
  pollIntervalMs?: number;
  /** Told of a failed subscriber batch before it is retried (the store logs nothing itself). */
  onSubscriberError?: (error: unknown) => void;
}

interface PendingAppend {
  requests: AppendRequest[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/** Commits a batch of request lists: the inline writer at once, the writer thread once it answers. */
interface LogWriter {
  commit(batch: AppendRequest[][]): CommitOutcome[] | Promise<CommitOutcome[]>;
  close(): Promise<void>;
}

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The embedded event log. Appends arriving while a commit is pending are grouped into one transaction (group commit:
 * one fsync for many requests, see ./sqlite-log-writer.ts); with the writer thread, the requests arriving while one
 * batch commits make the next.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly writer: LogWriter;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  /** The batch being committed: one at a time, so record time and positions follow the order of the batches. */
  private inFlight?: Promise<void>;
  private closed = false;
  private readonly subscribers: Subscribers;
  private readonly commitListeners = new Set<(commit: CommitInfo) => void>();
  private readonly totals: AppendStats = { commits: 0, requests: 0, events: 0, failedCommits: 0, failing: false };
  private readonly sql;
  /** A file other processes may write too (not `:memory:`). */
  private readonly shared: boolean;

  constructor(options: SqliteEventStoreOptions) {
    const { file, confidentialFields = {}, writer = 'inline', clock, busyTimeoutMs } = options;
    this.shared = file !== ':memory:';
    if (writer === 'thread' && (file === ':memory:' || clock)) throw new Error('the writer thread needs a file and the real clock (its own connection, its own time)');
    this.subscribers = new Subscribers({
      read: (from, limit) => this.window(from, NO_LIMIT, limit),
      pollIntervalMs: options.pollIntervalMs ?? 200,
      onError: options.onSubscriberError,
    });
    const db = (this.db = openLogFile(file, busyTimeoutMs));
    if (writer === 'thread') {
      this.writer = new LogWriterThread({ file, confidentialFields, busyTimeoutMs, entry: options.writerEntry });
    } else {
      const inline = new SqliteLogWriter(db, { confidentialFields, clock });
      this.writer = { commit: (batch) => inline.commit(batch), close: async () => undefined };
    }
    this.sql = {
      logTail: db.prepare<[], { position: number; recorded_at: string }>('SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1'),
      // Every command's load (what followed a cached state, usually nothing) takes the first: a LIMIT, even -1, costs it
      // more than half again (13 µs against 22 an empty read, measured); pages take the second.
      stream: db.prepare<[string, number, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND position <= ? ORDER BY revision'),
      streamPage: db.prepare<[string, number, number, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND position >= ? AND position <= ? ORDER BY revision LIMIT ?',
      ),
      // Newest first through the (stream_id, revision) key: an as-of point in the past skips only the events after it.
      last: db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE stream_id = ? AND position <= ? ORDER BY revision DESC LIMIT 1'),
      all: db.prepare<[number, number, number], EventRow>('SELECT * FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?'),
      at: db.prepare<[number], EventRow>('SELECT * FROM events WHERE position = ?'),
      positionAt: db.prepare<[string], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      ),
      ping: db.prepare('SELECT 1'),
    };
  }

  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then(([result]) => result);
  }

  appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailable('the event log is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ requests, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** A flush on the next turn, unless one is due or a batch is committing (its end schedules the next). */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Commits everything queued as one batch. */
  private flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = this.commit(batch).finally(() => {
      this.inFlight = undefined;
      if (this.queue.length) this.scheduleFlush();
    });
  }

  /** Resolves each append once the batch is durable; a batch that fails as a whole rejects every append in it. */
  private async commit(batch: PendingAppend[]): Promise<void> {
    let outcomes: CommitOutcome[];
    try {
      outcomes = await this.writer.commit(batch.map((pending) => pending.requests));
    } catch (error) {
      this.totals.failedCommits++;
      this.totals.failing = true;
      const failure = storeError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.totals.commits++;
    this.totals.failing = false;
    outcomes.forEach((outcome, i) => {
      if ('error' in outcome) return batch[i].reject(outcome.error);
      this.totals.requests++;
      for (const result of outcome.results) this.totals.events += result.events.length;
      batch[i].resolve(outcome.results);
    });
    this.subscribers.wake();
    for (const listener of this.commitListeners) listener({ requests: batch.length });
  }

  /** Runs `listener` after each commit of this connection (the API tells its projector thread); returns its removal. */
  onCommit(listener: (commit: CommitInfo) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Another connection to this file committed: subscribers read now instead of at their next poll. */
  wake(): void {
    this.subscribers.wake();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromRevision = 0, fromPosition, toPosition = NO_LIMIT, limit } = options;
    const rows = () =>
      fromPosition === undefined && limit === undefined
        ? this.sql.stream.all(streamId, fromRevision, toPosition)
        : this.sql.streamPage.all(streamId, fromRevision, fromPosition ?? 0, toPosition, limit ?? -1);
    return this.guard(() => rows().map(toEvent));
  }

  async readLastEvent(streamId: string, options: { toPosition?: number } = {}): Promise<RecordedEvent | null> {
    const row = this.guard(() => this.sql.last.get(streamId, options.toPosition ?? NO_LIMIT));
    return row ? toEvent(row) : null;
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
    // A batch on the writer thread took its record time when the thread began it and is not visible until it commits:
    // answered after it, so an answer for an instant it falls on does not change once it lands (DOMAIN §6).
    if (this.inFlight) await this.inFlight;
    const stored = storedInstant(instant);
    // Another process writing this file may have stamped a batch at the instant and not committed it yet. Its stamp is
    // at least the last one committed before it (record time is taken inside the write lock), so only an instant at or
    // after the last visible one can still gain an event: for those, its commit is waited out.
    const tail = this.guard(() => this.sql.logTail.get());
    if (this.shared && (!tail || tail.recorded_at <= stored)) await otherWritersSettled(this.db).catch((error: unknown) => Promise.reject(storeError(error)));
    const row = this.guard(() => this.sql.positionAt.get(stored));
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
    // What was acknowledged to no one yet is still committed: the batch in flight, then what queued behind it.
    while (this.inFlight || this.queue.length) {
      this.flush();
      await this.inFlight;
    }
    await this.writer.close();
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
