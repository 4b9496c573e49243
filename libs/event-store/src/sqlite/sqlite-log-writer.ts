import type Database from 'better-sqlite3';
import { salted, type ConfidentialFields } from '../confidential';
import { newEventId } from '../event-id';
import { DuplicateEventId, WrongExpectedRevision, type AppendRequest, type AppendResult, type RecordedEvent } from '../event-store.port';
import { revisionMatches } from '../expected-revision';
import { sealed } from '../hash-chain';
import { nextRecordedAt } from '../record-time';
import { isUnavailable, sqliteCode } from './sqlite-errors';

/** What became of one `appendMany` of a committed batch: its results, or the error that refused it alone. */
export type CommitOutcome = { results: AppendResult[] } | { error: unknown };

export interface SqliteLogWriterOptions {
  confidentialFields?: ConfidentialFields;
  clock?: () => Date;
}

interface StreamTail {
  revision: number;
  hash: string;
}

/** Stream tails kept in memory (about 200 bytes each). */
const TAIL_CACHE_SIZE = 50_000;

/**
 * The log's write side over one connection: every request of a batch in one transaction (group commit: one fsync for
 * many requests), a request of several events inside its own savepoint, so one request's failed check refuses only
 * that request. Synchronous: the store runs it on its own thread, or a writer thread runs it (./log-writer.worker.ts).
 */
export class SqliteLogWriter {
  private readonly fields: ConfidentialFields;
  private readonly clock: () => Date;
  private readonly sql;
  /**
   * Each stream's last revision and hash as this connection last wrote or read them, so an append need not query
   * them. Another connection's commit (seen as a new `PRAGMA data_version`, read under the write lock) empties it.
   */
  private readonly tails = new Map<string, StreamTail>();
  private dataVersion = -1;

  constructor(
    private readonly db: Database.Database,
    options: SqliteLogWriterOptions = {},
  ) {
    this.fields = options.confidentialFields ?? {};
    this.clock = options.clock ?? (() => new Date());
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT request'),
      release: db.prepare('RELEASE request'),
      rollbackTo: db.prepare('ROLLBACK TO request'),
      streamTail: db.prepare<[string], { revision: number; hash: string }>(
        "SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
      ),
      logTail: db.prepare<[], { recorded_at: string }>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  /**
   * Writes every request list of `batch` and commits once; resolves one outcome per list, in order. Throws when the
   * transaction as a whole fails (the file cannot be written): then nothing of the batch is in the log.
   */
  commit(batch: readonly (readonly AppendRequest[])[]): CommitOutcome[] {
    const outcomes: CommitOutcome[] = [];
    try {
      this.sql.begin.run();
      // Read inside the write lock, so record time stays monotonic when other processes write too.
      const recordedAt = nextRecordedAt(this.clock(), this.sql.logTail.get()?.recorded_at ?? '');
      this.forgetTailsIfOthersWrote();
      for (const requests of batch) {
        // One row is atomic by itself (a failed INSERT undoes its own changes): only a request of several needs a savepoint.
        const isolated = rowsOf(requests) > 1;
        if (isolated) this.sql.savepoint.run();
        const written = new Map<string, StreamTail>();
        try {
          outcomes.push({ results: requests.map((request) => this.write(request, recordedAt, written)) });
          if (isolated) this.sql.release.run();
          for (const [streamId, tail] of written) this.remember(streamId, tail);
        } catch (error) {
          if (isUnavailable(error)) throw error;
          if (isolated) {
            this.sql.rollbackTo.run();
            this.sql.release.run();
          }
          outcomes.push({ error });
        }
      }
      this.sql.commit.run();
      return outcomes;
    } catch (error) {
      this.tails.clear(); // what was cached in this transaction was rolled back with it
      this.rollbackQuietly();
      throw error;
    }
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
      const { dataJson, metadataJson, hash } = sealed(this.fields, { streamId, revision, type: event.type, data, metadata: event.metadata }, prevHash);
      const position = this.insert(streamId, revision, eventId, event.type, dataJson, metadataJson, recordedAt);
      prevHash = hash;
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
}

function rowsOf(requests: readonly AppendRequest[]): number {
  let rows = 0;
  for (const request of requests) rows += request.events.length;
  return rows;
}
