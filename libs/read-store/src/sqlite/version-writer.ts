import type Database from 'better-sqlite3';
import type { Document, DocumentChange } from '../read-store.port';
import { indexRows } from './index-intervals';
import { insertRows } from './insert-rows';
import { LAST_VERSION_SEQS, OPEN } from './sqlite.read-store.schema';

/** The latest version of a document as this batch knows it; `json` only while it is open and stored before the batch. */
interface Latest {
  from: number;
  to: number;
  json?: string;
  /** Written by this batch, not yet inserted: closing it edits the row in memory instead of the table. */
  pending?: PendingVersion;
  /**
   * The document's open index intervals, by `field\u0000value`: the row when this batch opened it (closed in memory),
   * or the field and value of one stored before (closed by UPDATE). Absent until needed (read from `json`).
   */
  open?: Map<string, OpenInterval>;
}

interface PendingVersion {
  collection: string;
  id: string;
  from: number;
  to: number;
  fromRecordedAt: string;
  toRecordedAt: string | null;
  json: string;
}

/** One index row: the document held `value` in `field` from `from` until `to` (exclusive), across its versions. */
interface PendingInterval {
  collection: string;
  field: string;
  value: string;
  id: string;
  from: number;
  to: number;
}

/** An open interval stored before this batch: what identifies its row. */
interface StoredInterval {
  field: string;
  value: string;
}

type OpenInterval = PendingInterval | StoredInterval;

/** Rows per multi-row insert: well under SQLite's bound-parameter limit. */
const VERSIONS_PER_INSERT = 100;
const INDEX_ROWS_PER_INSERT = 150;

/**
 * Applies one batch's changes inside the caller's transaction with few statements: the latest version of every
 * document the batch touches is read in bulk first, versions born in the batch are kept in memory (a later change in
 * the same batch closes them there), and they are inserted at the end with multi-row INSERTs. Only versions stored
 * before the batch are closed by UPDATE. A rebuild spends its time in statement calls, not in SQLite's B-trees.
 */
export class VersionWriter {
  private readonly latest = new Map<string, Latest | null>();
  private readonly pending: PendingVersion[] = [];
  private readonly intervals: PendingInterval[] = [];

  constructor(
    private readonly sql: (source: string) => Database.Statement,
    private readonly fieldsOf: (collection: string) => readonly string[],
  ) {}

  /** Reads the latest version of every document the changes touch: one query per collection. */
  prefetch(changes: Iterable<DocumentChange>): void {
    const byCollection = new Map<string, Set<string>>();
    for (const { collection, id } of changes) {
      let ids = byCollection.get(collection);
      if (!ids) byCollection.set(collection, (ids = new Set()));
      ids.add(id);
    }
    for (const [collection, ids] of byCollection) {
      for (const id of ids) this.latest.set(key(collection, id), null);
      // Each id's last version, the document only if that version is open.
      const rows = this.sql(
        `SELECT v.id, v.from_position, v.to_position, CASE WHEN v.to_position = ${OPEN} THEN v.doc END AS doc FROM versions v
         WHERE v.seq IN (${LAST_VERSION_SEQS})`,
      ).all(collection, OPEN, JSON.stringify([...ids])) as { id: string; from_position: number; to_position: number; doc: string | null }[];
      for (const row of rows) this.latest.set(key(collection, row.id), { from: row.from_position, to: row.to_position, json: row.doc ?? undefined });
    }
  }

