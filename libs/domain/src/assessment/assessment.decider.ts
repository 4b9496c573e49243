import type { IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { requireReferences } from '../shared/references';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import type { AssessmentMethod, Rating } from '../shared/vocabulary';
import type { DutyState } from '../duty/duty.decider';
import type { FindingState } from '../finding/finding.decider';
import { withoutUndefined, type UnitContext } from '../unit/unit.decider';

/** 考责 — the yearly assessment of a Party organisation or a mid-level cadre (考核检查, 纳入中层领导干部考核评价). */

export interface AssessmentTerms {
  subjectUnitId?: string;
  subjectPersonId?: string;
  year: number;
  methods: AssessmentMethod[];
  rating: Rating;
  dutyIds: string[];
  findingIds: string[];
  assessedByUnitId: string;
  assessedOn: IsoDate;
  notes?: string;
  /** The assessment of the same subject and year that this one replaces. */
  supersedes?: string;
}

export type RecordAssessment = { type: 'RecordAssessment'; assessmentId: string } & AssessmentTerms;
export type AssessmentCommand = RecordAssessment;

export type AssessmentRecorded = DomainEvent<'AssessmentRecorded', { assessmentId: string } & AssessmentTerms>;
export type AssessmentEvent = AssessmentRecorded;

export interface AssessmentState extends AssessmentTerms {
  exists: boolean;
  assessmentId: string;
}

/**
 * The units, people, duties and findings an assessment names, read by the handler from their streams; and
 * `existingAssessmentId`: the assessment the guard stream of `assessmentGuardKey` holds for this subject and year.
 */
export interface AssessmentContext extends UnitContext {
  personExists(personId: string): boolean;
  duty(dutyId: string): DutyState | undefined;
  finding(findingId: string): FindingState | undefined;
  /** The assessment of this id, if recorded: one `supersedes` names must exist (404 before the rules), and its date matters. */
  assessment(assessmentId: string): Pick<AssessmentState, 'assessmentId' | 'assessedOn'> | undefined;
  existingAssessmentId?: string;
}

export const initialAssessmentState: AssessmentState = {
  exists: false,
  assessmentId: '',
  year: 0,
  methods: [],
  rating: 'good',
  dutyIds: [],
  findingIds: [],
  assessedByUnitId: '',
  assessedOn: '',
};

/**
 * One assessment per subject and year: a uniqueness rule across assessment streams. The handler reads the
 * guard stream named by this key for `existingAssessmentId` and appends to it with the expected revision.
 */
export function assessmentGuardKey(assessment: AssessmentEvent | AssessmentCommand): string {
  const { subjectUnitId, subjectPersonId, year } = 'data' in assessment ? assessment.data : assessment;
  return subjectUnitId !== undefined ? `unit-${subjectUnitId}-${year}` : `person-${subjectPersonId}-${year}`;
}

function decide(command: AssessmentCommand, state: AssessmentState, context: AssessmentContext): AssessmentEvent[] {
  switch (command.type) {
    case 'RecordAssessment': {
      if (state.exists) throw new Conflict('assessment-id-taken', `assessment ${command.assessmentId} exists already`);
      const { type: _type, assessmentId, ...terms } = command;
      requireAssessmentReferences(terms, context);
      // A uniqueness rule answers before the other rules (API.md: 409, then 422).
      if (terms.supersedes === undefined && context.existingAssessmentId !== undefined)
        throw new Conflict('assessment-exists', `assessment ${context.existingAssessmentId} already rates this subject for ${terms.year}: name it in supersedes to replace it`);
      if ((terms.subjectUnitId === undefined) === (terms.subjectPersonId === undefined))
        throw new RuleBroken('one-subject', 'an assessment names exactly one subject: a unit or a person');
      if (terms.methods.length === 0) throw new RuleBroken('methods-required', 'an assessment names how it was made (at least one method)');
      requireSupersedingTheFirst(terms, context.existingAssessmentId);
      // A supersession counts from its own date (DOMAIN §6): it cannot precede the assessment it replaces.
      const superseded = terms.supersedes === undefined ? undefined : context.assessment(terms.supersedes);
      if (superseded && terms.assessedOn < superseded.assessedOn)
        throw new RuleBroken(
          'superseded-before-assessed',
          `an assessment of ${terms.assessedOn} cannot supersede ${superseded.assessmentId}, which was made later, on ${superseded.assessedOn}`,
        );
      return [{ type: 'AssessmentRecorded', data: withoutUndefined({ assessmentId, ...terms }) }];
    }
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}

function requireAssessmentReferences(terms: AssessmentTerms, context: AssessmentContext): void {
  requireReferences(context, {
    units: [terms.subjectUnitId, terms.assessedByUnitId],
    persons: [terms.subjectPersonId],
    duties: terms.dutyIds,
    findings: terms.findingIds,
  });
  if (terms.supersedes !== undefined && !context.assessment(terms.supersedes))
    throw new NotFound('assessment-not-found', `assessment ${terms.supersedes} (named in supersedes) does not exist`);
}

/** An assessment that names one in `supersedes` must name the subject's assessment of that year, and there must be one. */
function requireSupersedingTheFirst(terms: AssessmentTerms, existing: string | undefined): void {
  if (terms.supersedes === existing) return;
  throw new RuleBroken(
    'supersedes-other',
    existing === undefined
      ? `supersedes names ${terms.supersedes}, but this subject has no assessment for ${terms.year}`
      : `supersedes names ${terms.supersedes}, but the assessment of this subject for ${terms.year} is ${existing}`,
  );
}

function evolve(state: AssessmentState, event: AssessmentEvent): AssessmentState {
  switch (event.type) {
    case 'AssessmentRecorded':
      return { ...initialAssessmentState, ...event.data, exists: true };
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

export const assessmentDecider: Decider<AssessmentCommand, AssessmentEvent, AssessmentState, AssessmentContext> = {
  decide,
  evolve,
  initialState: initialAssessmentState,
};
