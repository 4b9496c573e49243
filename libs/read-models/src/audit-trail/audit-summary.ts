import { dayBefore } from '@duty-ledger/domain/shared/dates';
import {
  ACCOUNTABILITY_ROLES,
  ASSESSMENT_METHODS,
  DUTY_AREAS,
  FINDING_SOURCES,
  FOLLOW_UP_OUTCOMES,
  FORM_LABELS_ZH,
  MEASURES,
  MEETING_KINDS,
  POSTS,
  RATINGS,
  REPORT_KINDS,
  RESPONSIBILITY_TERMS_ZH,
  UNIT_KINDS,
  type Form,
  type ResponsibilityKind,
} from '@duty-ledger/domain/shared/vocabulary';

export type Lang = 'zh' | 'en';

/** Names as recorded at the entry's position: units by id (optionally on a date), people and duty titles by id; the id when unknown. */
export interface Names {
  unit(unitId: unknown, on?: string): string;
  person(personId: unknown): string;
  duty(dutyId: unknown): string;
  /** The unit's kind, when known: a post reads differently in a Party organisation and in a department. */
  unitKind?(unitId: unknown): string | undefined;
}

/** A Chinese label of a closed list, or the value itself. */
const zh = (labels: Record<string, string>, value: unknown): string => labels[String(value)] ?? String(value);
/** English with the Chinese term beside it once: "inspection, 巡察". */
const both = (labels: Record<string, string>, value: unknown): string => (labels[String(value)] ? `${String(value)}, ${labels[String(value)]}` : String(value));

const EXCERPT = 60;
/** Free text is cut short: a summary is a line, the data carries the whole. */
const excerpt = (text: unknown): string => {
  const s = String(text ?? '');
  return s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s;
};

type Data = Record<string, unknown>;
type Line = (d: Data, n: Names, date: string) => { zh: string; en: string };

/** 2019-09-30 → 2019年9月30日: dates inside a Chinese sentence are written as the committee writes them. */
const dateZh = (date: unknown): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date));
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : String(date);
};

/**
 * A post as a sentence names it: a member of a Party organisation or the discipline committee is its 委员, of another
 * unit a 班子成员; a head or deputy head is its 行政负责人 / 行政副职 (DOMAIN's label "院长/处长/主任" lists the
 * titles, which differ by unit, and a slash does not belong in a sentence).
 */
export const postZh = (post: unknown, unitKind: string | undefined): string => {
  switch (post) {
    case 'member':
      return unitKind !== undefined && ['party-committee', 'general-branch', 'branch', 'discipline-committee'].includes(unitKind) ? '委员' : '班子成员';
    case 'head':
      return '行政负责人';
    case 'deputy-head':
      return '行政副职';
    default:
      return zh(POSTS.labelZh, post);
  }
};
const inPostZh = (unitId: unknown, post: unknown, n: Names, on: string) => `${n.unit(unitId, on)}${post ? postZh(post, n.unitKind?.(unitId)) : ''}`;

const holderZh = (d: Data, n: Names, on: string) => {
  const h = (d.holder ?? {}) as { unitId?: string; post?: string };
  return inPostZh(h.unitId, h.post, n, on);
};
const holderEn = (d: Data, n: Names, on: string) => {
  const h = (d.holder ?? {}) as { unitId?: string; post?: string };
  return h.post ? `the ${h.post} of ${n.unit(h.unitId, on)}` : n.unit(h.unitId, on);
};
/** The seed's short name of a responsibility ("主体责任"): the full label says 党委, which a branch is not. */
const termZh = (kind: unknown) => zh(RESPONSIBILITY_TERMS_ZH, kind);
const termEn = (kind: unknown) => (RESPONSIBILITY_TERMS_ZH[kind as ResponsibilityKind] ? `${String(kind)}, ${RESPONSIBILITY_TERMS_ZH[kind as ResponsibilityKind]}` : String(kind));
const subject = (d: Data, n: Names, on: string) => (d.subjectPersonId !== undefined ? n.person(d.subjectPersonId) : n.unit(d.subjectUnitId, on));
const author = (d: Data, n: Names, on: string, sep: string) => [d.authorUnitId !== undefined ? n.unit(d.authorUnitId, on) : '', d.authorPersonId !== undefined ? n.person(d.authorPersonId) : ''].filter(Boolean).join(sep);
const title = (d: Data, n: Names) => `“${n.duty(d.dutyId)}”`;

