import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { closedLoopContextFrom, dutyAssigned } from '@duty-ledger/testing/closed-loop-fixtures';
import { unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import type { FindingEvent } from '../finding/finding.decider';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { assessmentDecider, assessmentGuardKey, type AssessmentEvent, type AssessmentTerms, type RecordAssessment } from './assessment.decider';

const units = [
  unitRegistered('committee', 'party-committee', undefined, '2019-01-01'),
  unitRegistered('general', 'general-branch', 'committee', '2019-01-01'),
];
const people = ['p-dean'];
const duties = [dutyAssigned('d-primary', 'general', '2020-01-01')];
const findings: FindingEvent[] = [
  {
    type: 'FindingRaised',
    data: { findingId: 'f', source: 'self-check', raisedByUnitId: 'general', subjectUnitId: 'general', area: 'conduct', tags: [], severity: 'low', description: '会风不实', occurredOn: '2020-05-01', dutyIds: [] },
  },
];

const terms = (overrides: Partial<AssessmentTerms> = {}): AssessmentTerms => ({
  subjectUnitId: 'general',
  year: 2020,
  methods: ['document-review', 'debriefing'],
  rating: 'good',
  dutyIds: ['d-primary'],
  findingIds: ['f'],
  assessedByUnitId: 'committee',
  assessedOn: '2021-01-15',
  ...overrides,
});
const record = (overrides: Partial<AssessmentTerms> = {}, assessmentId = 'a'): RecordAssessment => ({ type: 'RecordAssessment', assessmentId, ...terms(overrides) });
const recorded = (overrides: Partial<AssessmentTerms> = {}, assessmentId = 'a'): AssessmentEvent => ({ type: 'AssessmentRecorded', data: { assessmentId, ...terms(overrides) } });

const given = (events: AssessmentEvent[] = [], existingAssessmentId?: string, assessments: string[] = ['a-other'], assessedOn: Record<string, string> = {}) =>
  spec(assessmentDecider).given(events, closedLoopContextFrom({ units, duties, findings, people, existingAssessmentId, assessments, assessedOn }));

describe('assessment decider', () => {
  describe('RecordAssessment', () => {
    it('when a general branch is assessed for the year, then the assessment is recorded', () => {
      given().when(record()).then([recorded()]);
    });

    it('when a cadre is assessed with notes, then the assessment is recorded', () => {
      const cadre = { subjectUnitId: undefined, subjectPersonId: 'p-dean', rating: 'excellent', notes: '述职评议优秀' } as const;
      given().when(record(cadre)).then([recorded(cadre)]);
    });

    it('when the assessment id exists already, then it conflicts', () => {
      given([recorded()]).when(record()).thenThrows(Conflict, 'assessment-id-taken');
    });

    it('when the assessment names both a unit and a person, then it needs exactly one subject', () => {
      given().when(record({ subjectPersonId: 'p-dean' })).thenThrows(RuleBroken, 'one-subject');
    });

    it('when the assessment names no subject, then it needs exactly one subject', () => {
      given().when(record({ subjectUnitId: undefined })).thenThrows(RuleBroken, 'one-subject');
    });

    it('when the assessment names no method, then methods are required', () => {
      given().when(record({ methods: [] })).thenThrows(RuleBroken, 'methods-required');
    });

    it.each([
      ['the subject unit', { subjectUnitId: 'nowhere' }, 'unit-not-found'],
      ['the subject person', { subjectUnitId: undefined, subjectPersonId: 'p-ghost' }, 'person-not-found'],
      ['the assessing unit', { assessedByUnitId: 'nowhere' }, 'unit-not-found'],
      ['a duty', { dutyIds: ['d-ghost'] }, 'duty-not-found'],
      ['a finding', { findingIds: ['f-ghost'] }, 'finding-not-found'],
    ] as [string, Partial<AssessmentTerms>, string][])('when %s does not exist, then it is not found', (_what, overrides, rule) => {
      given().when(record(overrides)).thenThrows(NotFound, rule);
    });

    it('when the subject already has an assessment for the year, then it conflicts', () => {
      given([], 'a-first').when(record()).thenThrows(Conflict, 'assessment-exists');
    });

    it('when a second assessment of the year also breaks another rule, then the conflict answers first (API.md: 409 before 422)', () => {
      given([], 'a-first').when(record({ methods: [] })).thenThrows(Conflict, 'assessment-exists');
    });

    it('when the new assessment supersedes the existing one, then it is recorded', () => {
      given([], 'a-first').when(record({ supersedes: 'a-first', rating: 'fair' })).then([recorded({ supersedes: 'a-first', rating: 'fair' })]);
    });

    it('when it supersedes another assessment than the existing one, then it is refused', () => {
      given([], 'a-first').when(record({ supersedes: 'a-other' })).thenThrows(RuleBroken, 'supersedes-other');
    });

    it('when it supersedes an assessment though none exists for the subject and year, then it is refused', () => {
      given().when(record({ supersedes: 'a-other' })).thenThrows(RuleBroken, 'supersedes-other');
    });

    it('when it supersedes the existing one on the day that one was made, then it is recorded; on the day before, it is refused', () => {
      const first = { 'a-first': '2021-01-15' };
      given([], 'a-first', [], first).when(record({ supersedes: 'a-first' })).then([recorded({ supersedes: 'a-first' })]);
      given([], 'a-first', [], first).when(record({ supersedes: 'a-first', assessedOn: '2021-01-14' })).thenThrows(RuleBroken, 'superseded-before-assessed');
    });

    it('when it names, made later, another assessment than the one in force, then supersedes-other answers: which one, before when', () => {
      given([], 'a-first', ['a-other'], { 'a-other': '2099-01-01' }).when(record({ supersedes: 'a-other' })).thenThrows(RuleBroken, 'supersedes-other');
    });

    it('when it supersedes an assessment that was never recorded, then 404 before any rule: it is a reference', () => {
      given([], 'a-first', []).when(record({ supersedes: 'a-ghost' })).thenThrows(NotFound, 'assessment-not-found');
      given([], undefined, []).when(record({ supersedes: 'a-ghost', methods: [] })).thenThrows(NotFound, 'assessment-not-found');
    });
  });

  describe('assessmentGuardKey', () => {
    it('when the subject is a unit, then the key names the unit and year', () => {
      expect(assessmentGuardKey(recorded())).toBe('unit-general-2020');
      expect(assessmentGuardKey(record())).toBe('unit-general-2020');
    });

    it('when the subject is a person, then the key names the person and year', () => {
      expect(assessmentGuardKey(recorded({ subjectUnitId: undefined, subjectPersonId: 'p-dean', year: 2021 }))).toBe('person-p-dean-2021');
    });
  });

  describe('evolve', () => {
    it('when an assessment is recorded, then the state holds its terms', () => {
      expect(assessmentDecider.evolve(assessmentDecider.initialState, recorded())).toEqual({ exists: true, assessmentId: 'a', ...terms() });
    });
  });
});
