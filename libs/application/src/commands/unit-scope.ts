import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import { parentOn, type UnitContext } from '@duty-ledger/domain/unit/unit.decider';

/**
 * Whether `unitId` lies in the subtree of one of `scope`'s units (itself or a descendant) on `date` and on every later
 * date the record knows of: each date from `date` on where it or an ancestor met on the way up changes parent. So a
 * backdated command cannot reach a unit that has left the subtree since (an open-ended appointment would run into the
 * other period). Fails closed: a unit the context lacks, a root, or a cycle below the scope is outside.
 */
export function inScopeFrom(unitId: string, date: IsoDate, scope: ReadonlySet<string>, context: UnitContext): boolean {
  const dates = [date];
  for (let i = 0; i < dates.length; i++) {
    const seen = new Set<string>();
    let id: string | undefined = unitId;
    while (id !== undefined && !scope.has(id)) {
      if (seen.has(id)) return false;
      seen.add(id);
      const unit = context.unit(id);
      if (!unit) return false;
      for (const { from } of unit.parents) if (from > date && !dates.includes(from)) dates.push(from);
      id = parentOn(unit, dates[i]);
    }
    if (id === undefined) return false;
  }
  return true;
}
