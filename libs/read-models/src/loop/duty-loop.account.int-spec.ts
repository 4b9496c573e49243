import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { readDutyLoop } from './duty-loop.query';

/**
 * 问责 of a duty's loop: two findings of 2024 name the branch's primary duty and both are overdue on the year's last
 * day; one decision answers both. The step lists that decision once, as its refs and dates are the decisions made.
 */
describe('the "account" step of a duty’s loop over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();

  const overdueFinding = (findingId: string, occurredOn: string) => {
    story.record(`finding-${findingId}`, 'FindingRaised', {
      findingId,
      source: 'inspection',
      raisedByUnitId: 'dc',
      subjectUnitId: 'br',
      area: 'integrity',
      tags: [],
      severity: 'low',
      description: findingId,
      occurredOn,
      dutyIds: ['d-primary'],
    });
    story.record(`finding-${findingId}`, 'RectificationPlanned', { findingId, plannedOn: occurredOn, measures: ['整改'], deadline: '2024-06-30', responsiblePersonId: 'P' });
  };

  beforeAll(async () => {
    story.record('unit-root', 'UnitRegistered', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2024-01-01' });
    story.record('unit-dc', 'UnitRegistered', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    story.record('unit-br', 'UnitRegistered', { unitId: 'br', name: '药学党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    story.record('person-P', 'PersonRegistered', { personId: 'P', name: '甲' });
    story.record('duty-d-primary', 'DutyAssigned', {
      dutyId: 'd-primary',
      kind: 'primary',
      holder: { unitId: 'br' },
      area: 'integrity',
      tags: [],
      title: 'd-primary',
      items: [],
      scopeUnitIds: [],
      year: 2024,
      effectiveFrom: '2024-01-01',
    });
    overdueFinding('f1', '2024-03-01');
    overdueFinding('f2', '2024-04-01');
    story.record('case-k', 'AccountabilityApplied', {
      caseId: 'k',
      findingIds: ['f1', 'f2'],
      subjectUnitId: 'br',
      role: 'direct',
      form: 1,
      measure: 'circulated-criticism',
      decidedByUnitId: 'dc',
      decidedOn: '2024-11-01',
      rationale: '逾期未整改',
      rationaleSalt: '0'.repeat(32),
      dutyIds: ['d-primary'],
    });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  it('when one decision answers both findings that needed one, then "account" is done and lists that decision once', async () => {
    const loop = await readDutyLoop(store, 'd-primary', { year: 2024 }, { asOfPosition: story.head, today: '2025-06-30' });
    expect(loop?.steps.find((s) => s.step === 'account')).toEqual({ step: 'account', done: true, dates: ['2024-11-01'], refs: ['k'] });
  });
});