  /**
   * One change at its position: closes the open version, if any, and opens the new one unless the change ends it.
   * Index rows are intervals of a value, not of a version: a value the new version keeps stays in its open row.
   */
  change({ collection, id, doc }: DocumentChange, position: number, recordedAt: string): void {
    const k = key(collection, id);
    const latest = this.latest.has(k) ? this.latest.get(k)! : this.readLatest(collection, id);
    if (latest && latest.from >= position) {
      throw new Error(`${collection}/${id}: change at position ${position} is not after its version at ${latest.from}`);
    }
    const wasOpen = latest !== null && latest.to === OPEN;
    const before = wasOpen ? this.openIntervals(collection, latest) : new Map<string, OpenInterval>();
    if (wasOpen) this.closeVersion(collection, id, latest, position, recordedAt);
    const after = new Map<string, OpenInterval>();
    for (const [field, value] of doc === null ? [] : indexRows(doc, this.fieldsOf(collection))) {
      const fieldValue = `${field}\u0000${value}`;
      if (before.has(fieldValue)) {
        after.set(fieldValue, before.get(fieldValue)!);
        before.delete(fieldValue);
      } else {
        const interval: PendingInterval = { collection, field, value, id, from: position, to: OPEN };
        this.intervals.push(interval);
        after.set(fieldValue, interval);
      }
    }
    for (const interval of before.values()) this.closeInterval(collection, id, interval, position);
    if (doc === null) {
      this.latest.set(k, latest ? { from: latest.from, to: wasOpen ? position : latest.to } : null);
      return;
    }
    const version: PendingVersion = { collection, id, from: position, to: OPEN, fromRecordedAt: recordedAt, toRecordedAt: null, json: JSON.stringify(doc) };
    this.pending.push(version);
    this.latest.set(k, { from: position, to: OPEN, pending: version, open: after });
  }

  /** Inserts the versions and index intervals born in the batch, with their final bounds. */
  flush(): void {
    // In key order, each insert lands next to the previous one: B-tree pages are found hot in the cache and split less.
    this.pending.sort((a, b) => compare(a.collection, b.collection) || compare(a.id, b.id) || a.from - b.from);
    const versions = this.pending.map((v) => [v.collection, v.id, v.from, v.to, v.fromRecordedAt, v.toRecordedAt, v.json]);
    insertRows(this.sql, 'versions (collection, id, from_position, to_position, from_recorded_at, to_recorded_at, doc)', 7, versions, VERSIONS_PER_INSERT);
    const rows = this.intervals.map((i) => [i.collection, i.field, i.value, i.id, i.from, i.to]);
    rows.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]) || compare(a[2], b[2]) || compare(a[3], b[3]) || (a[4] as number) - (b[4] as number));
    insertRows(this.sql, 'doc_index (collection, field, value, id, from_position, to_position)', 6, rows, INDEX_ROWS_PER_INSERT);
    this.pending.length = 0;
    this.intervals.length = 0;
  }

  /** The open version's index intervals: kept in memory once known, else those of its stored document. */
  private openIntervals(collection: string, latest: Latest): Map<string, OpenInterval> {
    if (latest.open) return latest.open;
    const open = new Map<string, OpenInterval>();
    const stored = JSON.parse(latest.json ?? 'null') as Document | null;
    if (stored) for (const [field, value] of indexRows(stored, this.fieldsOf(collection))) open.set(`${field}\u0000${value}`, { field, value });
    return open;
  }

  private closeVersion(collection: string, id: string, latest: Latest, position: number, recordedAt: string): void {
    if (latest.pending) {
      latest.pending.to = position;
      latest.pending.toRecordedAt = recordedAt;
      return;
    }
    this.sql('UPDATE versions SET to_position = ?, to_recorded_at = ? WHERE collection = ? AND id = ? AND from_position = ?').run(
      position,
      recordedAt,
      collection,
      id,
      latest.from,
    );
  }

  private closeInterval(collection: string, id: string, interval: OpenInterval, position: number): void {
    if ('from' in interval) {
      interval.to = position;
      return;
    }
    const { field, value } = interval;
    this.sql(`UPDATE doc_index SET to_position = ? WHERE collection = ? AND field = ? AND value = ? AND id = ? AND to_position = ${OPEN}`).run(
      position,
      collection,
      field,
      value,
      id,
    );
  }

  /** A document `prefetch` was not told of. */
  private readLatest(collection: string, id: string): Latest | null {
    const row = this.sql(
      `SELECT from_position, to_position, CASE WHEN to_position = ${OPEN} THEN doc END AS doc FROM versions
       WHERE collection = ? AND id = ? ORDER BY from_position DESC LIMIT 1`,
    ).get(collection, id) as { from_position: number; to_position: number; doc: string | null } | undefined;
    return row ? { from: row.from_position, to: row.to_position, json: row.doc ?? undefined } : null;
  }
}

/** Binary order, as SQLite's default collation compares TEXT (localeCompare would not match it). */
const compare = (a: unknown, b: unknown): number => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);

const key = (collection: string, id: string) => `${collection}\u0000${id}`;
