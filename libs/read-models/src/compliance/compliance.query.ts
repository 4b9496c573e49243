import { meetingYear, owesYear, requiredMeetings } from '../closed-loop/year-rules';
import { incumbentsOn } from '@duty-ledger/domain/post/post-incumbency';
import type { ReportState } from '@duty-ledger/domain/report/report.decider';

import { FINDING_STATUSES, MEETING_KINDS, REPORT_KINDS, type FindingStatus, type MeetingKind, type ReportKind } from '@duty-ledger/domain/shared/vocabulary';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { findFindings, findingView } from '../findings/findings.query';
import { findMeetings } from '../meetings/meetings.query';
import { POSTS_COLLECTION, type PostDocument } from '../posts/posts.projection';
import { findReports } from '../reports/reports.query';
import { unitState } from '../units/units.query';

/** 年度履责情况 — DOMAIN §5.4. */
export interface Compliance {
  unitId: string;
  year: number;
  meetings: { kind: MeetingKind; required: boolean; heldOn: string[] }[];
  reports: { kind: ReportKind; count: number; reportIds: string[] }[];
  findings: Record<FindingStatus, number>;
}

export { meetingYear, requiredMeetings };

const byId = (a: ReportState, b: ReportState) => (a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0);

/**
 * The annual compliance of a unit as recorded at `asOf`: only facts dated on or before `at` count. `null` when the
 * unit was not recorded by `asOf`.
 */
export async function readCompliance(store: ReadStore, unitId: string, year: number, read: ReadAt): Promise<Compliance | null> {
  const unit = await unitState(store, unitId, read);
  if (!unit) return null;
  const { asOfPosition, at } = read;
  const [meetingDocs, posts, unitReports, findings] = await Promise.all([
    findMeetings(store, { unitId }, read),
    store.find<PostDocument>(POSTS_COLLECTION, { unitId }, { asOfPosition }),
    findReports(store, { authorUnitId: unitId, year }, read),
    findFindings(store, { subjectUnitId: unitId, year }, read),
  ]);

  const held = meetingDocs.filter((m) => m.heldOn <= at && meetingYear(m) === year);
  // A unit registered on no day of the year (up to `at`, or on `at` before it) owes none of its meetings (DOMAIN §5.4 with §5's intervals).
  const required = owesYear({ from: unit.registeredOn, to: unit.dissolvedOn }, year, at) ? requiredMeetings(unit.kind) : [];
  const meetings = MEETING_KINDS.values
    .filter((kind) => required.includes(kind) || held.some((m) => m.kind === kind))
    .sort((a, b) => Number(!required.includes(a)) - Number(!required.includes(b)))
    .map((kind) => ({ kind, required: required.includes(kind), heldOn: held.filter((m) => m.kind === kind).map((m) => m.heldOn).sort() }));

  // Reports by a person count when that person held a post in the unit on the day they submitted it.
  const everInPost = [...new Set(posts.flatMap((p) => p.doc.terms.map((t) => t.personId)))];
  const personReports = everInPost.length ? await findReports(store, { authorPersonId: { in: everInPost }, year }, read) : [];
  const inPostOn = (personId: string, date: string) => posts.some((p) => incumbentsOn(p.doc, date).includes(personId));
  const reportsOfYear = [...new Map([...unitReports, ...personReports].map((r) => [r.reportId, r])).values()]
    .sort(byId)
    .filter((r) => r.submittedOn <= at && (r.authorUnitId === unitId || (r.authorPersonId !== undefined && inPostOn(r.authorPersonId, r.submittedOn))));
  const reports = REPORT_KINDS.values.map((kind) => {
    const reportIds = reportsOfYear.filter((r) => r.kind === kind).map((r) => r.reportId);
    return { kind, count: reportIds.length, reportIds };
  });

  const counts = Object.fromEntries(FINDING_STATUSES.values.map((s) => [s, 0])) as Record<FindingStatus, number>;
  for (const doc of findings) {
    const view = findingView(doc, at);
    if (view) counts[view.status] += 1;
  }
  return { unitId, year, meetings, reports, findings: counts };
}
