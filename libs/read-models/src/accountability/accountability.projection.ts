import { accountabilityDecider, type AccountabilityEvent, type AccountabilityState } from '@duty-ledger/domain/accountability/accountability.decider';
import { foldProjection } from '../fold-projection';

export const CASES = 'cases';

/**
 * 问责 — one document per case. Confidential: it keeps `rationale` and `rationaleSalt` as stored in the event, so
 * every query must shape them (committed or revealed) before answering.
 */
export type CaseDocument = AccountabilityState & { rationaleSalt?: string };

export const casesProjection = foldProjection<CaseDocument>({
  name: 'cases',
  collection: { name: CASES, indexes: ['findingIds', 'subjectPersonId', 'subjectUnitId', 'decidedByUnitId', 'decidedOn'] },
  types: ['AccountabilityApplied', 'AccountabilityRevoked'],
  idOf: (event) => String(event.data.caseId),
  initial: accountabilityDecider.initialState,
  evolve: (state, event) => accountabilityDecider.evolve(state, event as AccountabilityEvent),
});
