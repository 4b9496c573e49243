import { dutyDecider, type DutyEvent, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { foldProjection, unique } from '../fold-projection';

export const DUTIES = 'duties';

/** 责任清单 — one document per duty: terms, holder history, closing, acknowledgements. */
export const dutiesProjection = foldProjection<DutyState>({
  name: 'duties',
  collection: { name: DUTIES, indexes: ['holderUnitIds', 'kind', 'area', 'year', 'parentDutyId', 'scopeUnitIds'] },
  types: ['DutyAssigned', 'DutyReassigned', 'DutyRevised', 'DutyClosed', 'DutyAcknowledged'],
  idOf: (event) => String(event.data.dutyId),
  initial: dutyDecider.initialState,
  evolve: (state, event) => dutyDecider.evolve(state, event as DutyEvent),
  // Every unit that ever held the duty: "duties of U at a date" is an index lookup followed by a holder check.
  index: (state) => ({ holderUnitIds: unique(state.holders.map((h) => h.holder.unitId)) }),
});
