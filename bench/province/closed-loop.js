// Performing and checking the duties (履责, 督责, 问责, 考责): meetings, reports, findings with their rectification,
// accountability for relapses, and the yearly assessment of every unit.
const { isPartyOrganisation } = require('./units');

const SOURCES = ['inspection', 'special-check', 'audit', 'supervision', 'petition', 'self-check'];
const TAGS = ['procurement', 'construction', 'research-funds', 'research-projects', 'cadre-selection', 'admissions', 'special-funds'];
const METHODS = ['document-review', 'interview-evaluation', 'debriefing', 'on-site-check'];
const FINDINGS_PER_INSTITUTION = 14;

const day = (y, fromMonth, toMonth, random) => {
  const month = fromMonth + random.int(toMonth - fromMonth + 1);
  return `${y}-${String(month).padStart(2, '0')}-${String(1 + random.int(28)).padStart(2, '0')}`;
};
const seated = (slots) => slots.map((s) => s.personId);

/** The committee's three annual meetings (each claimed once a year in its guard stream). */
async function committeeMeeting(story, inst, y, kind, heldOn) {
  const { committee } = inst;
  const [chair, ...others] = committee.slots;
  await story.cmd({
    type: 'HoldMeeting',
    meetingId: `${committee.unitId}-m-${y}-${kind}`,
    unitId: committee.unitId,
    kind,
    heldOn,
    chairPersonId: chair.personId,
    attendeePersonIds: [...seated(others), ...seated(inst.dc.slots)],
    agenda: ['传达学习上级精神', '研究部署全面从严治党工作'],
    decisions: kind === 'annual-deployment' ? ['通过年度责任清单'] : [],
    dutyIds: [committee.duty[y], `${inst.id}-${y}-first`],
  });
}

async function regularMeeting(story, inst, y, heldOn) {
  const [chair] = inst.committee.slots;
  await story.cmd({ type: 'HoldMeeting', meetingId: `${inst.id}-m-${heldOn}-regular`, unitId: inst.id, kind: 'secretaries-regular', heldOn, chairPersonId: chair.personId, attendeePersonIds: [], agenda: ['书记例会'], decisions: [], dutyIds: [] });
}

/** A secondary Party organisation's "three meetings", chaired by its secretary. */
async function unitMeetings(story, inst, y, kind, heldOn) {
  for (const unit of inst.sub.filter(isPartyOrganisation)) {
    await story.cmd({
      type: 'HoldMeeting',
      meetingId: `${unit.unitId}-m-${y}-${kind}`,
      unitId: unit.unitId,
      kind,
      heldOn,
      chairPersonId: unit.slots[0].personId,
      attendeePersonIds: seated(unit.slots.slice(1)),
      agenda: ['研究落实年度责任清单'],
      decisions: [],
      dutyIds: [unit.duty[y]],
    });
  }
}

/** 三报告: the committee's written report, the secretary's and each member's, and every unit's. */
async function reports(story, inst, y, submittedOn) {
  const { committee } = inst;
  const report = (reportId, terms) => story.cmd({ type: 'SubmitReport', reportId: `${reportId}-r-${y}`, year: y, submittedOn, summary: `${y}年度履责情况报告`, ...terms });
  const recipient = inst.id === 'prov' ? {} : { recipientUnitId: 'prov' };
  await report(`${committee.unitId}-written`, { kind: 'written-report', authorUnitId: committee.unitId, ...recipient, dutyIds: [committee.duty[y]] });
  await report(`${committee.unitId}-secretary`, { kind: 'secretary-report', authorUnitId: committee.unitId, authorPersonId: committee.slots[0].personId, dutyIds: [`${inst.id}-${y}-first`] });
  for (const duty of inst.duties[y].filter((d) => d.dutyId.includes('-dual') && d.seat?.unitId === committee.unitId)) {
    await report(`${duty.dutyId}-member`, { kind: 'member-report', authorPersonId: duty.seat.personId, dutyIds: [duty.dutyId] });
  }
  for (const unit of inst.sub) {
    await report(`${unit.unitId}-written`, { kind: 'written-report', authorUnitId: unit.unitId, recipientUnitId: committee.unitId, dutyIds: [unit.duty[y]] });
    if (isPartyOrganisation(unit)) await report(`${unit.unitId}-staff`, { kind: 'staff-report', authorUnitId: unit.unitId, dutyIds: [unit.duty[y]] });
  }
}

/** 督责: the discipline committee (or, for an inspection, the province's) raises findings on units. */
async function raiseFindings(story, inst, y) {
  const { random } = story;
  const findings = ((inst.findings ??= {})[y] = []);
  for (let k = 0; k < FINDINGS_PER_INSTITUTION; k++) {
    const unit = random.pick(inst.sub);
    const source = random.pick(SOURCES);
    const person = random.chance(0.6) ? unit.slots[0].personId : undefined;
    const finding = { findingId: `${inst.id}-f-${y}-${String(k).padStart(2, '0')}`, unit, person, dutyId: unit.duty[y], occurredOn: day(y, 3, 6, random) };
    await story.cmd({
      type: 'RaiseFinding',
      findingId: finding.findingId,
      source,
      raisedByUnitId: source === 'inspection' ? 'prov-dc' : inst.dc.unitId,
      subjectUnitId: unit.unitId,
      ...(person ? { subjectPersonId: person } : {}),
      area: random.chance(0.8) ? 'integrity' : 'conduct',
      tags: random.sample(TAGS, 1 + random.int(2)),
      severity: random.pick(['low', 'medium', 'medium', 'high']),
      description: `${unit.name}存在的问题（${source}）`,
      occurredOn: finding.occurredOn,
      dutyIds: [finding.dutyId],
    });
    findings.push(finding);
  }
}

