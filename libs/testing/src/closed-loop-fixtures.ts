import type { DutyEvent, DutyState } from '@duty-ledger/domain/duty/duty.decider';
import type { FindingEvent, FindingState } from '@duty-ledger/domain/finding/finding.decider';
import { findingDecider } from '@duty-ledger/domain/finding/finding.decider';
import type { TenureEvent } from '@duty-ledger/domain/person/person.decider';
import type { PostState } from '@duty-ledger/domain/post/post-incumbency';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import type { DutyArea, Post } from '@duty-ledger/domain/shared/vocabulary';
import type { UnitEvent, UnitState } from '@duty-ledger/domain/unit/unit.decider';
import { dutiesFrom, postsFrom, unitsFrom } from './domain-fixtures';

/** Each finding folded from its own events, as the handler would read its stream. */
export function findingsFrom(events: readonly FindingEvent[]): (findingId: string) => FindingState | undefined {
  const states = new Map<string, FindingState>();
  for (const event of events) {
    const id = event.data.findingId;
    states.set(id, findingDecider.evolve(states.get(id) ?? findingDecider.initialState, event));
  }
  return (findingId) => states.get(findingId);
}

/**
 * One context that satisfies every closed-loop decider (meeting, report, finding, assessment, accountability):
 * the units, posts, duties, people and findings a command may consult, plus the guard-stream answers.
 */
export interface ClosedLoopContext {
  unit(unitId: string): UnitState | undefined;
  post(unitId: string, post: Post): PostState;
  duty(dutyId: string): DutyState | undefined;
  finding(findingId: string): FindingState | undefined;
  personExists(personId: string): boolean;
  assessment(assessmentId: string): { assessmentId: string; assessedOn: IsoDate } | undefined;
  annualMeetingHeld: boolean;
  existingAssessmentId?: string;
}

export function closedLoopContextFrom(given: {
  units?: readonly UnitEvent[];
  posts?: readonly TenureEvent[];
  duties?: readonly DutyEvent[];
  findings?: readonly FindingEvent[];
  people?: readonly string[];
  annualMeetingHeld?: boolean;
  existingAssessmentId?: string;
  /** Assessments recorded (the one in force, `existingAssessmentId`, always is), by id; made on `assessedOn` (default 2021-01-01). */
  assessments?: readonly string[];
  assessedOn?: Readonly<Record<string, IsoDate>>;
}): ClosedLoopContext {
  const people = new Set(given.people ?? []);
  const assessments = new Set([...(given.assessments ?? []), ...(given.existingAssessmentId === undefined ? [] : [given.existingAssessmentId])]);
  const assessedOn = (assessmentId: string) => (Object.hasOwn(given.assessedOn ?? {}, assessmentId) ? given.assessedOn![assessmentId] : '2021-01-01');
  return {
    ...unitsFrom(given.units ?? []),
    post: postsFrom(given.posts ?? []),
    duty: dutiesFrom(given.duties ?? []),
    finding: findingsFrom(given.findings ?? []),
    personExists: (personId) => people.has(personId),
    assessment: (assessmentId) => (assessments.has(assessmentId) ? { assessmentId, assessedOn: assessedOn(assessmentId) } : undefined),
    annualMeetingHeld: given.annualMeetingHeld ?? false,
    ...(given.existingAssessmentId === undefined ? {} : { existingAssessmentId: given.existingAssessmentId }),
  };
}

/** A unit-held primary duty, enough for the closed-loop specs that only need a duty to exist. */
export const dutyAssigned = (dutyId: string, unitId: string, effectiveFrom: IsoDate, area: DutyArea = 'integrity'): DutyEvent => ({
  type: 'DutyAssigned',
  data: { dutyId, kind: 'primary', holder: { unitId }, area, tags: [], title: dutyId, items: [], scopeUnitIds: [], year: Number(effectiveFrom.slice(0, 4)), effectiveFrom },
});
