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
});