/** A report in a sentence: the staff report is made to the staff (向本单位教职工报告), the others are submitted. */
const reportZh = (d: Data, n: Names, on: string) =>
  d.kind === 'staff-report'
    ? `${author(d, n, on, '')}向教职工报告${String(d.year)}年度全面从严治党主体责任落实情况`
    : `${author(d, n, on, '')}${d.recipientUnitId !== undefined ? `向${n.unit(d.recipientUnitId, on)}` : ''}提交${String(d.year)}年度${zh(REPORT_KINDS.labelZh, d.kind)}`;

/**
 * One line per event type in DOMAIN's terms. Never a confidential value: an accountability decision's rationale is
 * left out (API.md), as are notes and evidence beyond an excerpt. The Chinese is written as Chinese is: no spaces
 * between words, full-width punctuation, dates as 年月日 inside a sentence.
 */
const LINES: Record<string, Line> = {
  UnitRegistered: (d, n, on) => ({
    zh: `设立${String(d.name)}（${zh(UNIT_KINDS.labelZh, d.kind)}${d.parentUnitId ? `，隶属${n.unit(d.parentUnitId, on)}` : ''}）`,
    en: `Registered ${String(d.name)} (${both(UNIT_KINDS.labelZh, d.kind)})${d.parentUnitId ? ` under ${n.unit(d.parentUnitId, on)}` : ''}`,
  }),
  UnitRenamed: (d, n, on) => ({ zh: `${n.unit(d.unitId, dayBefore(on))}更名为${String(d.name)}`, en: `Renamed ${n.unit(d.unitId, dayBefore(on))} to ${String(d.name)} (更名)` }),
  UnitMoved: (d, n, on) => ({ zh: `${n.unit(d.unitId, on)}改为隶属${n.unit(d.parentUnitId, on)}`, en: `Moved ${n.unit(d.unitId, on)} under ${n.unit(d.parentUnitId, on)} (隶属调整)` }),
  UnitDissolved: (d, n, on) => ({ zh: `撤销${n.unit(d.unitId, dayBefore(on))}：${excerpt(d.reason)}`, en: `Dissolved ${n.unit(d.unitId, dayBefore(on))} (撤销): ${excerpt(d.reason)}` }),
  PersonRegistered: (d) => ({ zh: `登记人员${String(d.name)}`, en: `Registered person ${String(d.name)} (人员)` }),
  PersonAppointed: (d, n, on) => ({
    zh: `任命${n.person(d.personId)}为${inPostZh(d.unitId, d.post, n, on)}`,
    en: `Appointed ${n.person(d.personId)} ${both(POSTS.labelZh, d.post)} of ${n.unit(d.unitId, on)}`,
  }),
  PersonRelieved: (d, n, on) => ({
    zh: `免去${n.person(d.personId)}${inPostZh(d.unitId, d.post, n, on)}职务`,
    en: `Relieved ${n.person(d.personId)} as ${both(POSTS.labelZh, d.post)} of ${n.unit(d.unitId, on)}`,
  }),
  DutyAssigned: (d, n, on) => ({
    zh: `明确${holderZh(d, n, on)}${termZh(d.kind)}（${zh(DUTY_AREAS.labelZh, d.area)}）：${excerpt(d.title)}`,
    en: `Assigned a ${termEn(d.kind)} duty in ${String(d.area)} to ${holderEn(d, n, on)}: ${excerpt(d.title)}`,
  }),
  DutyAcknowledged: (d, n) => ({ zh: `${n.person(d.personId)}签订责任书：${n.duty(d.dutyId)}`, en: `${n.person(d.personId)} acknowledged the duty (签订责任书) ${n.duty(d.dutyId)}` }),
  DutyReassigned: (d, n, on) => ({
    zh: `责任${title(d, n)}调整由${holderZh(d, n, on)}承担：${excerpt(d.reason)}`,
    en: `Reassigned the duty ${n.duty(d.dutyId)} to ${holderEn(d, n, on)} (调整): ${excerpt(d.reason)}`,
  }),
  DutyRevised: (d, n) => ({ zh: `修订责任${title(d, n)}`, en: `Revised the duty ${n.duty(d.dutyId)} (修订)` }),
  DutyClosed: (d, n) => ({ zh: `终止责任${title(d, n)}：${excerpt(d.reason)}`, en: `Closed the duty ${n.duty(d.dutyId)} (终止): ${excerpt(d.reason)}` }),
  MeetingHeld: (d, n, on) => ({
    zh: `${n.unit(d.unitId, on)}召开${zh(MEETING_KINDS.labelZh, d.kind)}`,
    en: `${n.unit(d.unitId, on)} held a meeting (${both(MEETING_KINDS.labelZh, d.kind)})`,
  }),
  ReportSubmitted: (d, n, on) => ({
    zh: reportZh(d, n, on),
    en: `${author(d, n, on, ' ')} submitted a report (${both(REPORT_KINDS.labelZh, d.kind)}) for ${String(d.year)}`,
  }),
  FindingRaised: (d, n, on) => ({
    zh: `${n.unit(d.raisedByUnitId, on)}经${zh(FINDING_SOURCES.labelZh, d.source)}发现${n.unit(d.subjectUnitId, on)}${d.subjectPersonId !== undefined ? n.person(d.subjectPersonId) : ''}存在问题：${excerpt(d.description)}`,
    en: `${n.unit(d.raisedByUnitId, on)} raised a finding (${both(FINDING_SOURCES.labelZh, d.source)}) on ${subject(d, n, on)}: ${excerpt(d.description)}`,
  }),
  RectificationPlanned: (d, n) => ({
    zh: `制定整改方案，整改时限为${dateZh(d.deadline)}，责任人为${n.person(d.responsiblePersonId)}`,
    en: `Planned the rectification (整改) by ${String(d.deadline)}, responsible: ${n.person(d.responsiblePersonId)}`,
  }),
  RectificationCompleted: () => ({ zh: '整改完成', en: 'Completed the rectification (整改完成)' }),
  FollowUpReviewed: (d) => ({ zh: `开展“回头看”：${zh(FOLLOW_UP_OUTCOMES.labelZh, d.outcome)}`, en: `Follow-up review (回头看): ${String(d.outcome)}` }),
  FindingReopened: () => ({ zh: '问题反弹，重新整改', en: 'Reopened the finding after a relapse (问题反弹)' }),
  FindingClosed: (d) => ({ zh: `问题关闭：${excerpt(d.reason)}`, en: `Closed the finding (关闭): ${excerpt(d.reason)}` }),
  AssessmentRecorded: (d, n, on) => ({
    zh: `${n.unit(d.assessedByUnitId, on)}对${subject(d, n, on)}开展${String(d.year)}年度考核（${(d.methods as unknown[] | undefined)?.map((m) => zh(ASSESSMENT_METHODS.labelZh, m)).join('、') ?? ''}），评定为${zh(RATINGS.labelZh, d.rating)}`,
    en: `${n.unit(d.assessedByUnitId, on)} assessed ${subject(d, n, on)} for ${String(d.year)} (考核): ${both(RATINGS.labelZh, d.rating)}`,
  }),
  AccountabilityApplied: (d, n, on) => ({
    zh: `${n.unit(d.decidedByUnitId, on)}对${subject(d, n, on)}问责（${zh(ACCOUNTABILITY_ROLES.labelZh, d.role)}，${FORM_LABELS_ZH[d.form as Form] ?? String(d.form)}）：${zh(MEASURES.labelZh, d.measure)}`,
    en: `${n.unit(d.decidedByUnitId, on)} held ${subject(d, n, on)} to account (问责): ${String(d.role)} responsibility, form ${String(d.form)}, ${both(MEASURES.labelZh, d.measure)}`,
  }),
  AccountabilityRevoked: (d) => ({ zh: `撤销问责决定：${excerpt(d.reason)}`, en: `Revoked the accountability decision (撤销问责): ${excerpt(d.reason)}` }),
};

/** The readable line of an entry: its business date first (when it has one), then what happened. */
export function summarize(type: string, data: Data, businessDate: string | null, names: Names, lang: Lang): string {
  const line = LINES[type];
  const on = businessDate ?? '9999-12-31';
  const text = line ? line(data, names, on)[lang] : type;
  return businessDate ? `${businessDate} ${text}` : text;
}

/** The ids of units, people and duties a summary names, so the query can read their names in a few lookups. */
export function namedIds(data: Data): { units: string[]; persons: string[]; duties: string[] } {
  const pick = (fields: string[]) => fields.map((f) => data[f]).filter((v): v is string => typeof v === 'string');
  const holder = data.holder as { unitId?: unknown } | undefined;
  return {
    units: [...pick(['unitId', 'parentUnitId', 'subjectUnitId', 'raisedByUnitId', 'decidedByUnitId', 'authorUnitId', 'assessedByUnitId', 'recipientUnitId']), ...(typeof holder?.unitId === 'string' ? [holder.unitId] : [])],
    persons: pick(['personId', 'subjectPersonId', 'authorPersonId', 'responsiblePersonId']),
    duties: pick(['dutyId']),
  };
}
