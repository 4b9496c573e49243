/** Open versions carry this `to_position` instead of NULL, so one range condition serves both bounds. */
export const OPEN = Number.MAX_SAFE_INTEGER;

/**
 * The `seq` of each id's last version starting at or before a position: parameters (collection, position, ids as a JSON
 * array). One seek in versions_key per id however long its history, and one statement shape for any number of ids.
 */
export const LAST_VERSION_SEQS = `SELECT (SELECT x.seq FROM versions x WHERE x.collection = ? AND x.id = k.value AND x.from_position <= ?
  ORDER BY x.from_position DESC LIMIT 1) FROM json_each(?) k`;

/** Written to `PRAGMA user_version`; a file of an earlier version is migrated when opened (./schema-migration.ts). */
export const SCHEMA_VERSION = 4;

// Versions are appended in a rowid table (a document is ~0.5 KB: as the key of a WITHOUT ROWID B-tree, every insert
// among them would move whole documents around); the key (collection, id, from_position) is a narrow index beside it.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
  seq              INTEGER PRIMARY KEY,
  collection       TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  from_position    INTEGER NOT NULL,
  to_position      INTEGER NOT NULL,
  from_recorded_at TEXT    NOT NULL,
  to_recorded_at   TEXT,
  doc              TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS versions_key ON versions (collection, id, from_position);

-- One row per interval during which a document held a value (per element for arrays) in a declared index field:
-- from the version that gave it the value to the one that took it away (OPEN while it still holds it), so a revision
-- that leaves the indexed fields alone writes no index row. \`value\` is typed text ('s:…', 'n:…', 'b:…') so 1 never
-- matches "1".
CREATE TABLE IF NOT EXISTS doc_index (
  collection    TEXT    NOT NULL,
  field         TEXT    NOT NULL,
  value         TEXT    NOT NULL,
  id            TEXT    NOT NULL,
  from_position INTEGER NOT NULL,
  to_position   INTEGER NOT NULL,
  PRIMARY KEY (collection, field, value, id, from_position)
) WITHOUT ROWID;

-- Event indexes (the audit trail's: the events touching each subject): a row per event and key, written once. Narrow,
-- keyed for the one read they serve (a key's events in log order); record time as epoch milliseconds for from/to.
CREATE TABLE IF NOT EXISTS event_index (
  idx         TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  position    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  recorded_ms INTEGER NOT NULL,
  PRIMARY KEY (idx, key, position)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS collections (
  name    TEXT PRIMARY KEY,
  indexes TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS leases (
  name       TEXT    PRIMARY KEY,
  owner      TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Counts the times the versions were deleted or rewritten (a reset, a retirement), so that a reader holding versions it
-- read (./version-cache.ts) sees it in the same snapshot as its next read, whichever connection did it.
CREATE TABLE IF NOT EXISTS store_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 0),
  epoch INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS checkpoints (
  projection  TEXT PRIMARY KEY,
  position    INTEGER NOT NULL,
  recorded_at TEXT    NOT NULL
);
`;
