import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { closedLoopContextFrom, dutyAssigned } from '@duty-ledger/testing/closed-loop-fixtures';
import { unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import type { FindingEvent } from '../finding/finding.decider';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { MEASURES, UNIT_SUBJECT_MEASURES, FORM_OF_MEASURE, type Measure } from '../shared/vocabulary';
import { accountabilityDecider, type AccountabilityEvent, type AccountabilityTerms, type ApplyAccountability } from './accountability.decider';

const units = [
  unitRegistered('committee', 'party-committee', undefined, '2019-01-01'),
  unitRegistered('discipline', 'discipline-committee', 'committee', '2019-01-01'),
  unitRegistered('college', 'college', 'committee', '2019-01-01'),
  unitRegistered('general', 'general-branch', 'committee', '2019-01-01'),
];
const people = ['p-dean'];
const duties = [dutyAssigned('d-primary', 'committee', '2020-01-01')];
const findings: FindingEvent[] = [
  {
    type: 'FindingRaised',
    data: {
      findingId: 'f',
      source: 'inspection',
      raisedByUnitId: 'discipline',
      subjectUnitId: 'college',
      area: 'integrity',
      tags: [],
      severity: 'high',
      description: '违规发放津贴',
      occurredOn: '2020-03-01',
      dutyIds: [],
    },
  },
];

const terms = (overrides: Partial<AccountabilityTerms> = {}): AccountabilityTerms => ({
  findingIds: ['f'],
  subjectPersonId: 'p-dean',
  role: 'direct',
  form: 1,
  measure: 'admonishment',
  decidedByUnitId: 'discipline',
  decidedOn: '2020-08-01',
  rationale: '对违规发放津贴负直接责任',
  dutyIds: ['d-primary'],
  ...overrides,
});
const apply = (overrides: Partial<AccountabilityTerms> = {}): ApplyAccountability => ({ type: 'ApplyAccountability', caseId: 'c', ...terms(overrides) });
const applied = (overrides: Partial<AccountabilityTerms> = {}): AccountabilityEvent => ({ type: 'AccountabilityApplied', data: { caseId: 'c', ...terms(overrides) } });
const revoked = (revokedOn: string): AccountabilityEvent => ({ type: 'AccountabilityRevoked', data: { caseId: 'c', revokedOn, reason: '申诉成立' } });
const revoke = (revokedOn: string) => ({ type: 'RevokeAccountability', caseId: 'c', revokedOn, reason: '申诉成立' }) as const;
const onUnit = { subjectPersonId: undefined, subjectUnitId: 'college' };

const given = (events: AccountabilityEvent[] = []) => spec(accountabilityDecider).given(events, closedLoopContextFrom({ units, duties, findings, people }));

describe('accountability decider', () => {
  describe('ApplyAccountability', () => {
    it('when the discipline committee admonishes the person directly responsible, then accountability is applied', () => {
      given().when(apply()).then([applied()]);
    });

    it('when the party committee decides a leadership-role measure, then accountability is applied', () => {
      const leadership = { role: 'leadership', decidedByUnitId: 'committee', form: 2, measure: 'warning' } as const;
      given().when(apply(leadership)).then([applied(leadership)]);
    });

    it('when the case exists already, then it conflicts', () => {
      given([applied()]).when(apply()).thenThrows(Conflict, 'case-exists');
    });

    it('when the decision names both a person and a unit, then it needs exactly one subject', () => {
      given().when(apply({ subjectUnitId: 'college', measure: 'circulated-criticism' })).thenThrows(RuleBroken, 'one-subject');
    });

    it('when the decision names no subject, then it needs exactly one subject', () => {
      given().when(apply({ subjectPersonId: undefined })).thenThrows(RuleBroken, 'one-subject');
    });

    it('when the decision is dated before the problem it answers occurred, then it is refused; on that day, it is applied', () => {
      given().when(apply({ decidedOn: '2020-02-29' })).thenThrows(RuleBroken, 'decided-before-occurrence');
      given().when(apply({ decidedOn: '2020-03-01' })).then([applied({ decidedOn: '2020-03-01' })]);
    });

    it('when the decision names no finding, then a finding is required', () => {
      given().when(apply({ findingIds: [] })).thenThrows(RuleBroken, 'finding-required');
    });

    it.each([
      ['names no finding and a subject person', { findingIds: [], subjectPersonId: 'p-ghost' }, 'person-not-found'],
      ['names both subjects, and the unit', { subjectUnitId: 'nowhere', measure: 'circulated-criticism' }, 'unit-not-found'],
      ['names no subject, and a duty', { subjectPersonId: undefined, dutyIds: ['d-ghost'] }, 'duty-not-found'],
    ] as [string, Partial<AccountabilityTerms>, string][])('when the decision %s that does not exist, then it is not found (404 before 422)', (_what, overrides, rule) => {
      given().when(apply(overrides)).thenThrows(NotFound, rule);
    });

    it.each([
      ['a finding', { findingIds: ['f-ghost'] }, 'finding-not-found'],
      ['the subject person', { subjectPersonId: 'p-ghost' }, 'person-not-found'],
      ['the subject unit', { subjectPersonId: undefined, subjectUnitId: 'nowhere', measure: 'circulated-criticism' }, 'unit-not-found'],
      ['the deciding unit', { decidedByUnitId: 'nowhere' }, 'unit-not-found'],
      ['a duty', { dutyIds: ['d-ghost'] }, 'duty-not-found'],
    ] as [string, Partial<AccountabilityTerms>, string][])('when %s does not exist, then it is not found', (_what, overrides, rule) => {
      given().when(apply(overrides)).thenThrows(NotFound, rule);
    });

    it.each(MEASURES.values.map((measure) => [measure, FORM_OF_MEASURE[measure]] as const))('when %s is decided in its form %i, then it is applied', (measure, form) => {
      given().when(apply({ measure, form })).then([applied({ measure, form })]);
    });

    it.each([
      ['warning', 1],
      ['admonishment', 2],
      ['expulsion', 4],
      ['judicial-referral', 3],
    ] as [Measure, 1 | 2 | 3 | 4][])('when %s is given as form %i, then the measure does not match the form', (measure, form) => {
      given().when(apply({ measure, form })).thenThrows(RuleBroken, 'measure-form-mismatch');
    });

    it.each(UNIT_SUBJECT_MEASURES.map((measure) => [measure, FORM_OF_MEASURE[measure]] as const))('when a unit is subject to %s, then it is applied', (measure, form) => {
      given().when(apply({ ...onUnit, measure, form })).then([applied({ ...onUnit, measure, form })]);
    });

    it.each(['admonishment', 'warning', 'expulsion', 'judicial-referral'] as Measure[])('when a unit is subject to %s, then the measure is not for a unit', (measure) => {
      given().when(apply({ ...onUnit, measure, form: FORM_OF_MEASURE[measure] })).thenThrows(RuleBroken, 'measure-not-for-unit');
    });

    it.each(['college', 'general'])('when %s decides, then the decider is not a committee', (decidedByUnitId) => {
      given().when(apply({ decidedByUnitId })).thenThrows(RuleBroken, 'decider-not-committee');
    });
  });

  describe('RevokeAccountability', () => {
    it('when a decision is revoked after it was made, then it is revoked', () => {
      given([applied()]).when(revoke('2020-10-01')).then([revoked('2020-10-01')]);
    });

    it('when it is revoked on the day of the decision, then it is revoked', () => {
      given([applied()]).when(revoke('2020-08-01')).then([revoked('2020-08-01')]);
    });

    it('when the case does not exist, then it is not found', () => {
      given().when(revoke('2020-10-01')).thenThrows(NotFound, 'case-not-found');
    });

    it('when the case is revoked already, then it is refused', () => {
      given([applied(), revoked('2020-10-01')]).when(revoke('2020-11-01')).thenThrows(RuleBroken, 'already-revoked');
    });

    it('when the revocation is dated before the decision, then it is refused', () => {
      given([applied()]).when(revoke('2020-07-31')).thenThrows(RuleBroken, 'revoked-before-decision');
    });
  });

  describe('evolve', () => {
    it('when a decision is revoked, then the state records when and why', () => {
      const state = [applied(), revoked('2020-10-01')].reduce(accountabilityDecider.evolve, accountabilityDecider.initialState);
      expect(state).toEqual({ exists: true, caseId: 'c', ...terms(), revokedOn: '2020-10-01', revocationReason: '申诉成立' });
    });
  });
});
