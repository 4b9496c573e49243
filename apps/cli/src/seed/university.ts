import type { AccountabilityCommand } from '@duty-ledger/domain/accountability/accountability.decider';
import type { AssessmentCommand } from '@duty-ledger/domain/assessment/assessment.decider';
import type { DutyCommand } from '@duty-ledger/domain/duty/duty.decider';
import type { FindingCommand } from '@duty-ledger/domain/finding/finding.decider';
import type { MeetingCommand } from '@duty-ledger/domain/meeting/meeting.decider';
import type { PersonCommand } from '@duty-ledger/domain/person/person.decider';
import type { AppointmentCommand } from '@duty-ledger/domain/person/appointment.decider';
import type { ReportCommand } from '@duty-ledger/domain/report/report.decider';
import type { UnitCommand } from '@duty-ledger/domain/unit/unit.decider';

export type SeedCommand = UnitCommand | PersonCommand | AppointmentCommand | DutyCommand | MeetingCommand | ReportCommand | FindingCommand | AccountabilityCommand | AssessmentCommand;

const C = 'suhms-committee';
const DC = 'suhms-discipline';
const PHARMACY = 'pharmacy-college';
const PHARMACY_BRANCH = 'pharmacy-branch';
const NURSING_BRANCH = 'nursing-branch';
const ASSETS = 'assets-office';
const SCHOOL = 'health-school';
const ADOPTED = '2019-01-14'; // the 2019 measures were adopted at the committee meeting of 14 January 2019 (沪健医委〔2019〕5号)

const duty = (dutyId: string, terms: Omit<Extract<DutyCommand, { type: 'AssignDuty' }>, 'type' | 'dutyId' | 'tags' | 'scopeUnitIds' | 'year' | 'effectiveFrom'> & Partial<Extract<DutyCommand, { type: 'AssignDuty' }>>): DutyCommand => ({
  type: 'AssignDuty',
  dutyId,
  tags: [],
  scopeUnitIds: [],
  year: 2019,
  effectiveFrom: ADOPTED,
  ...terms,
});

/**
 * A university built from the seed document (the 2019 "four responsibilities in concert" measures): the committee,
 * its discipline committee, colleges, branches, a department and the affiliated school; the four responsibilities
 * assigned and delegated; a year of meetings and reports; two inspections with findings, one of which relapses;
 * accountability in two forms under "one case, two investigations"; an assessment; and a change of secretary.
 */
