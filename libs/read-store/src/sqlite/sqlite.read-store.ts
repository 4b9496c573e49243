import Database from 'better-sqlite3';
import { keepToOwner } from '@duty-ledger/event-store/sqlite/owner-only';
import type {
  AsOf,
  CacheStats,
  Checkpoint,
  CollectionSpec,
  Document,
  DocumentChange,
  EventIndexQuery,
  Filter,
  FindOptions,
  PositionedChanges,
  ProjectionBatch,
  ReadStore,
  RetiredProjection,
  StoredDocument,
} from '../read-store.port';
import { indexIntervals } from './index-intervals';
import { encodeScalar } from './index-values';
import { findIndexed, settleStagedEntries, STAGED_ENTRIES_SCHEMA, writeEventIndex, type EventIndexTable } from './event-index';
import { fsyncPath } from './fsync-path';
import { removeDatabaseFiles } from './remove-database-files';
import { attachStaging, detachStaging } from './staging-database';
import { heldBytes, VersionCache } from './version-cache';
import { VersionWriter } from './version-writer';
import { migrateSchema } from './schema-migration';
import { LAST_VERSION_SEQS, OPEN } from './sqlite.read-store.schema';

export interface SqliteReadStoreOptions {
  /** A path, or ':memory:'. */
  file: string;
  /**
   * A generation a rebuild builds, read by nothing until it is put in force: until `seal()`, commits do not wait for the
   * disk (synchronous=OFF) and the rollback journal is kept in memory (a failed batch still rolls back), so each commit
   * writes its pages once, into the file, where the WAL writes them twice (into the log, then at its checkpoint). A
   * crash meanwhile may leave the file corrupt: it is never put in force, and a rebuild starts a generation anew.
   * Against the WAL unsealed, 300k events of the province rebuilt ~11% faster, the bytes written a third fewer.
   */
  unsealed?: boolean;
  /**
   * Heap the versions kept to answer again without SQLite may take (./version-cache.ts), for the API's readers; absent
   * or 0, none kept. What the store answers is then frozen and shared between reads. A generation being rebuilt
   * (`unsealed`) keeps none until sealed: the API's readers read it from then on when its own projections rebuilt it.
   */
  cacheBytes?: number;
}

interface CacheChecks {
  /** `PRAGMA data_version`: moves when another connection commits to the file. */
  dataVersion: Database.Statement<[], number>;
  /** The stored epoch (`store_epoch`): moves when any connection resets or retires. */
  epoch: Database.Statement<[], number>;
  /** A read transaction: the epoch and the read's queries are one snapshot. */
  transaction: (read: () => unknown) => unknown;
  seen: { dataVersion: number; epoch: number };
}

interface VersionRow {
  id: string;
  from_position: number;
  to_position: number;
  from_recorded_at: string;
  to_recorded_at: string | null;
  doc: string;
}

/**
 * Page size of a new file (one written by an earlier version keeps its own: SQLite changes it only by VACUUM). Twice
 * SQLite's default: a rebuild's batches dirty and split half as many pages in the version and index B-trees. At 1M
 * events, rebuilt in 51.7–62.1 s against 56.7–75.4 s in four alternating pairs (16 KiB no better); batches applied live,
 * as-of reads and finds unchanged (bench/read-store.js), as-of chains over HTTP within the VM's noise.
 */
const PAGE_BYTES = 8192;
/** Page cache per connection (KiB): holds the hot part of the B-trees a projection batch writes into. */
const CACHE_KIB = 128 * 1024;
/**
 * Bytes of the file SQLite reads through a memory map (its ceiling, SQLITE_MAX_MMAP_SIZE, is just under 2 GiB): a page
 * found in the map is read in place, where a page missing from the cache costs a read() and a copy. An as-of chain read
 * fetches a few hundred versions from all over the file: ~10% faster at a million events. Writes still go through the
 * cache and the WAL; the mapped pages are the OS's file cache, shared and given back under pressure, not the heap's.
 */
const MMAP_BYTES = 2 ** 31;
/**
 * Pages of WAL between automatic checkpoints (~256 MB at 4 KiB pages), so a page rewritten by many batches is copied
 * into the file fewer times: in one sitting, 1M events rebuilt in 103 s (256 MB) and 107 s (1 GB) against 133 s (64 MB).
 */
