import { commitmentOf } from '@duty-ledger/event-store/confidential';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { readAuditTrail } from './audit-trail.query';

describe('audit trail over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  const salt = 'fedcba9876543210fedcba9876543210';
  let raised: number;
  let renamed: number;

  beforeAll(async () => {
    story.record('unit-committee', 'UnitRegistered', { unitId: 'committee', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    story.record('unit-discipline', 'UnitRegistered', { unitId: 'discipline', name: '党委纪委', kind: 'discipline-committee', parentUnitId: 'committee', effectiveFrom: '2018-01-01' });
    story.record('unit-branch', 'UnitRegistered', { unitId: 'branch', name: '药学总支', kind: 'general-branch', parentUnitId: 'committee', effectiveFrom: '2018-01-01' });
    story.record('person-A', 'PersonRegistered', { personId: 'A', name: '甲' });
    story.record('post-branch-secretary', 'PersonAppointed', { personId: 'A', unitId: 'branch', post: 'secretary', effectiveFrom: '2018-06-01' });
    raised = story.record('finding-f1', 'FindingRaised', {
      findingId: 'f1',
      source: 'inspection',
      raisedByUnitId: 'discipline',
      subjectUnitId: 'branch',
      area: 'integrity',
      tags: [],
      severity: 'high',
      description: '药品采购未按规定招标',
      occurredOn: '2020-11-05',
      dutyIds: [],
    });
    story.record('guard-annual-meeting-committee-annual-deployment-2021', 'AnnualMeetingClaimed', { unitId: 'branch', meetingId: 'm1' });
    renamed = story.record('unit-branch', 'UnitRenamed', { unitId: 'branch', name: '药学院党委', effectiveFrom: '2021-01-01' });
    story.record('case-c1', 'AccountabilityApplied', {
      caseId: 'c1',
      findingIds: ['f1'],
      subjectPersonId: 'A',
      role: 'leadership',
      form: 1,
      measure: 'talk-reminder',
      decidedByUnitId: 'discipline',
      decidedOn: '2021-07-01',
      rationale: '机密理由',
      rationaleSalt: salt,
      dutyIds: [],
    });
    const duty = { dutyId: 'd1', kind: 'primary', holder: { unitId: 'committee' }, area: 'integrity', title: '全面从严治党', items: [], scopeUnitIds: [], year: 2021 };
    story.record('duty-d1', 'DutyAssigned', { ...duty, effectiveFrom: '2021-01-01' });
    story.record('duty-d1', 'DutyRevised', { dutyId: 'd1', title: '全面从严治党主体责任', effectiveFrom: '2021-03-01' }, { businessDate: '2021-03-02' });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const all = { limit: 100 };
  const head = () => ({ asOfPosition: story.head });

  it('when a finding is raised, then the subject unit, the raising unit and the finding each see it, summarised in Chinese with the names as recorded then', async () => {
    const branch = await readAuditTrail(store, story, { subjectId: 'branch', ...all }, head(), 'zh');
    expect(branch.items.map((i) => i.type)).toEqual(['UnitRegistered', 'PersonAppointed', 'FindingRaised', 'UnitRenamed']);
    const finding = branch.items[2];
    expect(finding).toMatchObject({ position: raised, streamId: 'finding-f1', actor: { name: 'spec', role: 'admin' }, businessDate: '2020-11-05' });
    expect(finding.summary).toBe('2020-11-05 党委纪委经巡察发现药学总支存在问题：药品采购未按规定招标');
    expect(branch.items[3].summary).toBe('2021-01-01 药学总支更名为药学院党委');
    expect((await readAuditTrail(store, story, { subjectId: 'f1', ...all }, head(), 'zh')).items.map((i) => i.type)).toEqual(['FindingRaised', 'AccountabilityApplied']);
    expect((await readAuditTrail(store, story, { subjectId: 'discipline', ...all }, head(), 'zh')).items).toHaveLength(3);
  });

  it('when read in English, then DOMAIN terms with the Chinese term beside them once', async () => {
    const { items } = await readAuditTrail(store, story, { subjectId: 'f1', type: 'FindingRaised', ...all }, head(), 'en');
    expect(items.map((i) => i.summary)).toEqual(['2020-11-05 党委纪委 raised a finding (inspection, 巡察) on 药学总支: 药品采购未按规定招标']);
    const appointed = await readAuditTrail(store, story, { subjectId: 'A', type: 'PersonAppointed', ...all }, head(), 'en');
    expect(appointed.items[0].summary).toBe('2018-06-01 Appointed 甲 secretary, 书记 of 药学总支');
  });

  it('when a member is appointed, then the Chinese names the post as the unit calls it: 委员 of a Party committee, 班子成员 of a department', async () => {
    const posts = new Story();
    posts.record('unit-c', 'UnitRegistered', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    posts.record('unit-o', 'UnitRegistered', { unitId: 'o', name: '资产处', kind: 'department', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    posts.record('person-B', 'PersonRegistered', { personId: 'B', name: '乙' });
    posts.record('post-c-member', 'PersonAppointed', { personId: 'B', unitId: 'c', post: 'member', effectiveFrom: '2018-03-01' });
    posts.record('post-o-member', 'PersonAppointed', { personId: 'B', unitId: 'o', post: 'member', effectiveFrom: '2018-03-01' });
    const postStore = new SqliteReadStore({ file: ':memory:' });
    try {
      await posts.projectInto(postStore, ALL_PROJECTIONS);
      const { items } = await readAuditTrail(postStore, posts, { subjectId: 'B', type: 'PersonAppointed', ...all }, { asOfPosition: posts.head }, 'zh');
      expect(items.map((i) => i.summary)).toEqual(['2018-03-01 任命乙为学校党委委员', '2018-03-01 任命乙为资产处班子成员']);
    } finally {
      await postStore.close();
    }
  });

  it('when an accountability decision is in the trail, then its summary never carries the rationale, and data is shaped only when a reader is given', async () => {
    const zh = await readAuditTrail(store, story, { subjectId: 'A', type: 'AccountabilityApplied', ...all }, head(), 'zh');
    expect(zh.items[0].summary).toBe('2021-07-01 党委纪委对甲问责（领导责任，第一种形态）：谈话提醒');
    const en = await readAuditTrail(store, story, { subjectId: 'A', type: 'AccountabilityApplied', ...all }, head(), 'en');
    expect(en.items[0].summary).not.toContain('机密理由');
    expect(zh.items[0].data).toMatchObject({ rationale: '机密理由', rationaleSalt: salt });
    const shaped = await readAuditTrail(store, story, { subjectId: 'A', type: 'AccountabilityApplied', ...all }, head(), 'zh', { canReadConfidential: false });
    expect(shaped.items[0].data.rationale).toEqual({ commitment: commitmentOf('机密理由', salt) });
    expect(shaped.items[0].data).not.toHaveProperty('rationaleSalt');
  });

  it('when an event carries a business date in its metadata, then that is its date, else the one its data names', async () => {
    const { items } = await readAuditTrail(store, story, { subjectId: 'd1', ...all }, head(), 'en');
    expect(items.map((i) => [i.type, i.businessDate])).toEqual([
      ['DutyAssigned', '2021-01-01'],
      ['DutyRevised', '2021-03-02'],
    ]);
  });

  it('when an event is on a guard stream, then it is in no trail', async () => {
    const { items } = await readAuditTrail(store, story, { subjectId: 'branch', type: 'AnnualMeetingClaimed', ...all }, head(), 'zh');
    expect(items).toEqual([]);
  });

  it('when read as of a position, then later events are invisible', async () => {
    const { items } = await readAuditTrail(store, story, { subjectId: 'branch', ...all }, { asOfPosition: renamed - 10 }, 'zh');
    expect(items.map((i) => i.type)).toEqual(['UnitRegistered', 'PersonAppointed', 'FindingRaised']);
  });

  it('when limited to a record-time window, then only the events recorded in it (both ends inclusive)', async () => {
    const at = (position: number) => story.events.find((e) => e.position === position)!.recordedAt;
    const { items } = await readAuditTrail(store, story, { subjectId: 'branch', from: at(raised), to: at(renamed), ...all }, head(), 'zh');
    expect(items.map((i) => i.position)).toEqual([raised, renamed]);
  });

  it('when a page holds more events than are read from the log at once, then at most 50 reads are in flight and the events come back in order, none lost', async () => {
    const many = new Story();
    many.record('unit-u', 'UnitRegistered', { unitId: 'u', name: 'U', kind: 'general-branch', effectiveFrom: '2018-01-01' });
    for (let i = 0; i < 120; i++) many.record('unit-u', 'UnitRenamed', { unitId: 'u', name: `U${i}`, effectiveFrom: '2019-01-01' });
    const manyStore = new SqliteReadStore({ file: ':memory:' });
    try {
      await many.projectInto(manyStore, ALL_PROJECTIONS);
      let inFlight = 0;
      let most = 0;
      const log = {
        readAt: async (position: number) => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          return many.readAt(position);
        },
      };
      const { items, nextCursor } = await readAuditTrail(manyStore, log, { subjectId: 'u', limit: 1000 }, { asOfPosition: many.head }, 'en');
      expect(items.map((i) => i.position)).toEqual(many.events.map((e) => e.position));
      expect(nextCursor).toBeNull();
      expect(most).toBe(50);
    } finally {
      await manyStore.close();
    }
  });

  it('when paged, then oldest first, each entry once, and a null cursor on the last page', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await readAuditTrail(store, story, { subjectId: 'branch', limit: 3, cursor }, head(), 'zh');
      seen.push(...page.items.map((i) => i.position));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toHaveLength(4);
    const first = await readAuditTrail(store, story, { subjectId: 'branch', limit: 4 }, head(), 'zh');
    expect(first.nextCursor).toBeNull();
  });
});
