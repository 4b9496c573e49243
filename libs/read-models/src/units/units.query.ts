import { isActiveOn, nameOn, parentOn, type UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { UnitKind } from '@duty-ledger/domain/shared/vocabulary';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { UNITS } from './units.projection';

export interface UnitView {
  unitId: string;
  name: string;
  kind: string;
  parentUnitId: string | null;
  status: 'active' | 'dissolved';
  registeredOn: string;
  dissolvedOn: string | null;
  names: { from: string; name: string }[];
  parents: { from: string; parentUnitId: string | null }[];
}

export async function unitState(store: ReadStore, unitId: string, { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<UnitState | undefined> {
  const stored = await store.get<UnitState>(UNITS, unitId, { asOfPosition });
  return stored?.doc.exists ? stored.doc : undefined;
}

/**
 * The unit at `at` as recorded at `asOfPosition`; `null` when it was not registered by `at` (or not recorded yet). A
 * dissolved unit still reads, `status: dissolved`: the unit route shows its history. Reads that need it registered on
 * `at` use `readRegisteredUnit`.
 */
export async function readUnit(store: ReadStore, unitId: string, { asOfPosition, at }: ReadAt): Promise<UnitView | null> {
  const unit = await unitState(store, unitId, { asOfPosition });
  if (!unit || unit.registeredOn > at) return null;
  return {
    unitId,
    name: nameOn(unit, at) ?? '',
    kind: unit.kind,
    parentUnitId: parentOn(unit, at) ?? null,
    status: isActiveOn(unit, at) ? 'active' : 'dissolved',
    registeredOn: unit.registeredOn,
    dissolvedOn: unit.dissolvedOn ?? null,
    names: unit.names,
    parents: unit.parents.map((p) => ({ from: p.from, parentUnitId: p.parentUnitId ?? null })),
  };
}

/** The unit while registered at `at`: from its registration date, until its dissolution's effective date (half-open, DOMAIN §5). */
export async function readRegisteredUnit(store: ReadStore, unitId: string, read: ReadAt): Promise<UnitView | null> {
  const unit = await readUnit(store, unitId, read);
  return unit?.status === 'active' ? unit : null;
}

/** Strict ancestors of a unit on `at`, nearest first. */
export async function ancestorsAt(store: ReadStore, unitId: string, { asOfPosition, at }: ReadAt): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set([unitId]);
  let current = await unitState(store, unitId, { asOfPosition });
  while (current) {
    const parentId = parentOn(current, at);
    if (!parentId || seen.has(parentId)) break;
    out.push(parentId);
    seen.add(parentId);
    current = await unitState(store, parentId, { asOfPosition });
  }
  return out;
}

/**
 * Units whose parent on `at` is one of `parentIds` (registered by then; a dissolved one too, since a duty it still
 * holds open keeps covering: the callers judge the duties, not the unit). One index lookup on `parentUnitIds`, and on
 * `kind` when given: a province's committee has hundreds of children, and the caller may want only one kind of them.
 */
export async function childrenAt(store: ReadStore, parentIds: readonly string[], { asOfPosition, at }: ReadAt, kind?: UnitKind): Promise<UnitState[]> {
  if (parentIds.length === 0) return [];
  const found = await store.find<UnitState>(UNITS, { parentUnitIds: { in: parentIds }, ...(kind ? { kind } : {}) }, { asOfPosition });
  const parents = new Set(parentIds);
  return found.map((d) => d.doc).filter((u) => u.exists && parents.has(parentOn(u, at) ?? ''));
}
