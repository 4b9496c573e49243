import type { AccountabilityState } from '@duty-ledger/domain/accountability/accountability.decider';
import type { FindingState } from '@duty-ledger/domain/finding/finding.decider';
import type { MeetingState } from '@duty-ledger/domain/meeting/meeting.decider';
import type { PostState } from '@duty-ledger/domain/post/post-incumbency';
import type { ReportState } from '@duty-ledger/domain/report/report.decider';
import { contains, yearOf, type IsoDate } from '@duty-ledger/domain/shared/dates';
import { RATINGS, type Form, type Rating } from '@duty-ledger/domain/shared/vocabulary';
import type { UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { CASES } from '../accountability/accountability.projection';
import { assessmentsOfSubjects } from '../closed-loop/assessments-in-force';
import { firstCompletion, overdueOn, relapsedBy } from '../closed-loop/finding-history';
import { yearOfSubjects } from '../closed-loop/year-of-subjects';
import { assessmentsInForce, meetingYear, owesYear, requiredMeetings, requiredReports } from '../closed-loop/year-rules';
import { FINDINGS } from '../findings/findings.projection';
import { MEETINGS } from '../meetings/meetings.projection';
import { POSTS_COLLECTION } from '../posts/posts.projection';
import { REPORTS } from '../reports/reports.projection';
import { childrenAt, unitState } from '../units/units.query';

/** 请示报告 — DOMAIN §5.6, for a unit and its subtree. */
export interface Figures {
  unitId: string;
  year: number;
  unitIds: string[];
  accountability: { byForm: Record<'1' | '2' | '3' | '4', number>; byRole: { direct: number; leadership: number }; formOneShare: number | null; total: number };
  rectification: { onTime: number; late: number; overdue: number; relapsed: number; findings: number };
  meetings: { held: number; missing: number; missingKinds: { unitId: string; kind: string }[] };
  reports: { submitted: number; missing: number; missingKinds: { unitId: string; kind: string }[] };
  assessments: { byRating: Record<Rating, number> };
}

type Read = { asOfPosition: number; at: IsoDate };

/**
 * Units in a subtree from which its figures are read by the year (its days) rather than by its units: a province's
 * committee has 8,000 units under it, whose findings and meetings of every year are ~160,000 documents (6 s at a
 * million events, on the API's thread), where the whole province's of one year are a tenth of them. A subtree this
 * large is most of its organisation, so the year's documents of units outside it are few beside its own.
 */
export const WIDE_TREE = 200;

/** The unit and every unit under it on `at`, as recorded at the position. */
export async function subtreeAt(store: ReadStore, unitId: string, read: Read): Promise<UnitState[]> {
  const root = await unitState(store, unitId, read);
  if (!root) return [];
  const all = [root];
  const seen = new Set([root.unitId]);
  for (let frontier = [root.unitId]; frontier.length; ) {
    const children = (await childrenAt(store, frontier, read)).filter((u) => !seen.has(u.unitId));
    for (const child of children) seen.add(child.unitId);
    all.push(...children);
    frontier = children.map((u) => u.unitId);
  }
  return all;
}

/** `null` when the unit does not exist at the position. */
export async function readFigures(store: ReadStore, unitId: string, year: number, read: Read, { wideFrom = WIDE_TREE } = {}): Promise<Figures | null> {
  const { asOfPosition, at } = read;
  const units = await subtreeAt(store, unitId, read);
  if (units.length === 0) return null;
  const ids = units.map((u) => u.unitId);
  const inTree = new Set(ids);
  const docs = async <T>(collection: string, filter: Parameters<ReadStore['find']>[1]) => (await store.find<T>(collection, filter, { asOfPosition })).map((d) => d.doc);

  // A wide tree reads the year's findings, the cases decided in the year (with their first findings, of any year) and
  // the meetings held on the days that count for the year, and keeps its units' (a second filter field is checked per
  // document and value: thousands of unit ids would make it the slower way); a narrow one reads its units' documents.
  const wide = ids.length >= wideFrom;
  const inTreeOnly = <T extends object>(field: keyof T) => (list: T[]) => list.filter((d) => inTree.has(d[field] as string));
  const findings = wide
    ? inTreeOnly<FindingState>('subjectUnitId')(await docs<FindingState>(FINDINGS, { year }))
    : await docs<FindingState>(FINDINGS, { subjectUnitId: { in: ids } });
  const findingById = new Map(findings.map((f) => [f.findingId, f]));
  const cases = wide
    ? await docs<AccountabilityState>(CASES, { decidedOn: { in: daysOf(year) } })
    : findings.length
      ? await docs<AccountabilityState>(CASES, { findingIds: { in: findings.map((f) => f.findingId) } })
      : [];
  const unread = [...new Set(cases.map((c) => c.findingIds[0]).filter((id) => id !== undefined && !findingById.has(id)))];
  for (const [id, { doc }] of unread.length ? await store.getMany<FindingState>(FINDINGS, unread, { asOfPosition }) : []) findingById.set(id, doc);
  const meetings = wide
    ? inTreeOnly<MeetingState>('unitId')(await docs<MeetingState>(MEETINGS, { heldOn: { in: meetingDaysOf(year) } }))
    : await docs<MeetingState>(MEETINGS, { unitId: { in: ids } });
  // Reports and assessments count for a unit of the tree, or for a person on a post in it: only those are read (the
  // year's across the province outnumber a committee's a hundredfold). Supersession stays within a subject.
  const posts = (await store.find<TreePost>(POSTS_COLLECTION, { unitId: { in: ids } }, { asOfPosition })).map((d) => d.doc);
  const people = [...new Set(posts.flatMap((p) => p.terms.map((t) => t.personId)))];
  const subjects = { unitIds: ids, personIds: people };
  const reports = await yearOfSubjects<ReportState>(store, REPORTS, { unit: 'authorUnitId', person: 'authorPersonId' }, subjects, year, read, { byYear: wide });
  const assessments = await assessmentsOfSubjects(store, subjects, year, read, { byYear: wide });
  const unitsOfPerson = postUnits(posts);

  // A decision counts once, for the subject unit of its first finding, in the year of decidedOn, unless revoked by `at`.
  const decisions = cases.filter(
    (c) => inTree.has(findingById.get(c.findingIds[0])?.subjectUnitId ?? '') && yearOf(c.decidedOn) === year && c.decidedOn <= at && !(c.revokedOn !== undefined && c.revokedOn <= at),
  );
  const byForm = { '1': 0, '2': 0, '3': 0, '4': 0 } as Record<'1' | '2' | '3' | '4', number>;
  const byRole = { direct: 0, leadership: 0 };
  for (const c of decisions) {
    byForm[String(c.form as Form) as '1'] += 1;
    byRole[c.role] += 1;
  }

  const ofYear = findings.filter((f) => yearOf(f.occurredOn) === year && f.occurredOn <= at);
  const completions = ofYear.map((f) => firstCompletion(f, at));

  // What was held and submitted, as unit-and-kind keys: each owed one is then looked up, not searched for.
  const held = new Set(meetings.filter((m) => m.heldOn <= at && meetingYear(m) === year).map((m) => unitKind(m.unitId, m.kind)));
  // Only a unit registered on some day of the year (up to `at`, or on `at` before it) owes its meetings and reports:
  // not one dissolved before it began, nor one registered after. Both still count in the tree for what they did.
  const owing = units.filter((u) => owesYear({ from: u.registeredOn, to: u.dissolvedOn }, year, at));
  const owedMeetings = owing.flatMap((u) => requiredMeetings(u.kind).map((kind) => ({ unitId: u.unitId, kind })));
  const missingMeetings = owedMeetings.filter((o) => !held.has(unitKind(o.unitId, o.kind)));

  // A report is the report of every unit of the tree §5.4 gives it to: its author unit, and each unit in which its author
  // person held a post that day (a person on posts in two units reports for both). It is counted once as submitted.
  const reportUnits = (r: ReportState) => [...new Set([...(r.authorUnitId && inTree.has(r.authorUnitId) ? [r.authorUnitId] : []), ...unitsOfPerson(r.authorPersonId, r.submittedOn, inTree)])];
  const submitted = reports
    .filter((r) => r.submittedOn <= at)
    .map((r) => ({ kind: r.kind, unitIds: reportUnits(r) }))
    .filter((r) => r.unitIds.length > 0);
  const submittedKeys = new Set(submitted.flatMap((r) => r.unitIds.map((reportUnitId) => unitKind(reportUnitId, r.kind))));
  const owedReports = owing.flatMap((u) => requiredReports(u.kind).map((kind) => ({ unitId: u.unitId, kind })));
  const missingReports = owedReports.filter((o) => !submittedKeys.has(unitKind(o.unitId, o.kind)));

  const byRating = Object.fromEntries(RATINGS.values.map((r) => [r, 0])) as Record<Rating, number>;
  for (const a of assessmentsInForce(assessments, at)) {
    // A person's assessment counts once, for the (first) unit of a post they held that day.
    const subjectUnit = a.subjectUnitId ?? unitsOfPerson(a.subjectPersonId, a.assessedOn, inTree)[0];
    if (subjectUnit !== undefined && inTree.has(subjectUnit)) byRating[a.rating] += 1;
  }

  return {
    unitId,
    year,
    unitIds: ids,
    accountability: { byForm, byRole, formOneShare: decisions.length ? byForm['1'] / decisions.length : null, total: decisions.length },
    rectification: {
      onTime: completions.filter((c) => c === 'on-time').length,
      late: completions.filter((c) => c === 'late').length,
      overdue: ofYear.filter((f) => overdueOn(f, at)).length,
      relapsed: ofYear.filter((f) => relapsedBy(f, at)).length,
      findings: ofYear.length,
    },
    meetings: { held: owedMeetings.length - missingMeetings.length, missing: missingMeetings.length, missingKinds: missingMeetings },
    reports: { submitted: submitted.length, missing: missingReports.length, missingKinds: missingReports },
    assessments: { byRating },
  };
}

const unitKind = (unitId: string, kind: string) => `${unitId}\u0000${kind}`;

/** Every day of the year, as ISO dates. */
function daysOf(year: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = Date.UTC(year, 0, 1); new Date(day).getUTCFullYear() === year; day += 86_400_000) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/** The days whose meetings may count for the year (meetingYear): its own, and the December before (task-setting). */
function meetingDaysOf(year: number): IsoDate[] {
  return [...daysOf(year - 1).filter((day) => day.slice(5, 7) === '12'), ...daysOf(year)];
}

type TreePost = PostState & { unitId: string };

/** The units of the posts a person held on a date, among `units`, in the order found (for reports and assessments of people). */
function postUnits(posts: readonly TreePost[]) {
  // Each person's posts, in the order found.
  const postsOf = new Map<string, TreePost[]>();
  for (const post of posts) {
    for (const personId of new Set(post.terms.map((t) => t.personId))) {
      const held = postsOf.get(personId);
      if (held) held.push(post);
      else postsOf.set(personId, [post]);
    }
  }
  return (personId: string | undefined, date: IsoDate, units: ReadonlySet<string>): string[] => {
    if (personId === undefined) return [];
    const held = (postsOf.get(personId) ?? []).filter((p) => units.has(p.unitId) && p.terms.some((t) => t.personId === personId && contains(t, date)));
    return [...new Set(held.map((p) => p.unitId))];
  };
}
