/**
 * The event log: the only thing the write side and the read side share.
 * Adapters live beside this file (`sqlite/`, `esdb/`) and each passes `libs/testing/src/event-store.contract.ts`.
 * Import this file by its own path: it drags no adapter (and no native module) along.
 */

/** Who posted a command: stored in every event's metadata. */
export interface Actor {
  name: string;
  role: string;
}

/** Metadata an appender supplies; the store adds `prevHash` and `hash` (the per-stream hash chain). */
export interface EventMetadataInput {
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  /** The business date the event speaks of (effectiveFrom, heldOn, occurredOn, ...). */
  businessDate?: string;
  schemaVersion: number;
}

export interface EventMetadata extends EventMetadataInput {
  prevHash: string;
  hash: string;
}

export interface NewEvent {
  /** Time-ordered UUIDv7; the store makes one when absent. */
  eventId?: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadataInput;
}

export interface RecordedEvent {
  /** Global position in the log: unique, increasing in log order, not dense. */
  position: number;
  streamId: string;
  /** Counts from 0 within the stream. */
  revision: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  /** ISO-8601 instant (UTC, milliseconds) at which the store committed the event; never decreases along the log. */
  recordedAt: string;
}

/**
 * `no_stream`: the stream must not exist (creates). `stream_exists`: it must exist (`If-Match: *`).
 * `any`: no check. A number: the stream's last revision must be exactly this.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the last event written to this stream. */
  revision: number;
  /** Position of the last event written to this stream. */
  position: number;
  events: RecordedEvent[];
}

export interface ReadStreamOptions {
  /** Only events at or before this global position (as-of reads of one aggregate). */
  toPosition?: number;
  /** Only events from this revision on (inclusive): what followed a state already folded. */
  fromRevision?: number;
  /** Only events at or after this global position (a page of the stream by position). */
  fromPosition?: number;
  /** At most this many events: the first of those the other options select. */
  limit?: number;
}

export interface ReadAllOptions {
  /** Inclusive. */
  fromPosition?: number;
  /** Inclusive upper bound. */
  toPosition?: number;
  limit?: number;
}

export interface Subscription {
  /** Stops delivery; resolves when the handler is no longer being called. */
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with position strictly greater than this (a checkpoint); `undefined` = from the start. */
  afterPosition?: number;
  /** Max events per handler call. */
  batchSize?: number;
}

/** Handles a batch in log order; the next batch waits for the returned promise. */
export type BatchHandler = (events: RecordedEvent[]) => Promise<void>;

export interface EventStore {
  /** Appends to one stream. Throws `WrongExpectedRevision` when the check fails; writes nothing then. */
  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams atomically: all or none (guard streams for invariants that span streams).
   * Durable on return: once this resolves, the events survive a crash of the process and of the machine.
   */
  appendMany(requests: AppendRequest[]): Promise<AppendResult[]>;
  /** The stream's events in revision order; `[]` when the stream does not exist (at `toPosition`). */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's last event at or before `toPosition` (default: the log's head), or `null` when it has none then. */
  readLastEvent(streamId: string, options?: { toPosition?: number }): Promise<RecordedEvent | null>;
  /** The log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the log, or `null` when it is empty. */
  headPosition(): Promise<number | null>;
  /** The position of the last event recorded at or before `instant` (ISO-8601), or `null`. */
  positionAt(instant: string): Promise<{ position: number; recordedAt: string } | null>;
  /** The event at exactly this position, or `null`. */
  readAt(position: number): Promise<RecordedEvent | null>;
  /** Catch-up then live delivery, in log order, batch by batch. */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription;
  /** Running totals for operators' metrics, where the adapter keeps them (the group-commit batch size is requests ÷ commits). */
  stats?(): AppendStats;
  /** How many events and streams the log holds, where the adapter can count them cheaply (operators' `stats`). */
  size?(): Promise<LogSize>;
  /**
   * Runs `listener` after each commit this connection makes, where the adapter's subscribers poll for new events (an
   * embedded log): a projector on another connection is told at once (`wake`) instead of at its next poll. Returns the
   * listener's removal. Absent where subscriptions are pushed by a server. The listener learns how many append
   * requests the commit carried (the group-commit batch size).
   */
  onCommit?(listener: (commit: CommitInfo) => void): () => void;
  /** Another connection committed: this connection's subscribers read now instead of at their next poll. */
  wake?(): void;
  /** Liveness of the underlying store (for /health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface AppendStats {
  /** Transactions committed. */
  commits: number;
  /** appendMany calls committed (a commit carries several under group commit). */
  requests: number;
  events: number;
  /** Commits that failed because the store could not write (disk full, read-only, I/O). */
  failedCommits: number;
  /** The last commit failed so: the log still reads, but takes no append until a commit succeeds again. */
  failing: boolean;
}

/** One commit of the log: the append requests it carried (several under group commit). */
export interface CommitInfo {
  requests: number;
}

export interface LogSize {
  events: number;
  streams: number;
}

export const EVENT_STORE = Symbol('EventStore');

export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, `-1` when it does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevision';
  }
}

export class StreamNotFound extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
    this.name = 'StreamNotFound';
  }
}

/** An event id already in the log: the request writes nothing (ids are made once, so this is a caller's bug or a replayed request). */
export class DuplicateEventId extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already in the log`);
    this.name = 'DuplicateEventId';
  }
}

/** The store cannot be reached or cannot write (disk full, read-only, connection lost): a 503, never a 500. */
export class StoreUnavailable extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailable';
  }
}
