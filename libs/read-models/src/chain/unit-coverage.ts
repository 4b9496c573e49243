import { holderOn, isOpenOn, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import type { ResponsibilityKind } from '@duty-ledger/domain/shared/vocabulary';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { findDuties } from '../duties/duties.query';
import { ancestorsAt, childrenAt, readRegisteredUnit, type UnitView } from '../units/units.query';
import { HolderResolver, type ResolvedHolder } from './holder-resolver';

/** A duty of a unit's chain, with its holder on the date resolved to the people in post. */
export interface CoverageDuty {
  duty: DutyState;
  holder: ResolvedHolder;
}

/**
 * 责任覆盖 — the duties over a unit on `at` (DOMAIN §5.1): its own open duties and the open duties covering it, each
 * holder resolved to persons. The chain read and the accountability trail (who answers for the day a problem occurred)
 * both start from this.
 */
export interface UnitCoverage {
  unit: UnitView;
  /** Strict ancestors of the unit on `at`, nearest first. */
  ancestorUnitIds: string[];
  own: CoverageDuty[];
  coveredBy: CoverageDuty[];
}

/**
 * Composed from versioned documents at one `asOfPosition` by index lookups, never by replaying events.
 * `null` when the unit is not registered at `at` (not yet, or dissolved by then; or not recorded at the position). Duties
 * are ordered by id.
 */
export async function unitCoverage(store: ReadStore, unitId: string, read: ReadAt, resolver = new HolderResolver(store, read)): Promise<UnitCoverage | null> {
  const unit = await readRegisteredUnit(store, unitId, read);
  if (!unit) return null;
  const ancestorUnitIds = await ancestorsAt(store, unitId, read);
  const upward = [unitId, ...ancestorUnitIds];
  const [own, fromAncestors, supervising, dual] = await Promise.all([
    heldIn(store, [unitId], undefined, read),
    heldIn(store, ancestorUnitIds, ['primary', 'first'], read),
    disciplineCommitteesUnder(store, upward, read).then((committees) => heldIn(store, committees, ['supervisory'], read)),
    // scopeUnitIds first: the first field drives the index scan, and `kind: dual` matches every portfolio of every year.
    findDuties(store, { scopeUnitIds: { in: upward }, kind: 'dual' }, read).then((ds) => ds.filter((d) => isOpenOn(d, read.at))),
  ]);
  const ownIds = new Set(own.map((d) => d.dutyId));
  const covering = [...new Map([...fromAncestors, ...supervising, ...dual].map((d) => [d.dutyId, d])).values()].filter((d) => !ownIds.has(d.dutyId));
  const resolve = (duties: DutyState[]) => Promise.all(sortById(duties).map(async (duty) => ({ duty, holder: await resolver.resolve(holderOn(duty, read.at)) })));
  return { unit, ancestorUnitIds, own: await resolve(own), coveredBy: await resolve(covering) };
}

/** Open duties whose holder on `at` is one of the units (or a post in one): an index lookup, then the date check. */
async function heldIn(store: ReadStore, unitIds: readonly string[], kinds: readonly ResponsibilityKind[] | undefined, read: ReadAt): Promise<DutyState[]> {
  if (unitIds.length === 0) return [];
  const filter = { holderUnitIds: { in: unitIds }, ...(kinds ? { kind: { in: kinds } } : {}) };
  const found = await findDuties(store, filter, read);
  return found.filter((d) => isOpenOn(d, read.at) && unitIds.includes(holderOn(d, read.at).unitId));
}

/** The discipline committees whose parent on `at` is one of `parentIds`: they supervise those units' subtrees. */
async function disciplineCommitteesUnder(store: ReadStore, parentIds: readonly string[], read: ReadAt): Promise<string[]> {
  return (await childrenAt(store, parentIds, read, 'discipline-committee')).map((u) => u.unitId);
}

export function sortById(duties: readonly DutyState[]): DutyState[] {
  return [...duties].sort((a, b) => (a.dutyId < b.dutyId ? -1 : a.dutyId > b.dutyId ? 1 : 0));
}
