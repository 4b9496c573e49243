import { commitmentOf } from '@duty-ledger/event-store/confidential';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { readFinding } from '../findings/findings.query';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { readAccountabilityTrail, type CoverageRow } from './accountability.query';

/**
 * Issue 5: a finding on the pharmacy branch occurred on 2020-11-05 while A was its secretary; B replaced A on
 * 2021-03-01. The plan's deadline passed (overdue), the rectification was completed, then relapsed at follow-up
 * (reopened). The direct subject D and A (leadership) were held to account; A's decision was later revoked.
 */
describe('accountability trail over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  const salt = '0123456789abcdef0123456789abcdef';
  let raised: number;
  let beforeRevocation: number;

  const unit = (unitId: string, name: string, kind: string, parentUnitId: string | undefined) =>
    story.record(`unit-${unitId}`, 'UnitRegistered', { unitId, name, kind, ...(parentUnitId ? { parentUnitId } : {}), effectiveFrom: '2018-01-01' });
  const person = (personId: string, name: string) => story.record(`person-${personId}`, 'PersonRegistered', { personId, name });
  const tenure = (type: string, personId: string, unitId: string, post: string, effectiveFrom: string) =>
    story.record(`post-${unitId}-${post}`, type, { personId, unitId, post, effectiveFrom });
  const duty = (dutyId: string, kind: string, holder: { unitId: string; post?: string }, more: Record<string, unknown> = {}) =>
    story.record(`duty-${dutyId}`, 'DutyAssigned', { dutyId, kind, holder, area: 'integrity', tags: [], title: dutyId, items: ['item'], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01', ...more });
  const step = (type: string, data: Record<string, unknown>) => story.record('finding-f1', type, { findingId: 'f1', ...data });
  const decide = (caseId: string, subject: Record<string, unknown>, role: string, form: number, measure: string) =>
    story.record(`case-${caseId}`, 'AccountabilityApplied', {
      caseId,
      findingIds: ['f1'],
      ...subject,
      role,
      form,
      measure,
      decidedByUnitId: 'discipline',
      decidedOn: '2021-07-01',
      rationale: `rationale of ${caseId}`,
      rationaleSalt: salt,
      dutyIds: [],
    });

  beforeAll(async () => {
    unit('committee', '学校党委', 'party-committee', undefined);
    unit('discipline', '学校纪委', 'discipline-committee', 'committee');
    unit('branch', '药学总支', 'general-branch', 'committee');
    for (const [id, name] of [['S', '书记'], ['C', '丙'], ['A', '甲'], ['B', '乙'], ['D', '丁']]) person(id, name);
    tenure('PersonAppointed', 'S', 'committee', 'secretary', '2018-01-01');
    tenure('PersonAppointed', 'C', 'committee', 'member', '2018-01-01');
    tenure('PersonAppointed', 'A', 'branch', 'secretary', '2018-06-01');
    tenure('PersonAppointed', 'D', 'branch', 'member', '2018-06-01');
    duty('committee-primary', 'primary', { unitId: 'committee' });
    duty('committee-first', 'first', { unitId: 'committee', post: 'secretary' });
    duty('committee-dual', 'dual', { unitId: 'committee', post: 'member' }, { scopeUnitIds: ['branch'] });
    duty('supervisory', 'supervisory', { unitId: 'discipline' });
    duty('branch-primary', 'primary', { unitId: 'branch' }, { parentDutyId: 'committee-primary' });
    duty('branch-first', 'first', { unitId: 'branch', post: 'secretary' }, { parentDutyId: 'committee-first' });
    duty('branch-deputy-dual', 'dual', { unitId: 'branch', post: 'deputy-secretary' }, { scopeUnitIds: ['branch'] });
    duty('branch-member-dual', 'dual', { unitId: 'branch', post: 'member' }, { scopeUnitIds: ['branch'] });
    raised = step('FindingRaised', {
      source: 'inspection',
      raisedByUnitId: 'discipline',
      subjectUnitId: 'branch',
      subjectPersonId: 'D',
      area: 'integrity',
      tags: ['procurement'],
      severity: 'high',
      description: '药品采购未按规定招标',
      occurredOn: '2020-11-05',
      dutyIds: ['branch-first'],
    });
    step('RectificationPlanned', { plannedOn: '2020-12-01', measures: ['重新招标'], deadline: '2021-01-31', responsiblePersonId: 'A' });
    tenure('PersonRelieved', 'A', 'branch', 'secretary', '2021-03-01');
    tenure('PersonAppointed', 'B', 'branch', 'secretary', '2021-03-01');
    step('RectificationCompleted', { completedOn: '2021-03-10', evidence: '招标文件' });
    step('FollowUpReviewed', { reviewedOn: '2021-06-01', outcome: 'relapsed' });
    step('FindingReopened', { reopenedOn: '2021-06-01' });
    decide('case-direct', { subjectPersonId: 'D' }, 'direct', 2, 'warning');
    beforeRevocation = decide('case-A', { subjectPersonId: 'A' }, 'leadership', 1, 'talk-reminder');
    story.record('case-case-A', 'AccountabilityRevoked', { caseId: 'case-A', revokedOn: '2021-09-01', reason: '申诉成立' });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const read = (at: string, asOfPosition = story.head) => ({ asOfPosition, at });
  const plain = { canReadConfidential: false };
  const privileged = { canReadConfidential: true };
  const row = (coverage: CoverageRow[] | undefined, key: Partial<CoverageRow>) =>
    coverage?.find((r) => Object.entries(key).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v));

  describe('the finding', () => {
    it('when read at dates along its life, then open, planned, overdue past the deadline, completed, and open again after the relapse', async () => {
      const statusAt = async (at: string) => (await readFinding(store, 'f1', read(at)))?.status;
      expect(await statusAt('2020-11-05')).toBe('open');
      expect(await statusAt('2021-01-31')).toBe('planned');
      expect(await statusAt('2021-02-01')).toBe('overdue');
      expect(await statusAt('2021-03-10')).toBe('completed');
      expect(await statusAt('2021-06-01')).toBe('open');
    });

    it('when read at a date, then the timeline holds only the steps taken by then', async () => {
      const finding = await readFinding(store, 'f1', read('2021-03-10'));
      expect(finding?.timeline.map((s) => s.type)).toEqual(['FindingRaised', 'RectificationPlanned', 'RectificationCompleted']);
      expect(finding).toMatchObject({ plan: { deadline: '2021-01-31', responsiblePersonId: 'A' }, completedOn: '2021-03-10', reopenedOn: [] });
      expect((await readFinding(store, 'f1', read('2021-12-31')))?.plan).toBeNull();
    });

    it('when read before it occurred, or as of a position before it was raised, then it does not exist (404)', async () => {
      expect(await readFinding(store, 'f1', read('2020-11-04'))).toBeNull();
      expect(await readFinding(store, 'f1', read('2021-12-31', raised - 10))).toBeNull();
      expect(await readAccountabilityTrail(store, 'f1', read('2020-11-04'), plain)).toBeNull();
    });
  });

  describe('the trail', () => {
    it('when read after the decisions, then the chain is the one on the day the problem occurred: A, not B, in the branch secretary post', async () => {
      const trail = await readAccountabilityTrail(store, 'f1', read('2021-08-01'), plain);
      const first = trail?.chainOnOccurrence?.duties.find((d) => d.dutyId === 'branch-first');
      expect(first?.holder.persons).toEqual([{ personId: 'A', name: '甲' }]);
      expect(trail?.chainOnOccurrence?.coveredBy.map((d) => d.dutyId)).toEqual(['committee-dual', 'committee-first', 'committee-primary', 'supervisory']);
    });

    it('when read after the decisions, then coverage lists the direct subject and A as held accountable, and the other holders that day as not', async () => {
      const { coverage } = (await readAccountabilityTrail(store, 'f1', read('2021-08-01'), plain))!;
      expect(coverage[0]).toEqual({ personId: 'D', role: 'direct', duties: [{ dutyId: 'branch-member-dual', kind: 'dual' }], heldAccountable: true, caseIds: ['case-direct'] });
      expect(row(coverage, { personId: 'A' })).toEqual({
        personId: 'A',
        unitId: 'branch',
        post: 'secretary',
        role: 'leadership',
        duties: [{ dutyId: 'branch-first', kind: 'first' }],
        heldAccountable: true,
        caseIds: ['case-A'],
      });
      expect(row(coverage, { personId: 'B' })).toBeUndefined();
      expect(row(coverage, { personId: 'C' })).toMatchObject({ role: 'leadership', duties: [{ dutyId: 'committee-dual', kind: 'dual' }], heldAccountable: false, caseIds: [] });
      expect(row(coverage, { personId: 'S' })).toMatchObject({ unitId: 'committee', post: 'secretary', duties: [{ dutyId: 'committee-first', kind: 'first' }], heldAccountable: false });
      expect(row(coverage, { unitId: 'committee', personId: undefined })).toMatchObject({ duties: [{ dutyId: 'committee-primary', kind: 'primary' }], heldAccountable: false });
      expect(row(coverage, { unitId: 'discipline' })).toMatchObject({ duties: [{ dutyId: 'supervisory', kind: 'supervisory' }], heldAccountable: false });
      expect(row(coverage, { unitId: 'branch', personId: undefined, vacant: undefined })).toMatchObject({ duties: [{ dutyId: 'branch-primary', kind: 'primary' }], role: 'leadership' });
      expect(row(coverage, { vacant: true })).toEqual({
        unitId: 'branch',
        post: 'deputy-secretary',
        vacant: true,
        role: 'leadership',
        duties: [{ dutyId: 'branch-deputy-dual', kind: 'dual' }],
        heldAccountable: false,
        caseIds: [],
      });
      expect(coverage).toHaveLength(8);
    });

    it("when A's decision has been revoked, then coverage no longer counts it, and the decision says so", async () => {
      const trail = (await readAccountabilityTrail(store, 'f1', read('2021-12-31'), plain))!;
      expect(row(trail.coverage, { personId: 'A' })).toMatchObject({ heldAccountable: false, caseIds: [] });
      expect(row(trail.coverage, { personId: 'D' })).toMatchObject({ heldAccountable: true, caseIds: ['case-direct'] });
      expect(trail.decisions.find((d) => d.caseId === 'case-A')?.revoked).toEqual({ revokedOn: '2021-09-01', reason: '申诉成立' });
    });

    it('when read as of a position before the revocation, or at a date before its revokedOn, then A is still counted', async () => {
      const asOfBefore = (await readAccountabilityTrail(store, 'f1', read('2021-12-31', beforeRevocation), plain))!;
      expect(row(asOfBefore.coverage, { personId: 'A' })).toMatchObject({ heldAccountable: true, caseIds: ['case-A'] });
      expect(asOfBefore.decisions.find((d) => d.caseId === 'case-A')?.revoked).toBeNull();
      const dateBefore = (await readAccountabilityTrail(store, 'f1', read('2021-08-31'), plain))!;
      expect(row(dateBefore.coverage, { personId: 'A' })).toMatchObject({ heldAccountable: true });
      const onTheDay = (await readAccountabilityTrail(store, 'f1', read('2021-09-01'), plain))!;
      expect(row(onTheDay.coverage, { personId: 'A' })).toMatchObject({ heldAccountable: false });
    });

    it('when read before the decisions were dated, then no decision and nobody held accountable', async () => {
      const trail = (await readAccountabilityTrail(store, 'f1', read('2021-06-30'), plain))!;
      expect(trail.decisions).toEqual([]);
      expect(trail.coverage.every((r) => !r.heldAccountable)).toBe(true);
    });
  });

  describe('confidentiality', () => {
    it('when the reader may not read confidential fields, then each rationale is its commitment only, and no salt leaves', async () => {
      const trail = (await readAccountabilityTrail(store, 'f1', read('2021-08-01'), plain))!;
      expect(trail.decisions.map((d) => d.rationale)).toEqual([
        { commitment: commitmentOf('rationale of case-A', salt) },
        { commitment: commitmentOf('rationale of case-direct', salt) },
      ]);
      expect(JSON.stringify(trail)).not.toMatch(/rationale of|rationaleSalt|0123456789abcdef/);
    });

    it('when the reader may, then value, salt and commitment', async () => {
      const trail = (await readAccountabilityTrail(store, 'f1', read('2021-08-01'), privileged))!;
      expect(trail.decisions.find((d) => d.caseId === 'case-direct')?.rationale).toEqual({
        value: 'rationale of case-direct',
        salt,
        commitment: commitmentOf('rationale of case-direct', salt),
      });
      expect(JSON.stringify(trail)).not.toMatch(/rationaleSalt/);
    });
  });
});