export const UNIVERSITY: readonly SeedCommand[] = [
  { type: 'RegisterUnit', unitId: C, name: '中共上海健康医学院委员会', kind: 'party-committee', effectiveFrom: '2018-01-01' },
  { type: 'RegisterUnit', unitId: DC, name: '中共上海健康医学院纪律检查委员会', kind: 'discipline-committee', parentUnitId: C, effectiveFrom: '2018-01-01' },
  { type: 'RegisterUnit', unitId: PHARMACY, name: '药学院', kind: 'college', parentUnitId: C, effectiveFrom: '2018-01-01' },
  { type: 'RegisterUnit', unitId: PHARMACY_BRANCH, name: '药学院党总支', kind: 'general-branch', parentUnitId: C, effectiveFrom: '2018-01-01' },
  { type: 'RegisterUnit', unitId: NURSING_BRANCH, name: '护理与健康管理学院党总支', kind: 'general-branch', parentUnitId: C, effectiveFrom: '2018-01-01' },
  { type: 'RegisterUnit', unitId: ASSETS, name: '资产与实验室管理处', kind: 'department', parentUnitId: C, effectiveFrom: '2018-01-01' },
  { type: 'RegisterUnit', unitId: SCHOOL, name: '附属卫生学校', kind: 'affiliated-school', parentUnitId: C, effectiveFrom: '2018-01-01' },

  ...(
    [
      ['wang', '王建华'],
      ['li', '李文清'],
      ['zhao', '赵立新'],
      ['chen', '陈明'],
      ['zhou', '周敏'],
      ['sun', '孙海'],
      ['wu', '吴芳'],
    ] as const
  ).map(([personId, name]): SeedCommand => ({ type: 'RegisterPerson', personId, name })),
  { type: 'AppointPerson', personId: 'wang', unitId: C, post: 'secretary', effectiveFrom: '2018-03-01' },
  { type: 'AppointPerson', personId: 'chen', unitId: C, post: 'member', effectiveFrom: '2018-03-01' },
  { type: 'AppointPerson', personId: 'zhao', unitId: DC, post: 'discipline-secretary', effectiveFrom: '2018-03-01' },
  { type: 'AppointPerson', personId: 'zhou', unitId: PHARMACY_BRANCH, post: 'secretary', effectiveFrom: '2018-03-01' },
  { type: 'AppointPerson', personId: 'sun', unitId: ASSETS, post: 'head', effectiveFrom: '2018-03-01' },
  { type: 'AppointPerson', personId: 'wu', unitId: NURSING_BRANCH, post: 'secretary', effectiveFrom: '2018-03-01' },

  duty('2019-primary', { kind: 'primary', holder: { unitId: C }, area: 'integrity', title: '党委全面从严治党主体责任', items: ['把方向、管大局、保落实', '每年专题研究全面从严治党工作'] }),
  duty('2019-first', { kind: 'first', holder: { unitId: C, post: 'secretary' }, area: 'integrity', title: '党委书记第一责任', items: ['重要工作亲自部署、重大问题亲自过问、重要环节亲自协调、重要案件亲自督办'], parentDutyId: '2019-primary' }),
  duty('2019-supervisory', { kind: 'supervisory', holder: { unitId: DC }, area: 'integrity', title: '纪委监督责任', items: ['监督执纪问责', '协助党委推进全面从严治党'], parentDutyId: '2019-primary' }),
  duty('2019-dual-chen', {
    kind: 'dual',
    holder: { unitId: C, post: 'member' },
    area: 'integrity',
    title: '班子成员一岗双责（分管资产、药学院）',
    items: ['对分管领域党风廉政建设负领导责任'],
    scopeUnitIds: [ASSETS, PHARMACY, PHARMACY_BRANCH],
    tags: ['procurement', 'research-funds'],
    parentDutyId: '2019-primary',
  }),
  duty('2019-pharmacy-primary', { kind: 'primary', holder: { unitId: PHARMACY_BRANCH }, area: 'integrity', title: '药学院党总支主体责任', items: ['落实二级党组织主体责任'], parentDutyId: '2019-primary' }),
  duty('2019-pharmacy-first', { kind: 'first', holder: { unitId: PHARMACY_BRANCH, post: 'secretary' }, area: 'integrity', title: '总支书记第一责任', items: ['签订责任书，带头落实'], parentDutyId: '2019-first' }),
  duty('2019-nursing-primary', { kind: 'primary', holder: { unitId: NURSING_BRANCH }, area: 'integrity', title: '护理与健康管理学院党总支主体责任', items: ['落实二级党组织主体责任'], parentDutyId: '2019-primary' }),
  { type: 'AcknowledgeDuty', dutyId: '2019-first', personId: 'wang', acknowledgedOn: '2019-01-20' },
  { type: 'AcknowledgeDuty', dutyId: '2019-pharmacy-first', personId: 'zhou', acknowledgedOn: '2019-01-25' },
  { type: 'AcknowledgeDuty', dutyId: '2019-dual-chen', personId: 'chen', acknowledgedOn: '2019-01-22' },
  { type: 'AcknowledgeDuty', dutyId: '2019-pharmacy-primary', personId: 'zhou', acknowledgedOn: '2019-01-25' },

  { type: 'HoldMeeting', meetingId: 'm-2019-deployment', unitId: C, kind: 'annual-deployment', heldOn: ADOPTED, chairPersonId: 'wang', attendeePersonIds: ['chen', 'zhao'], agenda: ['部署2019年度全面从严治党工作'], decisions: ['贯彻落实《关于加强全面从严治党“四责协同”机制建设的实施办法（试行）》'], dutyIds: ['2019-primary', '2019-first'] },
  { type: 'HoldMeeting', meetingId: 'm-2019-midyear', unitId: C, kind: 'mid-year-review', heldOn: '2019-07-10', chairPersonId: 'wang', attendeePersonIds: ['chen', 'zhao'], agenda: ['责任落实检查推进'], decisions: [], dutyIds: ['2019-primary'] },
  { type: 'HoldMeeting', meetingId: 'm-2019-summary', unitId: C, kind: 'year-end-summary', heldOn: '2019-12-20', chairPersonId: 'wang', attendeePersonIds: ['chen', 'zhao', 'zhou'], agenda: ['年末总结（党建大会）'], decisions: [], dutyIds: ['2019-primary', '2019-first'] },
  { type: 'HoldMeeting', meetingId: 'm-2019-pharmacy-task', unitId: PHARMACY_BRANCH, kind: 'task-setting', heldOn: '2018-12-26', chairPersonId: 'zhou', attendeePersonIds: [], agenda: ['研讨制定2019年工作任务'], decisions: [], dutyIds: [] },
  { type: 'HoldMeeting', meetingId: 'm-2019-pharmacy-progress', unitId: PHARMACY_BRANCH, kind: 'progress-review', heldOn: '2019-06-20', chairPersonId: 'zhou', attendeePersonIds: [], agenda: ['落实推进'], decisions: [], dutyIds: ['2019-pharmacy-primary'] },
  { type: 'HoldMeeting', meetingId: 'm-2019-pharmacy-review', unitId: PHARMACY_BRANCH, kind: 'review-evaluation', heldOn: '2019-12-15', chairPersonId: 'zhou', attendeePersonIds: [], agenda: ['总结评议'], decisions: [], dutyIds: ['2019-pharmacy-primary', '2019-pharmacy-first'] },

  { type: 'SubmitReport', reportId: 'r-2019-committee-written', kind: 'written-report', authorUnitId: C, year: 2019, dutyIds: ['2019-primary'], summary: '2019年度落实全面从严治党主体责任情况的书面报告', submittedOn: '2019-12-28' },
  { type: 'SubmitReport', reportId: 'r-2019-secretary', kind: 'secretary-report', authorPersonId: 'wang', authorUnitId: C, year: 2019, dutyIds: ['2019-first'], summary: '党委书记述责报告', submittedOn: '2019-12-20' },
  { type: 'SubmitReport', reportId: 'r-2019-chen', kind: 'member-report', authorPersonId: 'chen', year: 2019, dutyIds: ['2019-dual-chen'], summary: '分管领域一岗双责情况报告', submittedOn: '2019-12-20' },
  { type: 'SubmitReport', reportId: 'r-2019-pharmacy-written', kind: 'written-report', authorUnitId: PHARMACY_BRANCH, recipientUnitId: C, year: 2019, dutyIds: ['2019-pharmacy-primary'], summary: '药学院党总支书面报告', submittedOn: '2019-12-18' },
  { type: 'SubmitReport', reportId: 'r-2019-pharmacy-staff', kind: 'staff-report', authorUnitId: PHARMACY_BRANCH, year: 2019, dutyIds: ['2019-pharmacy-primary'], summary: '向教职工报告', submittedOn: '2019-12-19' },

  { type: 'RaiseFinding', findingId: 'f-2019-procurement', source: 'inspection', raisedByUnitId: DC, subjectUnitId: ASSETS, subjectPersonId: 'sun', area: 'integrity', tags: ['procurement'], severity: 'high', description: '实验设备采购未按规定公开招标', occurredOn: '2019-05-10', dutyIds: ['2019-dual-chen'] },
  { type: 'PlanRectification', findingId: 'f-2019-procurement', plannedOn: '2019-06-01', measures: ['重新组织公开招标', '修订采购管理办法'], deadline: '2019-09-30', responsiblePersonId: 'sun' },
  { type: 'CompleteRectification', findingId: 'f-2019-procurement', completedOn: '2019-09-20', evidence: '整改报告及新采购办法' },
  { type: 'ReviewFollowUp', findingId: 'f-2019-procurement', reviewedOn: '2019-12-10', outcome: 'relapsed', notes: '回头看发现新增拆分采购' },
  { type: 'RaiseFinding', findingId: 'f-2019-research-funds', source: 'special-check', raisedByUnitId: DC, subjectUnitId: PHARMACY_BRANCH, area: 'integrity', tags: ['research-funds'], severity: 'medium', description: '科研经费报销审核不严', occurredOn: '2019-08-01', dutyIds: ['2019-pharmacy-primary'] },
  { type: 'PlanRectification', findingId: 'f-2019-research-funds', plannedOn: '2019-08-15', measures: ['完善报销审核流程'], deadline: '2019-10-31', responsiblePersonId: 'zhou' },
  { type: 'CompleteRectification', findingId: 'f-2019-research-funds', completedOn: '2019-10-20', evidence: '审核流程文件' },
  { type: 'ReviewFollowUp', findingId: 'f-2019-research-funds', reviewedOn: '2019-12-01', outcome: 'sustained' },

  { type: 'ApplyAccountability', caseId: 'k-2019-sun', findingIds: ['f-2019-procurement'], subjectPersonId: 'sun', role: 'direct', form: 2, measure: 'warning', decidedByUnitId: DC, decidedOn: '2019-12-20', rationale: '整改后问题反弹，负直接责任', dutyIds: [] },
  { type: 'ApplyAccountability', caseId: 'k-2019-chen', findingIds: ['f-2019-procurement'], subjectPersonId: 'chen', role: 'leadership', form: 1, measure: 'talk-reminder', decidedByUnitId: DC, decidedOn: '2019-12-22', rationale: '分管领域问题反弹，负领导责任（一案双查）', dutyIds: ['2019-dual-chen'] },
  { type: 'ApplyAccountability', caseId: 'k-2019-zhou', findingIds: ['f-2019-research-funds'], subjectPersonId: 'zhou', role: 'leadership', form: 1, measure: 'criticism', decidedByUnitId: DC, decidedOn: '2019-12-05', rationale: '审核把关不严', dutyIds: ['2019-pharmacy-first'] },

  { type: 'RecordAssessment', assessmentId: 'a-2019-pharmacy', subjectUnitId: PHARMACY_BRANCH, year: 2019, methods: ['document-review', 'interview-evaluation', 'debriefing'], rating: 'good', dutyIds: ['2019-pharmacy-primary', '2019-pharmacy-first'], findingIds: ['f-2019-research-funds'], assessedByUnitId: C, assessedOn: '2020-01-15' },

  { type: 'RelievePerson', personId: 'wang', unitId: C, post: 'secretary', effectiveFrom: '2020-09-01' },
  { type: 'AppointPerson', personId: 'li', unitId: C, post: 'secretary', effectiveFrom: '2020-09-01' },
];
