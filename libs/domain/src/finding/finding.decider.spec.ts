import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { closedLoopContextFrom, dutyAssigned } from '@duty-ledger/testing/closed-loop-fixtures';
import { unitDissolved, unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import { fold } from '../shared/decider';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { findingDecider, findingExistsOn, findingStatusOn, type FindingCommand, type FindingEvent, type FindingTerms, type RectificationPlan } from './finding.decider';

const units = [
  unitRegistered('committee', 'party-committee', undefined, '2019-01-01'),
  unitRegistered('discipline', 'discipline-committee', 'committee', '2019-01-01'),
  unitRegistered('college', 'college', 'committee', '2019-01-01'),
  unitRegistered('department', 'department', 'committee', '2019-01-01'),
  unitDissolved('department', '2021-01-01'),
];
const people = ['p-dean', 'p-resp'];
const duties = [dutyAssigned('d-primary', 'committee', '2020-01-01')];

const terms = (overrides: Partial<FindingTerms> = {}): FindingTerms => ({
  source: 'inspection',
  raisedByUnitId: 'discipline',
  subjectUnitId: 'college',
  subjectPersonId: 'p-dean',
  area: 'integrity',
  tags: ['procurement'],
  severity: 'medium',
  description: '采购程序不规范',
  occurredOn: '2020-03-01',
  dutyIds: ['d-primary'],
  ...overrides,
});
const plan = (overrides: Partial<RectificationPlan> = {}): RectificationPlan => ({
  plannedOn: '2020-04-01',
  measures: ['修订采购制度'],
  deadline: '2020-06-30',
  responsiblePersonId: 'p-resp',
  ...overrides,
});

const raise = (overrides: Partial<FindingTerms> = {}): FindingCommand => ({ type: 'RaiseFinding', findingId: 'f', ...terms(overrides) });
const raised = (overrides: Partial<FindingTerms> = {}): FindingEvent => ({ type: 'FindingRaised', data: { findingId: 'f', ...terms(overrides) } });
const planIt = (overrides: Partial<RectificationPlan> = {}): FindingCommand => ({ type: 'PlanRectification', findingId: 'f', ...plan(overrides) });
const planned = (overrides: Partial<RectificationPlan> = {}): FindingEvent => ({ type: 'RectificationPlanned', data: { findingId: 'f', ...plan(overrides) } });
const complete = (completedOn: string): FindingCommand => ({ type: 'CompleteRectification', findingId: 'f', completedOn, evidence: '制度文件' });
const completed = (completedOn: string): FindingEvent => ({ type: 'RectificationCompleted', data: { findingId: 'f', completedOn, evidence: '制度文件' } });
const review = (reviewedOn: string, outcome: 'sustained' | 'relapsed'): FindingCommand => ({ type: 'ReviewFollowUp', findingId: 'f', reviewedOn, outcome });
const reviewed = (reviewedOn: string, outcome: 'sustained' | 'relapsed'): FindingEvent => ({ type: 'FollowUpReviewed', data: { findingId: 'f', reviewedOn, outcome } });
const reopened = (reopenedOn: string): FindingEvent => ({ type: 'FindingReopened', data: { findingId: 'f', reopenedOn } });
const close = (closedOn: string): FindingCommand => ({ type: 'CloseFinding', findingId: 'f', closedOn, reason: '移交处理' });
const closed = (closedOn: string): FindingEvent => ({ type: 'FindingClosed', data: { findingId: 'f', closedOn, reason: '移交处理' } });

const given = (events: FindingEvent[] = []) => spec(findingDecider).given(events, closedLoopContextFrom({ units, duties, people }));
const stateOf = (events: FindingEvent[]) => fold(findingDecider.evolve, findingDecider.initialState, events);

describe('finding decider', () => {
  describe('RaiseFinding', () => {
    it('when an inspection finds a problem in an active college, then the finding is raised', () => {
      given().when(raise()).then([raised()]);
    });

    it('when the finding exists already, then it conflicts', () => {
      given([raised()]).when(raise()).thenThrows(Conflict, 'finding-exists');
    });

    it.each([
      ['the raising unit', { raisedByUnitId: 'nowhere' }, 'unit-not-found'],
      ['the subject unit', { subjectUnitId: 'nowhere' }, 'unit-not-found'],
      ['the subject person', { subjectPersonId: 'p-ghost' }, 'person-not-found'],
      ['a duty', { dutyIds: ['d-ghost'] }, 'duty-not-found'],
    ] as [string, Partial<FindingTerms>, string][])('when %s does not exist, then it is not found', (_what, overrides, rule) => {
      given().when(raise(overrides)).thenThrows(NotFound, rule);
    });

    it('when the subject unit is dissolved on occurredOn, then the unit is not active', () => {
      given().when(raise({ subjectUnitId: 'department', occurredOn: '2021-01-01' })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the problem occurred the day before the subject unit was dissolved, then the finding is raised', () => {
      given().when(raise({ subjectUnitId: 'department', occurredOn: '2020-12-31' })).then([raised({ subjectUnitId: 'department', occurredOn: '2020-12-31' })]);
    });

    it('when the area is "other" with no note, then the note is required', () => {
      given().when(raise({ area: 'other' })).thenThrows(RuleBroken, 'area-note-required');
    });

    it('when the area is "other" with a note, then the finding is raised', () => {
      given().when(raise({ area: 'other', areaNote: '意识形态阵地' })).then([raised({ area: 'other', areaNote: '意识形态阵地' })]);
    });
  });

  describe('PlanRectification', () => {
    it('when a raised finding gets a plan, then the rectification is planned', () => {
      given([raised()]).when(planIt()).then([planned()]);
    });

    it('when the finding does not exist, then it is not found', () => {
      given().when(planIt()).thenThrows(NotFound, 'finding-not-found');
    });

    it('when a plan is in force and not completed, then a new plan replaces it', () => {
      given([raised(), planned()]).when(planIt({ plannedOn: '2020-05-01', deadline: '2020-08-31' })).then([planned({ plannedOn: '2020-05-01', deadline: '2020-08-31' })]);
    });

    it('when the rectification is completed, then the plan may not be replaced', () => {
      given([raised(), planned(), completed('2020-06-01')]).when(planIt({ plannedOn: '2020-06-02' })).thenThrows(RuleBroken, 'rectification-completed');
    });

    it('when the finding relapsed and reopened, then a new plan is accepted', () => {
      given([raised(), planned(), completed('2020-06-01'), reviewed('2020-09-01', 'relapsed'), reopened('2020-09-01')])
        .when(planIt({ plannedOn: '2020-09-10', deadline: '2020-12-31' }))
        .then([planned({ plannedOn: '2020-09-10', deadline: '2020-12-31' })]);
    });

    it('when the deadline is the day the problem occurred, then the deadline must come after it', () => {
      given([raised()]).when(planIt({ deadline: '2020-03-01' })).thenThrows(RuleBroken, 'deadline-not-after-occurrence');
    });

    it('when the deadline comes before the plan’s own date, then it is refused (overdue when made); on that date, it is planned', () => {
      given([raised()]).when(planIt({ plannedOn: '2020-06-10', deadline: '2020-06-09' })).thenThrows(RuleBroken, 'deadline-before-plan');
      given([raised()]).when(planIt({ plannedOn: '2020-06-10', deadline: '2020-06-10' })).then([planned({ plannedOn: '2020-06-10', deadline: '2020-06-10' })]);
    });

    it('when the plan names no measures, then measures are required', () => {
      given([raised()]).when(planIt({ measures: [] })).thenThrows(RuleBroken, 'measures-required');
    });

    it('when the plan is dated before the problem occurred, then the step is out of order', () => {
      given([raised()]).when(planIt({ plannedOn: '2020-02-01' })).thenThrows(RuleBroken, 'step-before-previous');
    });

    it('when the responsible person does not exist, then it is not found', () => {
      given([raised()]).when(planIt({ responsiblePersonId: 'p-ghost' })).thenThrows(NotFound, 'person-not-found');
    });

    it('when the finding is closed, then it cannot be planned', () => {
      given([raised(), closed('2020-03-15')]).when(planIt()).thenThrows(RuleBroken, 'finding-closed');
    });

    it.each([
      ['the deadline falls before the problem occurred', [raised()], { deadline: '2020-02-01' }],
      ['the plan names no measures', [raised()], { measures: [] }],
      ['the plan is dated before the problem occurred', [raised()], { plannedOn: '2020-02-01' }],
      ['the rectification is completed', [raised(), planned(), completed('2020-06-01')], { plannedOn: '2020-06-02' }],
      ['the finding is closed', [raised(), closed('2020-03-15')], {}],
    ] as [string, FindingEvent[], Partial<RectificationPlan>][])('when %s and the responsible person does not exist, then the person is not found (404 before 422)', (_rule, events, overrides) => {
      given(events).when(planIt({ ...overrides, responsiblePersonId: 'ghost' })).thenThrows(NotFound, 'person-not-found');
    });
  });

  describe('CompleteRectification', () => {
    it('when a planned finding is completed after the plan, then the rectification is completed', () => {
      given([raised(), planned()]).when(complete('2020-06-01')).then([completed('2020-06-01')]);
    });

    it('when completion falls on the plan date, then it is accepted', () => {
      given([raised(), planned()]).when(complete('2020-04-01')).then([completed('2020-04-01')]);
    });

    it('when there is no plan, then there is nothing to complete', () => {
      given([raised()]).when(complete('2020-06-01')).thenThrows(RuleBroken, 'no-current-plan');
    });

    it('when a reopened finding has no new plan, then there is nothing to complete', () => {
      given([raised(), planned(), completed('2020-06-01'), reviewed('2020-09-01', 'relapsed'), reopened('2020-09-01')])
        .when(complete('2020-09-05'))
        .thenThrows(RuleBroken, 'no-current-plan');
    });

    it('when completion comes before the plan date, then it is refused', () => {
      given([raised(), planned()]).when(complete('2020-03-31')).thenThrows(RuleBroken, 'completed-before-plan');
    });

    it('when the rectification is already completed, then it is refused', () => {
      given([raised(), planned(), completed('2020-06-01')]).when(complete('2020-06-02')).thenThrows(RuleBroken, 'already-completed');
    });

    it('when the finding is closed, then it cannot be completed', () => {
      given([raised(), planned(), closed('2020-05-01')]).when(complete('2020-06-01')).thenThrows(RuleBroken, 'finding-closed');
    });

    it('when the finding does not exist, then it is not found', () => {
      given().when(complete('2020-06-01')).thenThrows(NotFound, 'finding-not-found');
    });
  });

  describe('ReviewFollowUp', () => {
    it('when the follow-up finds the rectification sustained, then it is reviewed', () => {
      given([raised(), planned(), completed('2020-06-01')]).when(review('2020-09-01', 'sustained')).then([reviewed('2020-09-01', 'sustained')]);
    });

    it('when the follow-up finds a relapse, then the finding is reopened on the same date', () => {
      given([raised(), planned(), completed('2020-06-01')]).when(review('2020-09-01', 'relapsed')).then([reviewed('2020-09-01', 'relapsed'), reopened('2020-09-01')]);
    });

    it('when the follow-up carries notes, then they are kept', () => {
      given([raised(), planned(), completed('2020-06-01')])
        .when({ type: 'ReviewFollowUp', findingId: 'f', reviewedOn: '2020-09-01', outcome: 'sustained', notes: '制度执行良好' })
        .then([{ type: 'FollowUpReviewed', data: { findingId: 'f', reviewedOn: '2020-09-01', outcome: 'sustained', notes: '制度执行良好' } }]);
    });

    it('when a verified finding relapses at a later follow-up, then it is reopened', () => {
      given([raised(), planned(), completed('2020-06-01'), reviewed('2020-09-01', 'sustained')])
        .when(review('2021-03-01', 'relapsed'))
        .then([reviewed('2021-03-01', 'relapsed'), reopened('2021-03-01')]);
    });

    it('when the rectification is only planned, then there is nothing to review', () => {
      given([raised(), planned()]).when(review('2020-09-01', 'sustained')).thenThrows(RuleBroken, 'not-completed');
    });

    it('when the follow-up is dated before completion, then the step is out of order', () => {
      given([raised(), planned(), completed('2020-06-01')]).when(review('2020-05-01', 'sustained')).thenThrows(RuleBroken, 'step-before-previous');
    });

    it('when the finding is closed, then it cannot be reviewed', () => {
      given([raised(), planned(), completed('2020-06-01'), closed('2020-07-01')]).when(review('2020-09-01', 'sustained')).thenThrows(RuleBroken, 'finding-closed');
    });
  });

  describe('CloseFinding', () => {
    it.each([
      ['open', [raised()]],
      ['planned', [raised(), planned()]],
      ['completed', [raised(), planned(), completed('2020-06-01')]],
      ['verified', [raised(), planned(), completed('2020-06-01'), reviewed('2020-09-01', 'sustained')]],
    ] as const)('when the finding is %s, then it is closed', (_status, history) => {
      given([...history]).when(close('2020-10-01')).then([closed('2020-10-01')]);
    });

    it('when the finding is closed already, then it is refused', () => {
      given([raised(), closed('2020-04-01')]).when(close('2020-10-01')).thenThrows(RuleBroken, 'finding-closed');
    });

    it('when the close is dated before the problem occurred, then the step is out of order', () => {
      given([raised()]).when(close('2020-02-01')).thenThrows(RuleBroken, 'step-before-previous');
    });

    it('when the finding does not exist, then it is not found', () => {
      given().when(close('2020-10-01')).thenThrows(NotFound, 'finding-not-found');
    });
  });

  describe('findingStatusOn: the status at any business date', () => {
    const history = [
      raised(),
      planned(),
      completed('2020-07-15'),
      reviewed('2020-09-01', 'relapsed'),
      reopened('2020-09-01'),
      planned({ plannedOn: '2020-09-10', deadline: '2020-10-31' }),
      completed('2020-10-20'),
      reviewed('2020-12-01', 'sustained'),
      closed('2021-01-10'),
    ];
    const state = stateOf(history);

    it.each([
      ['2020-03-01', 'open'],
      ['2020-04-01', 'planned'],
      ['2020-06-30', 'planned'],
      ['2020-07-01', 'overdue'],
      ['2020-07-15', 'completed'],
      ['2020-09-01', 'open'],
      ['2020-09-09', 'open'],
      ['2020-09-10', 'planned'],
      ['2020-10-20', 'completed'],
      ['2020-12-01', 'verified'],
      ['2021-01-10', 'closed'],
    ])('when read on %s, then it is %s', (date, status) => {
      expect(findingStatusOn(state, date)).toBe(status);
    });

    it('when a plan is completed on its deadline, then it is never overdue', () => {
      const onTime = stateOf([raised(), planned(), completed('2020-06-30')]);
      expect(findingStatusOn(onTime, '2020-06-30')).toBe('completed');
      expect(findingStatusOn(onTime, '2020-07-01')).toBe('completed');
    });

    it('when a replacing plan moves the deadline, then overdue follows the new deadline', () => {
      const replaced = stateOf([raised(), planned(), planned({ plannedOn: '2020-06-01', deadline: '2020-08-31' })]);
      expect(findingStatusOn(replaced, '2020-07-01')).toBe('planned');
      expect(findingStatusOn(replaced, '2020-09-01')).toBe('overdue');
    });

    it('when read before the problem occurred, then the finding does not exist yet', () => {
      expect(findingExistsOn(state, '2020-02-29')).toBe(false);
      expect(findingExistsOn(state, '2020-03-01')).toBe(true);
    });

    it('when the finding reopens, then the state records the reopening and clears the plan', () => {
      const relapsed = stateOf(history.slice(0, 5));
      expect(relapsed.reopenedOn).toEqual(['2020-09-01']);
      expect(relapsed.plan).toBeUndefined();
      expect(relapsed.completedOn).toBeUndefined();
    });
  });
});