async function planRectifications(story, inst, y) {
  for (const f of inst.findings[y]) {
    f.plannedOn = `${y}-07-${String(1 + story.random.int(15)).padStart(2, '0')}`;
    const deadline = day(y, 9, 10, story.random);
    await story.cmd({ type: 'PlanRectification', findingId: f.findingId, plannedOn: f.plannedOn, measures: ['建立整改台账', '完善制度'], deadline, responsiblePersonId: f.unit.slots[0].personId });
  }
}

/** Most are completed by their deadline; a few are left overdue. */
async function completeRectifications(story, inst, y) {
  for (const f of inst.findings[y]) {
    if (story.random.chance(0.08)) continue;
    f.completedOn = day(y, 8, 10, story.random);
    if (f.completedOn < f.plannedOn) f.completedOn = f.plannedOn;
    await story.cmd({ type: 'CompleteRectification', findingId: f.findingId, completedOn: f.completedOn, evidence: '整改报告' });
  }
}

/** 回头看: most rectifications hold; some relapse, which reopens the finding. */
async function followUps(story, inst, y) {
  for (const f of inst.findings[y]) {
    if (!f.completedOn) continue;
    f.outcome = story.random.chance(0.12) ? 'relapsed' : 'sustained';
    await story.cmd({ type: 'ReviewFollowUp', findingId: f.findingId, reviewedOn: day(y, 11, 11, story.random), outcome: f.outcome });
  }
}

/** 一案双查 on every relapse: the person answering directly, and the committee member whose portfolio holds the unit. */
async function accountability(story, inst, y, decidedOn) {
  const cases = ((inst.cases ??= {})[y] = []);
  for (const f of inst.findings[y].filter((x) => x.outcome === 'relapsed')) {
    const base = { type: 'ApplyAccountability', findingIds: [f.findingId], decidedByUnitId: inst.dc.unitId, decidedOn };
    if (f.person) {
      cases.push(`${f.findingId}-direct`);
      await story.cmd({ ...base, caseId: `${f.findingId}-direct`, subjectPersonId: f.person, role: 'direct', form: 2, measure: 'warning', rationale: '整改后问题反弹，负直接责任', dutyIds: [f.dutyId] });
    } else {
      cases.push(`${f.findingId}-unit`);
      await story.cmd({ ...base, caseId: `${f.findingId}-unit`, subjectUnitId: f.unit.unitId, role: 'direct', form: 1, measure: 'circulated-criticism', rationale: '单位整改不力', dutyIds: [f.dutyId] });
    }
    const portfolio = inst.duties[y].find((d) => d.scopeUnitIds?.includes(f.unit.unitId) && d.seat?.unitId === inst.id);
    if (portfolio) {
      cases.push(`${f.findingId}-leadership`);
      await story.cmd({ ...base, caseId: `${f.findingId}-leadership`, subjectPersonId: portfolio.seat.personId, role: 'leadership', form: 1, measure: 'talk-reminder', rationale: '分管领域问题反弹，负领导责任', dutyIds: [portfolio.dutyId] });
    }
  }
}

/** Rectifications that held are signed off (销号). */
async function closeFindings(story, inst, y, closedOn) {
  for (const f of inst.findings[y].filter((x) => x.outcome === 'sustained')) await story.cmd({ type: 'CloseFinding', findingId: f.findingId, closedOn, reason: '整改到位，复查销号' });
}

/** 考责: every unit of the institution is assessed for last year by its committee; the province assesses committees. */
async function assessments(story, inst, year, assessedOn) {
  const subjects = inst.id === 'prov' ? story.institutions.map((i) => i.committee) : inst.sub;
  const findingsOf = (unitId) => (inst.findings?.[year] ?? []).filter((f) => f.unit.unitId === unitId).map((f) => f.findingId);
  for (const unit of subjects) {
    const assessmentId = `${unit.unitId}-a-${year}`;
    unit.assessment = { ...unit.assessment, [year]: assessmentId };
    await story.cmd({
      type: 'RecordAssessment',
      assessmentId,
      subjectUnitId: unit.unitId,
      year,
      methods: story.random.sample(METHODS, 1 + story.random.int(3)),
      rating: story.random.pick(['excellent', 'good', 'good', 'fair', 'poor']),
      dutyIds: [unit.duty[year]],
      findingIds: findingsOf(unit.unitId),
      assessedByUnitId: inst.committee.unitId,
      assessedOn,
    });
  }
}

/** Spring corrections to last year: a few assessments superseded, a few accountability decisions revoked. */
async function corrections(story, inst, year, date) {
  const subjects = inst.id === 'prov' ? story.institutions.map((i) => i.committee) : inst.sub;
  for (const unit of subjects) {
    if (!story.random.chance(0.03)) continue;
    const supersedes = unit.assessment[year];
    const assessmentId = `${unit.unitId}-a-${year}-r`;
    await story.cmd({ type: 'RecordAssessment', assessmentId, subjectUnitId: unit.unitId, year, methods: ['document-review'], rating: 'fair', dutyIds: [unit.duty[year]], findingIds: [], assessedByUnitId: inst.committee.unitId, assessedOn: date, supersedes });
    unit.assessment[year] = assessmentId;
  }
  for (const caseId of inst.cases?.[year] ?? []) {
    if (story.random.chance(0.05)) await story.cmd({ type: 'RevokeAccountability', caseId, revokedOn: date, reason: '复查后撤销' });
  }
}

module.exports = { committeeMeeting, regularMeeting, unitMeetings, reports, raiseFindings, planRectifications, completeRectifications, followUps, accountability, closeFindings, assessments, corrections };
