import type { AssessmentState } from '@duty-ledger/domain/assessment/assessment.decider';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { ASSESSMENTS } from '../assessments/assessments.projection';
import { assessmentsInForce } from './year-rules';
import { yearOfSubjects, type Subjects } from './year-of-subjects';

/** The assessments of a year whose subject is one of these units or people, as recorded at `asOfPosition`. */
export function assessmentsOfSubjects(store: ReadStore, subjects: Subjects, year: number, read: Pick<ReadAt, 'asOfPosition'>, options: { byYear?: boolean } = {}): Promise<AssessmentState[]> {
  return yearOfSubjects<AssessmentState>(store, ASSESSMENTS, { unit: 'subjectUnitId', person: 'subjectPersonId' }, subjects, year, read, options);
}

/**
 * 考责 — the assessments of `year` in force at `at` that name the duty (DOMAIN §5.5). A replacement need not name the
 * duty its predecessor named, so every assessment of the year of each subject that named it is read: supersession
 * stays within a subject and year (one assessment per subject and year, a second names the first in `supersedes`).
 */
export async function assessmentsNamingInForce(store: ReadStore, dutyId: string, year: number, { asOfPosition, at }: ReadAt): Promise<AssessmentState[]> {
  const naming = (await store.find<AssessmentState>(ASSESSMENTS, { dutyIds: dutyId, year }, { asOfPosition })).map((d) => d.doc);
  const subjects = {
    unitIds: [...new Set(naming.flatMap((a) => (a.subjectUnitId !== undefined ? [a.subjectUnitId] : [])))],
    personIds: [...new Set(naming.flatMap((a) => (a.subjectPersonId !== undefined ? [a.subjectPersonId] : [])))],
  };
  return assessmentsInForce(await assessmentsOfSubjects(store, subjects, year, { asOfPosition }), at).filter((a) => a.dutyIds.includes(dutyId));
}
