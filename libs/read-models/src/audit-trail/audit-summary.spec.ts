import { summarize, type Names } from './audit-summary';

const names: Names = { unit: (id) => `unit ${String(id)}`, person: (id) => `person ${String(id)}`, duty: (id) => `duty ${String(id)}` };

const samples: [string, Record<string, unknown>][] = [
  ['UnitRegistered', { unitId: 'u', name: '药学总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' }],
  ['UnitRenamed', { unitId: 'u', name: 'n', effectiveFrom: '2019-01-01' }],
  ['UnitMoved', { unitId: 'u', parentUnitId: 'p', effectiveFrom: '2019-01-01' }],
  ['UnitDissolved', { unitId: 'u', effectiveFrom: '2019-01-01', reason: 'r' }],
  ['PersonRegistered', { personId: 'A', name: '甲' }],
  ['PersonAppointed', { personId: 'A', unitId: 'u', post: 'secretary', effectiveFrom: '2019-01-01' }],
  ['PersonRelieved', { personId: 'A', unitId: 'u', post: 'secretary', effectiveFrom: '2019-01-01' }],
  ['DutyAssigned', { dutyId: 'd', kind: 'dual', holder: { unitId: 'u', post: 'member' }, area: 'integrity', title: 't', effectiveFrom: '2019-01-01' }],
  ['DutyAcknowledged', { dutyId: 'd', personId: 'A', acknowledgedOn: '2019-01-01' }],
  ['DutyReassigned', { dutyId: 'd', holder: { unitId: 'u' }, effectiveFrom: '2019-01-01', reason: 'r' }],
  ['DutyRevised', { dutyId: 'd', title: 't' }],
  ['DutyClosed', { dutyId: 'd', effectiveFrom: '2019-01-01', reason: 'r' }],
  ['MeetingHeld', { meetingId: 'm', unitId: 'u', kind: 'task-setting', heldOn: '2019-12-20' }],
  ['ReportSubmitted', { reportId: 'r', kind: 'staff-report', authorUnitId: 'u', year: 2019, submittedOn: '2019-12-20' }],
  ['FindingRaised', { findingId: 'f', source: 'petition', raisedByUnitId: 'k', subjectUnitId: 'u', description: 'x'.repeat(200), occurredOn: '2019-01-01' }],
  ['RectificationPlanned', { findingId: 'f', plannedOn: '2019-01-01', deadline: '2019-03-01', responsiblePersonId: 'A' }],
  ['RectificationCompleted', { findingId: 'f', completedOn: '2019-01-01', evidence: 'e' }],
  ['FollowUpReviewed', { findingId: 'f', reviewedOn: '2019-01-01', outcome: 'sustained' }],
  ['FindingReopened', { findingId: 'f', reopenedOn: '2019-01-01' }],
  ['FindingClosed', { findingId: 'f', closedOn: '2019-01-01', reason: 'r' }],
  ['AssessmentRecorded', { assessmentId: 'a', subjectPersonId: 'A', year: 2019, methods: ['debriefing'], rating: 'good', assessedByUnitId: 'c', assessedOn: '2020-01-10' }],
  ['AccountabilityApplied', { caseId: 'c', subjectUnitId: 'u', role: 'direct', form: 2, measure: 'organisational-adjustment', decidedByUnitId: 'k', decidedOn: '2020-01-01', rationale: 'SECRET', rationaleSalt: 'SALT' }],
  ['AccountabilityRevoked', { caseId: 'c', revokedOn: '2020-02-01', reason: 'r' }],
];

