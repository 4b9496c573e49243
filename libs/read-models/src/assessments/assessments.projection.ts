import { assessmentDecider, type AssessmentEvent, type AssessmentState } from '@duty-ledger/domain/assessment/assessment.decider';
import { foldProjection } from '../fold-projection';

export const ASSESSMENTS = 'assessments';

/** 考责 — write-once: one document per assessment, found by subject, year and the duties it names. */
export const assessmentsProjection = foldProjection<AssessmentState>({
  name: 'assessments',
  collection: { name: ASSESSMENTS, indexes: ['subjectUnitId', 'subjectPersonId', 'year', 'dutyIds'] },
  types: ['AssessmentRecorded'],
  idOf: (event) => String(event.data.assessmentId),
  initial: assessmentDecider.initialState,
  evolve: (state, event) => assessmentDecider.evolve(state, event as unknown as AssessmentEvent),
});
