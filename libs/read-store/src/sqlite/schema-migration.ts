import type Database from 'better-sqlite3';
import { SCHEMA, SCHEMA_VERSION } from './sqlite.read-store.schema';

/**
 * Creates the schema, or brings a file of an earlier schema up to SCHEMA_VERSION in one transaction, keeping every
 * version and checkpoint (the Merkle log's signed heads live in such a file too: a read store is not always
 * disposable). Resolves `true` when the index rows were dropped and must be recomputed from the versions.
 *
 * 1 → 2: versions move from a WITHOUT ROWID table into a rowid table with a unique key index; index rows change from
 * one per version to one per interval of a value.
 * 2 → 3: the event_index table is added (empty: the projections that write it start from their own checkpoints).
 * 3 → 4: the store_epoch table is added (no row: epoch 0).
 */
export function migrateSchema(db: Database.Database): boolean {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version >= SCHEMA_VERSION) return false;
  const hasVersions = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'versions'").get() !== undefined;
  // Versions in a file below version 2 are in schema 1's shape.
  const fromOne = hasVersions && version < 2;
  return db.transaction(() => {
    if (fromOne) {
      db.exec('ALTER TABLE versions RENAME TO versions_v1; DROP TABLE IF EXISTS doc_index;');
    }
    db.exec(SCHEMA);
    if (fromOne) {
      db.exec(`INSERT INTO versions (collection, id, from_position, to_position, from_recorded_at, to_recorded_at, doc)
               SELECT collection, id, from_position, to_position, from_recorded_at, to_recorded_at, doc FROM versions_v1
               ORDER BY collection, id, from_position;
               DROP TABLE versions_v1;`);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return fromOne;
  })();
}