const CHECKPOINT_PAGES = 65_536;
/** Bytes the WAL file is cut back to once a checkpoint has emptied it, so it does not keep its largest size on disk. */
const WAL_KEPT_BYTES = 64 * 1024 * 1024;

/** Prepared statements kept per connection (their shapes are few: a value list is one JSON parameter, multi-row inserts are capped). */
const STATEMENTS_KEPT = 256;

const VERSION_COLUMNS = 'v.id, v.from_position, v.to_position, v.from_recorded_at, v.to_recorded_at, v.doc';

/**
 * Versioned documents in SQLite: one row per version, an index table for `find`, event indexes (./event-index.ts),
 * checkpoints in the same file.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly indexes = new Map<string, readonly string[]>();
  private readonly statements = new Map<string, Database.Statement>();
  private unsealed: boolean;
  private cache: VersionCache | null = null;
  /** How a read through the cache checks it, prepared once, and what it was last checked against. */
  private cacheChecks: CacheChecks | null = null;

  constructor(private readonly options: SqliteReadStoreOptions) {
    this.db = new Database(options.file);
    keepToOwner(options.file);
    this.unsealed = options.unsealed === true;
    this.db.pragma(`page_size = ${PAGE_BYTES}`); // before anything is written: takes effect in a new file only
    // Unsealed, its connection keeps the lock it takes at its first write until sealed or closed: a file a rebuild
    // left, unsealed and held by no one, is told from one being built (./build-state.ts).
    if (this.unsealed) this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma(`journal_mode = ${this.unsealed ? 'MEMORY' : 'WAL'}`);
    // NORMAL may lose the last commits on power loss: harmless, the read store is rebuilt from the log
    // and a lost checkpoint only replays events whose batches are skipped or re-applied identically.
    this.db.pragma(`synchronous = ${this.unsealed ? 'OFF' : 'NORMAL'}`);
    // A rebuild's batches touch pages all over the version and index B-trees: with SQLite's default 2 MB cache
    // they spill and are read back within a transaction, and the WAL is checkpointed (fsync'd) every 4 MB.
    this.db.pragma(`cache_size = -${CACHE_KIB}`);
    this.db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    this.db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const reindex = migrateSchema(this.db);
    for (const row of this.db.prepare('SELECT name, indexes FROM collections').all() as { name: string; indexes: string }[]) {
      this.indexes.set(row.name, JSON.parse(row.indexes) as string[]);
    }
    if (reindex) this.db.transaction(() => this.indexes.forEach((_, collection) => this.reindex(collection)))();
    if (this.unsealed) {
      attachStaging(this.db, options.file);
      this.db.exec(STAGED_ENTRIES_SCHEMA);
    } else {
      this.keepVersionsRead();
    }
  }

  /** Readers from here on keep the versions they read, when given room for them (`cacheBytes`). */
  private keepVersionsRead(): void {
    if ((this.options.cacheBytes ?? 0) <= 0) return;
    this.cache = new VersionCache(this.options.cacheBytes!);
    this.cacheChecks = {
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
      epoch: this.db.prepare<[], number>('SELECT epoch FROM store_epoch WHERE id = 0').pluck(),
      transaction: this.db.transaction((read: () => unknown) => read()),
      seen: { dataVersion: -1, epoch: -1 },
    };
  }

  /** Where event-index entries are written and read: staged while the generation is being rebuilt (./event-index.ts). */
  private get eventIndexTable(): EventIndexTable {
    return this.unsealed ? 'event_index_staged' : 'event_index';
  }

  async defineCollections(specs: readonly CollectionSpec[]): Promise<void> {
    this.db.transaction(() => {
      for (const spec of specs) {
        const indexes = [...new Set(spec.indexes)].sort();
        const known = this.indexes.get(spec.name);
        if (known && JSON.stringify(known) === JSON.stringify(indexes)) continue;
        this.sql('INSERT INTO collections (name, indexes) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET indexes = excluded.indexes').run(
          spec.name,
          JSON.stringify(indexes),
        );
        this.indexes.set(spec.name, indexes);
        // The declared fields changed: index rows must describe exactly those fields, for every version.
        if (known) this.reindex(spec.name);
      }
    })();
  }

  async apply(projection: string, batch: readonly PositionedChanges[], checkpoint: Checkpoint): Promise<void> {
    await this.applyAll([{ projection, batch, checkpoint }]);
  }

  /**
   * Immediate: the write lock is taken when the transaction begins (waiting out another writer of the file, a CLI's
   * projector beside the API's), so the checkpoint and versions it reads are those it writes after. Deferred, a read
   * made before another connection's commit could not be followed by a write (SQLITE_BUSY_SNAPSHOT: a failed batch).
   */
  async applyAll(batches: readonly ProjectionBatch[]): Promise<void> {
    try {
      this.db
        .transaction(() => {
          for (const { projection, batch, indexed, checkpoint } of batches) this.applyOne(projection, batch, indexed, checkpoint);
        })
        .immediate();
    } finally {
      this.cache?.committed(); // this connection's commits do not move its data_version
    }
  }

  /** Inside the caller's transaction. */
  private applyOne(projection: string, batch: readonly PositionedChanges[], indexed: ProjectionBatch['indexed'], checkpoint: Checkpoint): void {
    const stored = this.readCheckpoint(projection);
    if (stored && checkpoint.position <= stored.position) return;
    if (indexed) {
      const entries = indexed.entries.filter((entry) => !stored || entry.position > stored.position);
      writeEventIndex((source) => this.sql(source), indexed.index, entries, this.eventIndexTable);
    }
    const merged = mergeByPosition(batch, stored?.position);
    const writer = new VersionWriter((source) => this.sql(source), (collection) => this.indexes.get(collection) ?? []);
    writer.prefetch(merged.flatMap(({ changes }) => changes));
    for (const { position, recordedAt, changes } of merged) {
      for (const change of changes) writer.change(change, position, recordedAt);
    }
    writer.flush();
    this.sql(
      `INSERT INTO checkpoints (projection, position, recorded_at) VALUES (?, ?, ?)
       ON CONFLICT (projection) DO UPDATE SET position = excluded.position, recorded_at = excluded.recorded_at`,
    ).run(projection, checkpoint.position, checkpoint.recordedAt);
  }

  async get<T = Document>(collection: string, id: string, options?: AsOf): Promise<StoredDocument<T> | null> {
    const at = asOfBound(options);
    if (this.cache) return this.reading(() => this.versionsAt<T>(collection, [id], at).get(id) ?? null);
    return this.versionAt<T>(collection, id, at);
  }

  async getMany<T = Document>(collection: string, ids: readonly string[], options?: AsOf): Promise<Map<string, StoredDocument<T>>> {
    const at = asOfBound(options);
    if (ids.length === 0) return new Map();
    return this.cache ? this.reading(() => this.versionsAt<T>(collection, ids, at)) : this.versionsAt<T>(collection, ids, at);
  }

  /** Each id's version in force at `at`, where it has one: from the cache where it holds it, the rest in one query. */
  private versionsAt<T>(collection: string, ids: readonly string[], at: number): Map<string, StoredDocument<T>> {
    const found = new Map<string, StoredDocument<T>>();
    const cache = this.cache;
    let asked = ids;
    if (cache) {
      const missing: string[] = [];
      for (const id of ids) {
        const held = cache.versionAt<T>(collection, id, at);
        if (held) found.set(id, held);
        else missing.push(id);
      }
      if (missing.length === 0) return found;
      asked = missing;
    }
    // Each id's last version starting at or before `at`, kept if it has not ended by then. A range on (from, to)
    // instead would read every earlier version's row to test its end.
    const rows = this.sql(`SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.seq IN (${LAST_VERSION_SEQS}) AND v.to_position > ?`).all(
      collection,
      at,
      JSON.stringify(asked),
      at,
    ) as VersionRow[];
    for (const row of rows) {
      const stored = toStored<T>(row);
      found.set(row.id, cache ? cache.remember(collection, stored, heldBytes(row.doc)) : stored);
    }
    return found;
  }

  /**
   * A read through the cache: in one read transaction, so that what the cache is checked against (another connection's
   * commits, a reset) and what the read's queries answer are one snapshot. The data version is read before the snapshot
   * begins: a commit landing between the two is seen by the next read, which then distrusts what this one held open.
   */
  private reading<R>(read: () => R): R {
    const [cache, checks] = [this.cache!, this.cacheChecks!];
    const dataVersion = checks.dataVersion.get() as number;
    return checks.transaction(() => {
      const epoch = (checks.epoch.get() as number | undefined) ?? 0;
      if (epoch !== checks.seen.epoch) cache.clear();
      else if (dataVersion !== checks.seen.dataVersion) cache.committed();
      checks.seen = { dataVersion, epoch };
      return read();
    }) as R;
  }

  async find<T = Document>(collection: string, filter: Filter, options: FindOptions = {}): Promise<StoredDocument<T>[]> {
    const at = asOfBound(options);
    const limit = options.limit ?? -1;
    const declared = this.indexes.get(collection) ?? [];
    const terms = Object.entries(filter).map(([field, wanted]) => {
      if (!declared.includes(field)) throw new Error(`find on ${collection}: "${field}" is not a declared index field`);
      const values = typeof wanted === 'object' ? wanted.in : [wanted];
      return { field, ...valueTest([...new Set(values.map(encodeScalar))]) };
    });
    if (terms.some((term) => term.count === 0)) return [];
    const after = options.after === undefined ? '' : ' AND id > ?';
    const afterArgs = options.after === undefined ? [] : [options.after];

    if (terms.length === 0) {
      const rows = this.sql(
        `SELECT ${VERSION_COLUMNS} FROM versions v
         WHERE collection = ? AND from_position <= ? AND to_position > ?${after.replace('id', 'v.id')} ORDER BY v.id LIMIT ?`,
      ).all(collection, at, at, ...afterArgs, limit) as VersionRow[];
      return rows.map((row) => toStored<T>(row));
    }

    // Index rows are intervals during which a document held a value. The first term drives the index scan (in id
    // order); the others are point checks on intervals of the same document holding at `at`.
    const [driving, ...others] = terms;
    const checks = others.map(
      (term) =>
        ` AND EXISTS (SELECT 1 FROM doc_index j WHERE j.collection = i.collection AND j.field = ? AND j.value ${term.sql}
            AND j.id = i.id AND j.from_position <= ? AND j.to_position > ?)`,
    );
    const hits = `SELECT ${driving.count > 1 ? 'DISTINCT ' : ''}i.id AS id FROM doc_index i
         WHERE i.collection = ? AND i.field = ? AND i.value ${driving.sql}
           AND i.from_position <= ? AND i.to_position > ?${after.replace('id', 'i.id')}${checks.join('')}
         ORDER BY i.id LIMIT ?`;
    const hitArgs = [collection, driving.field, driving.arg, at, at, ...afterArgs, ...others.flatMap((term) => [term.field, term.arg, at, at]), limit];
    if (this.cache) {
      // The hits' ids, then their versions: those the cache holds from it, the others in one query. In id order.
      return this.reading(() => {
        const ids = (this.sql(hits).all(...hitArgs) as { id: string }[]).map((hit) => hit.id);
        const versions = this.versionsAt<T>(collection, ids, at);
        return ids.flatMap((id) => versions.get(id) ?? []);
      });
    }
    // CROSS JOIN pins the index hits as the outer loop: otherwise SQLite may walk the whole collection to skip a sort.
    // Each hit then fetches the version in force at `at` (its key's last entry starting at or before it).
    const rows = this.sql(
      `SELECT ${VERSION_COLUMNS} FROM (${hits}) h CROSS JOIN versions v ON v.seq = (
         SELECT x.seq FROM versions x WHERE x.collection = ? AND x.id = h.id AND x.from_position <= ? ORDER BY x.from_position DESC LIMIT 1
       )
       WHERE v.to_position > ?
       ORDER BY h.id`,
    ).all(...hitArgs, collection, at, at) as VersionRow[];
    return rows.map((row) => toStored<T>(row));
  }

  async findIndexed(index: string, query: EventIndexQuery): Promise<number[]> {
    return findIndexed((source) => this.sql(source), index, query, this.eventIndexTable);
  }

  async checkpoint(projection: string): Promise<Checkpoint | null> {
    return this.readCheckpoint(projection);
  }

  /** Compare-and-set in one immediate transaction: processes sharing the file serialise on SQLite's write lock. */
  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    return this.db
      .transaction(() => {
        const held = this.sql('SELECT owner, expires_at FROM leases WHERE name = ?').get(name) as { owner: string; expires_at: number } | undefined;
        if (held && held.owner !== owner && held.expires_at > now) return false;
        this.sql('INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at').run(name, owner, now + ttlMs);
        return true;
      })
      .immediate();
  }

  async renewLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    return this.sql('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?').run(now + ttlMs, name, owner, now).changes === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.sql('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  /** One transaction: a crash leaves the projection either whole or gone. */
  async retire({ name, collections, eventIndexes = [] }: RetiredProjection): Promise<void> {
    this.db.transaction(() => {
      for (const index of eventIndexes) {
        this.sql('DELETE FROM event_index WHERE idx = ?').run(index);
        if (this.unsealed) this.sql('DELETE FROM event_index_staged WHERE idx = ?').run(index);
      }
      for (const collection of collections) {
        this.sql('DELETE FROM doc_index WHERE collection = ?').run(collection);
        this.sql('DELETE FROM versions WHERE collection = ?').run(collection);
        this.sql('DELETE FROM collections WHERE name = ?').run(collection);
      }
      this.sql('DELETE FROM checkpoints WHERE projection = ?').run(name);
      this.versionsRewritten();
    })();
    this.cache?.clear();
    for (const collection of collections) this.indexes.delete(collection);
  }

  /** In one transaction: a reset cut short leaves the store as it was, checkpoints and all. */
  async reset(): Promise<void> {
    const staged = this.unsealed ? ' DELETE FROM event_index_staged;' : '';
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM versions; DELETE FROM doc_index; DELETE FROM event_index; DELETE FROM checkpoints;${staged}`);
      this.versionsRewritten();
    })();
    this.cache?.clear();
  }

  /** In the transaction that deletes versions: readers holding versions of this store, in any process, drop them. */
  private versionsRewritten(): void {
    this.sql('INSERT INTO store_epoch (id, epoch) VALUES (0, 1) ON CONFLICT (id) DO UPDATE SET epoch = epoch + 1').run();
  }

  /**
   * The staged event-index entries settled into their table and the staging database deleted, everything written so
   * far onto the disk (the file fsync'd), then the WAL and synchronous=NORMAL, as any store. The settling sort spills to
   * temporary files rather than memory: a large log's entries are more than a heap should hold.
   */
  async seal(): Promise<void> {
    if (!this.unsealed) return;
    this.db.pragma('temp_store = FILE');
    try {
      this.db.transaction(() => settleStagedEntries(this.db))();
    } finally {
      this.db.pragma('temp_store = MEMORY');
    }
    this.statements.clear(); // some name the staging database's table
    detachStaging(this.db, this.options.file);
    this.db.pragma('synchronous = NORMAL');
    // Given up at the next access (the switch to WAL), so that WAL mode keeps its index in shared memory for readers.
    this.db.pragma('locking_mode = NORMAL');
    if (this.options.file !== ':memory:') {
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`the generation could not be put in WAL mode (journal_mode is ${String(mode)})`);
      fsyncPath(this.options.file);
    }
    this.unsealed = false;
    this.keepVersionsRead();
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  cacheStats(): CacheStats | undefined {
    return this.cache ? { ...this.cache.size, ...this.cache.reads } : undefined;
  }

  async close(): Promise<void> {
    this.cache?.clear();
    if (this.db.open) this.db.close();
  }

  /** Once closed: the file, its WAL and shared-memory files, and a rebuild's staging database. */
  async drop(): Promise<void> {
    await this.close();
    if (this.options.file !== ':memory:') removeDatabaseFiles(this.options.file);
  }

  private readCheckpoint(projection: string): Checkpoint | null {
    const row = this.sql('SELECT position, recorded_at FROM checkpoints WHERE projection = ?').get(projection) as
      | { position: number; recorded_at: string }
      | undefined;
    return row ? { position: row.position, recordedAt: row.recorded_at } : null;
  }

  /** The version in force at `at`: the last one starting at or before it, if it has not ended by then. */
  private versionAt<T>(collection: string, id: string, at: number): StoredDocument<T> | null {
    const row = this.sql(
      `SELECT ${VERSION_COLUMNS} FROM versions v
       WHERE v.collection = ? AND v.id = ? AND v.from_position <= ? ORDER BY v.from_position DESC LIMIT 1`,
    ).get(collection, id, at) as VersionRow | undefined;
    return row && row.to_position > at ? toStored<T>(row) : null;
  }

  /** Index intervals recomputed from every version of the collection, document by document. */
  private reindex(collection: string): void {
    const fields = this.indexes.get(collection) ?? [];
    this.sql('DELETE FROM doc_index WHERE collection = ?').run(collection);
    const rows = this.sql('SELECT id, from_position, to_position, doc FROM versions WHERE collection = ? ORDER BY id, from_position').all(collection) as VersionRow[];
    const insert = this.sql('INSERT INTO doc_index (collection, field, value, id, from_position, to_position) VALUES (?, ?, ?, ?, ?, ?)');
    for (let start = 0; start < rows.length; ) {
      let end = start;
      while (end < rows.length && rows[end].id === rows[start].id) end++;
      const versions = rows.slice(start, end).map((row) => ({ from: row.from_position, to: row.to_position, doc: JSON.parse(row.doc) as Document }));
      for (const { field, value, from, to } of indexIntervals(versions, fields)) insert.run(collection, field, value, rows[start].id, from, to);
      start = end;
    }
  }

  /** Prepared once and kept, the least recently used dropped past STATEMENTS_KEPT: a statement holds native memory. */
  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (statement) {
      this.statements.delete(source);
    } else {
      statement = this.db.prepare(source);
      if (this.statements.size >= STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(source, statement);
    return statement;
  }
}

/** Latest = the open version: the only one whose range contains OPEN - 1. */
function asOfBound(options?: AsOf): number {
  return options?.asOfPosition === undefined ? OPEN - 1 : Math.min(options.asOfPosition, OPEN - 1);
}

function toStored<T>(row: VersionRow): StoredDocument<T> {
  return {
    id: row.id,
    doc: JSON.parse(row.doc) as T,
    fromPosition: row.from_position,
    toPosition: row.to_position === OPEN ? null : row.to_position,
    fromRecordedAt: row.from_recorded_at,
    toRecordedAt: row.to_recorded_at,
  };
}

/**
 * The batch's changes in position order, one per document and position (the last wins), leaving out
 * positions at or below the stored checkpoint so a partly replayed batch is harmless too.
 */
function mergeByPosition(batch: readonly PositionedChanges[], floor: number | undefined): PositionedChanges[] {
  const byPosition = new Map<number, { recordedAt: string; changes: Map<string, DocumentChange> }>();
  for (const { position, recordedAt, changes } of batch) {
    if (floor !== undefined && position <= floor) continue;
    let entry = byPosition.get(position);
    if (!entry) byPosition.set(position, (entry = { recordedAt, changes: new Map() }));
    for (const change of changes) {
      const key = `${change.collection}\u0000${change.id}`;
      entry.changes.delete(key); // re-inserted last, so the surviving change keeps the order of its last write
      entry.changes.set(key, change);
    }
  }
  return [...byPosition.entries()]
    .sort(([a], [b]) => a - b)
    .map(([position, { recordedAt, changes }]) => ({ position, recordedAt, changes: [...changes.values()] }));
}

/**
 * A value test with one bound parameter however many values are asked for: a list is passed as one JSON array and
 * read back by json_each (bound parameters stop at 32,766: a province's findings alone outnumber them), and the
 * statements prepared stay two shapes. SQLite looks each listed value up in the index, as for an IN list.
 */
function valueTest(values: readonly string[]): { sql: string; arg: string; count: number } {
  if (values.length === 1) return { sql: '= ?', arg: values[0], count: 1 };
  return { sql: 'IN (SELECT value FROM json_each(?))', arg: JSON.stringify(values), count: values.length };
}