describe('audit summaries', () => {
  it.each(samples)('when a %s is summarised, then a line in each language, the English with a Chinese term beside it, and no confidential value', (type, data) => {
    const date = (data.effectiveFrom ?? data.occurredOn ?? null) as string | null;
    const zh = summarize(type, data, date, names, 'zh');
    const en = summarize(type, data, date, names, 'en');
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).toMatch(/[A-Za-z]/);
    expect(en).toMatch(/[\u4e00-\u9fff]/);
    expect(zh + en).not.toMatch(/SECRET|SALT|undefined|\[object/);
    expect(zh.length).toBeLessThan(200);
  });

  it('when the event has a business date, then the line starts with it; an unknown type reads as its name', () => {
    expect(summarize('FindingReopened', {}, '2021-06-01', names, 'zh')).toBe('2021-06-01 问题反弹，重新整改');
    expect(summarize('SomethingNew', {}, null, names, 'en')).toBe('SomethingNew');
  });

  describe('in Chinese, as a committee writes it', () => {
    const UNITS: Record<string, [string, string]> = {
      c: ['学校党委', 'party-committee'],
      k: ['学校纪委', 'discipline-committee'],
      b: ['药学院党总支', 'general-branch'],
      o: ['资产处', 'department'],
    };
    const PEOPLE: Record<string, string> = { A: '王建华', B: '孙海' };
    const zhNames: Names = {
      unit: (id) => UNITS[String(id)]?.[0] ?? String(id),
      unitKind: (id) => UNITS[String(id)]?.[1],
      person: (id) => PEOPLE[String(id)] ?? String(id),
      duty: () => '党委全面从严治党主体责任',
    };
    const line = (type: string, data: Record<string, unknown>) => summarize(type, data, null, zhNames, 'zh');

    it.each([
      ['UnitRegistered', { unitId: 'x', name: '药学院', kind: 'college', parentUnitId: 'c' }, '设立药学院（学院（部、中心），隶属学校党委）'],
      ['UnitRenamed', { unitId: 'b', name: '药学院党委', effectiveFrom: '2021-01-01' }, '药学院党总支更名为药学院党委'],
      ['UnitMoved', { unitId: 'o', parentUnitId: 'b' }, '资产处改为隶属药学院党总支'],
      ['UnitDissolved', { unitId: 'o', reason: '机构调整' }, '撤销资产处：机构调整'],
      ['PersonRegistered', { personId: 'A', name: '王建华' }, '登记人员王建华'],
      ['PersonAppointed', { personId: 'A', unitId: 'c', post: 'secretary' }, '任命王建华为学校党委书记'],
      ['PersonAppointed', { personId: 'A', unitId: 'c', post: 'member' }, '任命王建华为学校党委委员'],
      ['PersonAppointed', { personId: 'B', unitId: 'o', post: 'member' }, '任命孙海为资产处班子成员'],
      ['PersonAppointed', { personId: 'B', unitId: 'o', post: 'head' }, '任命孙海为资产处行政负责人'],
      ['PersonRelieved', { personId: 'B', unitId: 'o', post: 'deputy-head' }, '免去孙海资产处行政副职职务'],
      ['DutyAssigned', { kind: 'primary', holder: { unitId: 'b' }, area: 'integrity', title: '药学院党总支主体责任' }, '明确药学院党总支主体责任（党风廉政建设和党内监督工作）：药学院党总支主体责任'],
      ['DutyAssigned', { kind: 'first', holder: { unitId: 'b', post: 'secretary' }, area: 'ideology', title: '总支书记第一责任' }, '明确药学院党总支书记第一责任（意识形态工作）：总支书记第一责任'],
      ['DutyAssigned', { kind: 'supervisory', holder: { unitId: 'k' }, area: 'integrity', title: '纪委监督责任' }, '明确学校纪委监督责任（党风廉政建设和党内监督工作）：纪委监督责任'],
      ['DutyAssigned', { kind: 'dual', holder: { unitId: 'c', post: 'member' }, area: 'party-building', title: '分管资产' }, '明确学校党委委员一岗双责（基层党建工作）：分管资产'],
      ['DutyAcknowledged', { dutyId: 'd', personId: 'A' }, '王建华签订责任书：党委全面从严治党主体责任'],
      ['DutyReassigned', { dutyId: 'd', holder: { unitId: 'b' }, reason: '职能调整' }, '责任“党委全面从严治党主体责任”调整由药学院党总支承担：职能调整'],
      ['DutyRevised', { dutyId: 'd' }, '修订责任“党委全面从严治党主体责任”'],
      ['DutyClosed', { dutyId: 'd', reason: '年度结束' }, '终止责任“党委全面从严治党主体责任”：年度结束'],
      ['MeetingHeld', { unitId: 'b', kind: 'task-setting' }, '药学院党总支召开工作任务研讨制定会议'],
      ['ReportSubmitted', { kind: 'written-report', authorUnitId: 'b', recipientUnitId: 'c', year: 2019 }, '药学院党总支向学校党委提交2019年度书面报告'],
      ['ReportSubmitted', { kind: 'secretary-report', authorUnitId: 'c', authorPersonId: 'A', year: 2019 }, '学校党委王建华提交2019年度书记述责报告'],
      ['ReportSubmitted', { kind: 'staff-report', authorUnitId: 'b', year: 2019 }, '药学院党总支向教职工报告2019年度全面从严治党主体责任落实情况'],
      ['FindingRaised', { source: 'inspection', raisedByUnitId: 'k', subjectUnitId: 'o', subjectPersonId: 'B', description: '采购未按规定公开招标' }, '学校纪委经巡察发现资产处孙海存在问题：采购未按规定公开招标'],
      ['RectificationPlanned', { deadline: '2019-09-30', responsiblePersonId: 'B' }, '制定整改方案，整改时限为2019年9月30日，责任人为孙海'],
      ['RectificationCompleted', {}, '整改完成'],
      ['FollowUpReviewed', { outcome: 'sustained' }, '开展“回头看”：整改巩固'],
      ['FollowUpReviewed', { outcome: 'relapsed' }, '开展“回头看”：问题反弹'],
      ['FindingClosed', { reason: '已移交' }, '问题关闭：已移交'],
      ['AssessmentRecorded', { subjectUnitId: 'b', year: 2019, methods: ['document-review', 'debriefing'], rating: 'good', assessedByUnitId: 'c' }, '学校党委对药学院党总支开展2019年度考核（查阅材料、述职评议），评定为良好'],
      ['AccountabilityApplied', { subjectPersonId: 'B', role: 'direct', form: 2, measure: 'warning', decidedByUnitId: 'k', rationale: 'SECRET' }, '学校纪委对孙海问责（直接责任，第二种形态）：警告'],
      ['AccountabilityRevoked', { reason: '复查撤销' }, '撤销问责决定：复查撤销'],
    ])('when a %s is summarised, then it reads %#', (type, data, expected) => {
      expect(line(type, data)).toBe(expected);
    });

    it('when a general branch holds a primary duty, then it is not called the committee’s (党委主体责任)', () => {
      const text = line('DutyAssigned', { kind: 'primary', holder: { unitId: 'b' }, area: 'integrity', title: 't' });
      expect(text).not.toContain('党委主体责任');
      expect(text).not.toContain('党委书记第一责任');
    });

    it('when the unit’s kind is not known, then a member is a 班子成员, and no post label reads with a slash', () => {
      const text = summarize('PersonAppointed', { personId: 'A', unitId: 'c', post: 'member' }, null, { ...zhNames, unitKind: undefined }, 'zh');
      expect(text).toBe('任命王建华为学校党委班子成员');
      for (const post of ['secretary', 'deputy-secretary', 'discipline-secretary', 'member', 'head', 'deputy-head']) {
        expect(line('PersonAppointed', { personId: 'A', unitId: 'o', post })).not.toContain('/');
      }
    });

    it('when any event is summarised in Chinese, then no space or half-width punctuation sits inside the sentence', () => {
      for (const [type, data] of samples) {
        const text = summarize(type, data, null, zhNames, 'zh');
        expect(text).not.toMatch(/[(),:;]| /);
      }
    });
  });
});
