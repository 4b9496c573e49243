import type Database from 'better-sqlite3';
import { instantMillis } from '@duty-ledger/event-store/record-time';
import type { EventIndexEntry, EventIndexQuery } from '../read-store.port';
import { insertRows } from './insert-rows';
import { OPEN } from './sqlite.read-store.schema';

type Sql = (source: string) => Database.Statement;

/** Rows per multi-row insert: well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 200;

/**
 * Inserts a batch's entries inside the caller's transaction, a row per key, sorted by key so each insert lands beside
 * the previous one in the B-tree. An entry twice (a replay the checkpoint did not stop) violates the key: a bug, not data.
 */
export function writeEventIndex(sql: Sql, index: string, entries: readonly EventIndexEntry[]): void {
  const rows: [string, string, number, string, number][] = [];
  for (const { position, recordedAt, type, keys } of entries) {
    const ms = instantMillis(recordedAt);
    for (const key of new Set(keys)) rows.push([index, key, position, type, ms]);
  }
  rows.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]));
  insertRows(sql, 'event_index (idx, key, position, type, recorded_ms)', 5, rows, ROWS_PER_INSERT);
}

/** One range seek in the key's entries; the type and the record-time bounds are checked on each entry of the range. */
export function findIndexed(sql: Sql, index: string, query: EventIndexQuery): number[] {
  const { key, type, afterPosition = -1, asOfPosition = OPEN, limit } = query;
  if (limit < 1) return [];
  const from = query.from === undefined ? -Number.MAX_VALUE : instantMillis(query.from);
  const to = query.to === undefined ? Number.MAX_VALUE : instantMillis(query.to);
  const typed = type === undefined ? '' : ' AND type = ?';
  const rows = sql(
    `SELECT position FROM event_index WHERE idx = ? AND key = ? AND position > ? AND position <= ?${typed}
     AND recorded_ms >= ? AND recorded_ms <= ? ORDER BY position LIMIT ?`,
  ).all(index, key, afterPosition, asOfPosition, ...(type === undefined ? [] : [type]), from, to, limit) as { position: number }[];
  return rows.map((row) => row.position);
}
