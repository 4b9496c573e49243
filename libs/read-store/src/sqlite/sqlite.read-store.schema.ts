/** Open versions carry this `to_position` instead of NULL, so one range condition serves both bounds. */
export const OPEN = Number.MAX_SAFE_INTEGER;

// WITHOUT ROWID: the key (collection, id, from_position) is the table, so an as-of or latest read is one seek.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
  collection       TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  from_position    INTEGER NOT NULL,
  to_position      INTEGER NOT NULL,
  from_recorded_at TEXT    NOT NULL,
  to_recorded_at   TEXT,
  doc              TEXT    NOT NULL,
  PRIMARY KEY (collection, id, from_position)
) WITHOUT ROWID;

-- One row per value (per element for arrays) of each declared index field of each version. \`value\` is
-- typed text ('s:…', 'n:…', 'b:…') so 1 never matches "1"; to_position mirrors the version's for index-only filtering.
CREATE TABLE IF NOT EXISTS doc_index (
  collection    TEXT    NOT NULL,
  field         TEXT    NOT NULL,
  value         TEXT    NOT NULL,
  id            TEXT    NOT NULL,
  from_position INTEGER NOT NULL,
  to_position   INTEGER NOT NULL,
  PRIMARY KEY (collection, field, value, id, from_position)
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

CREATE TABLE IF NOT EXISTS checkpoints (
  projection  TEXT PRIMARY KEY,
  position    INTEGER NOT NULL,
  recorded_at TEXT    NOT NULL
);
`;
