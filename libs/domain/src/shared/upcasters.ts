/**
 * Schema evolution: events are stored as written, forever (the hash chain covers them), and carry `schemaVersion` in
 * their metadata. Whatever folds events — aggregates, projections — first turns an old shape into the current one here.
 */
type Data = Record<string, unknown>;

/** The current version of each event type's data; types not listed are at version 1. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  // v2: a duty names its portfolio as a list of units (scopeUnitIds); v1 named at most one (scopeUnitId).
  DutyAssigned: 2,
};

/** Upcasters by type: from version n to n + 1 (index n - 1). */
const UPCASTERS: Readonly<Record<string, readonly ((data: Data) => Data)[]>> = {
  DutyAssigned: [
    ({ scopeUnitId, ...rest }) => ({ ...rest, scopeUnitIds: Array.isArray(rest.scopeUnitIds) ? rest.scopeUnitIds : typeof scopeUnitId === 'string' ? [scopeUnitId] : [] }),
  ],
};

export function currentSchemaVersion(type: string): number {
  return CURRENT_SCHEMA_VERSIONS[type] ?? 1;
}

/** The event's data in the current shape of its type. An event newer than this code knows is refused, not guessed at. */
export function upcast(type: string, data: Data, schemaVersion = 1): Data {
  const current = currentSchemaVersion(type);
  if (schemaVersion > current) throw new Error(`${type} schema version ${schemaVersion} is newer than this build understands (${current})`);
  let shaped = data;
  for (let version = schemaVersion; version < current; version++) shaped = UPCASTERS[type][version - 1](shaped);
  return shaped;
}
