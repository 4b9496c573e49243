import type Database from 'better-sqlite3';
import { instantMillis, instantMillisFrom } from '@duty-ledger/event-store/record-time';
import type { EventIndexEntry, EventIndexQuery } from '../read-store.port';
import { insertRows } from './insert-rows';
import { OPEN } from './sqlite.read-store.schema';

type Sql = (source: string) => Database.Statement;

/** Rows per multi-row insert: well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 200;

const COLUMNS = 'idx, key, position, type, recorded_ms';

/**
 * Where a generation being rebuilt (unsealed: read by nothing) lists its entries: a plain table they are appended to in
 * log order, in its staging database (./staging-database.ts), moved into `event_index` in key order when the generation
 * is sealed (`settleStagedEntries`). Inserted into the keyed table as they come, nearly every entry lands on a page of
 * its own, and a page is written again by each batch that touches it: at 300k events of the province, ~16% of a
 * rebuild. Deleted with the staging database once settled.
 */
export const STAGED_ENTRIES_SCHEMA = `CREATE TABLE IF NOT EXISTS staging.event_index_staged (
  idx TEXT NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL, recorded_ms INTEGER NOT NULL
)`;

/** Where entries are written: the keyed table, or the staged table of a generation being rebuilt. */
export type EventIndexTable = 'event_index' | 'event_index_staged';

/**
 * Inserts a batch's entries inside the caller's transaction, a row per key; into the keyed table sorted by key, so each
 * insert lands beside the previous one in the B-tree. An entry twice (a replay the checkpoint did not stop) violates
 * the key, when written or when settled: a bug, not data.
 */
export function writeEventIndex(sql: Sql, index: string, entries: readonly EventIndexEntry[], table: EventIndexTable = 'event_index'): void {
  const rows: [string, string, number, string, number][] = [];
  for (const { position, recordedAt, type, keys } of entries) {
    const ms = instantMillis(recordedAt);
    for (const key of new Set(keys)) rows.push([index, key, position, type, ms]);
  }
  if (table === 'event_index') rows.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]));
  insertRows(sql, `${table} (${COLUMNS})`, 5, rows, ROWS_PER_INSERT);
}

/**
 * Copies the staged entries into `event_index` in key order (one sort: each page of the keyed table written once),
 * inside the caller's transaction. The staged table is not dropped: its database is deleted whole once detached.
 */
export function settleStagedEntries(db: Database.Database): void {
  db.exec(`INSERT INTO event_index (${COLUMNS}) SELECT ${COLUMNS} FROM event_index_staged ORDER BY idx, key, position`);
}

/**
 * One range seek in the key's entries; the type and the record-time bounds are checked on each entry of the range. A
 * generation being rebuilt also looks through its staged entries (nothing reads one in practice; it stays correct).
 */
export function findIndexed(sql: Sql, index: string, query: EventIndexQuery, table: EventIndexTable = 'event_index'): number[] {
  const { key, type, afterPosition = -1, asOfPosition = OPEN, limit } = query;
  if (limit < 1) return [];
  const from = query.from === undefined ? -Number.MAX_VALUE : instantMillisFrom(query.from);
  const to = query.to === undefined ? Number.MAX_VALUE : instantMillis(query.to);
  const typed = type === undefined ? '' : ' AND type = ?';
  const source = table === 'event_index' ? 'event_index' : `(SELECT ${COLUMNS} FROM event_index UNION ALL SELECT ${COLUMNS} FROM event_index_staged)`;
  const rows = sql(
    `SELECT position FROM ${source} WHERE idx = ? AND key = ? AND position > ? AND position <= ?${typed}
     AND recorded_ms >= ? AND recorded_ms <= ? ORDER BY position LIMIT ?`,
  ).all(index, key, afterPosition, asOfPosition, ...(type === undefined ? [] : [type]), from, to, limit) as { position: number }[];
  return rows.map((row) => row.position);
}
