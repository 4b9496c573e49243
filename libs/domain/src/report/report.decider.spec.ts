import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { closedLoopContextFrom, dutyAssigned } from '@duty-ledger/testing/closed-loop-fixtures';
import { unitDissolved, unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { reportDecider, type ReportEvent, type ReportTerms, type SubmitReport } from './report.decider';

const units = [
  unitRegistered('committee', 'party-committee', undefined, '2019-01-01'),
  unitRegistered('discipline', 'discipline-committee', 'committee', '2019-01-01'),
  unitRegistered('college', 'college', 'committee', '2019-01-01'),
  unitDissolved('college', '2021-01-01'),
  unitRegistered('old-discipline', 'discipline-committee', 'committee', '2019-01-01'),
  unitDissolved('old-discipline', '2020-12-20'),
  unitRegistered('new-discipline', 'discipline-committee', 'committee', '2020-12-21'),
];
const people = ['p-sec'];
const duties = [dutyAssigned('d-primary', 'committee', '2020-01-01')];

const terms = (overrides: Partial<ReportTerms> = {}): ReportTerms => ({
  kind: 'written-report',
  authorUnitId: 'college',
  recipientUnitId: 'committee',
  year: 2020,
  dutyIds: ['d-primary'],
  summary: '2020年度落实全面从严治党主体责任情况',
  submittedOn: '2020-12-20',
  ...overrides,
});
const submit = (overrides: Partial<ReportTerms> = {}): SubmitReport => ({ type: 'SubmitReport', reportId: 'r', ...terms(overrides) });
const submitted = (overrides: Partial<ReportTerms> = {}): ReportEvent => ({ type: 'ReportSubmitted', data: { reportId: 'r', ...terms(overrides) } });

const given = (events: ReportEvent[] = []) => spec(reportDecider).given(events, closedLoopContextFrom({ units, duties, people }));

describe('report decider', () => {
  describe('SubmitReport', () => {
    it('when an active unit submits its written report to the committee, then the report is submitted', () => {
      given().when(submit()).then([submitted()]);
    });

    it('when a person authors a secretary report, then the report is submitted', () => {
      const byPerson = { kind: 'secretary-report', authorUnitId: undefined, authorPersonId: 'p-sec', recipientUnitId: undefined } as const;
      given().when(submit(byPerson)).then([submitted(byPerson)]);
    });

    it('when both a unit and a person author it, then the report is submitted', () => {
      given().when(submit({ authorPersonId: 'p-sec' })).then([submitted({ authorPersonId: 'p-sec' })]);
    });

    it('when the report exists already, then it conflicts', () => {
      given([submitted()]).when(submit()).thenThrows(Conflict, 'report-exists');
    });

    it('when the report names no author, then it needs one', () => {
      given().when(submit({ authorUnitId: undefined })).thenThrows(RuleBroken, 'report-needs-author');
    });

    it.each([
      ['the author unit', { authorUnitId: 'nowhere' }, 'unit-not-found'],
      ['the recipient unit', { recipientUnitId: 'nowhere' }, 'unit-not-found'],
      ['the author person', { authorPersonId: 'p-ghost' }, 'person-not-found'],
      ['a duty', { dutyIds: ['d-ghost'] }, 'duty-not-found'],
    ] as [string, Partial<ReportTerms>, string][])('when %s does not exist, then it is not found', (_what, overrides, rule) => {
      given().when(submit(overrides)).thenThrows(NotFound, rule);
    });

    it.each([
      ['a duty', { dutyIds: ['d-ghost'] }, 'duty-not-found'],
      ['the recipient unit', { recipientUnitId: 'nowhere' }, 'unit-not-found'],
    ] as [string, Partial<ReportTerms>, string][])('when the report names no author and %s does not exist, then it is not found (404 before 422)', (_what, overrides, rule) => {
      given().when(submit({ authorUnitId: undefined, ...overrides })).thenThrows(NotFound, rule);
    });

    it('when the author unit is dissolved on submittedOn, then the unit is not active', () => {
      given().when(submit({ submittedOn: '2021-01-01' })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the author unit is not yet registered on submittedOn, then the unit is not active', () => {
      given().when(submit({ submittedOn: '2018-12-31' })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the recipient unit is dissolved on submittedOn, then the unit is not active; the day before, the report is submitted', () => {
      given().when(submit({ recipientUnitId: 'old-discipline' })).thenThrows(RuleBroken, 'unit-not-active');
      given()
        .when(submit({ recipientUnitId: 'old-discipline', submittedOn: '2020-12-19' }))
        .then([submitted({ recipientUnitId: 'old-discipline', submittedOn: '2020-12-19' })]);
    });

    it('when the recipient unit is registered only after submittedOn, then the unit is not active', () => {
      given().when(submit({ recipientUnitId: 'new-discipline' })).thenThrows(RuleBroken, 'unit-not-active');
    });
  });

  describe('evolve', () => {
    it('when a report is submitted, then the state holds its terms', () => {
      expect(reportDecider.evolve(reportDecider.initialState, submitted())).toEqual({ exists: true, reportId: 'r', ...terms() });
    });
  });
});
