import { unitDecider, type UnitEvent, type UnitState } from '@duty-ledger/domain/unit/unit.decider';
import { foldProjection, unique } from '../fold-projection';

export const UNITS = 'units';

/** 单位 — one document per unit, with its business-time history of names and parents. */
export const unitsProjection = foldProjection<UnitState>({
  name: 'units',
  collection: { name: UNITS, indexes: ['parentUnitIds', 'kind'] },
  types: ['UnitRegistered', 'UnitRenamed', 'UnitMoved', 'UnitDissolved'],
  idOf: (event) => String(event.data.unitId),
  initial: unitDecider.initialState,
  evolve: (state, event) => unitDecider.evolve(state, event as UnitEvent),
  // Every parent a unit ever had, so "children of X at a date" is an index lookup followed by a date check.
  index: (state) => ({ parentUnitIds: unique(state.parents.flatMap((p) => (p.parentUnitId ? [p.parentUnitId] : []))) }),
});
