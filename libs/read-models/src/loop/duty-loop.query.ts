import type { AccountabilityState } from '@duty-ledger/domain/accountability/accountability.decider';
import type { AssessmentState } from '@duty-ledger/domain/assessment/assessment.decider';
import { holderOn, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import type { FindingState } from '@duty-ledger/domain/finding/finding.decider';
import type { MeetingState } from '@duty-ledger/domain/meeting/meeting.decider';
import { contains, dayBefore, lastDayOf, minDate, yearOf, type IsoDate } from '@duty-ledger/domain/shared/dates';
import type { ReportState } from '@duty-ledger/domain/report/report.decider';
import { POSTS } from '@duty-ledger/domain/shared/vocabulary';
import type { PostState } from '@duty-ledger/domain/post/post-incumbency';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { CASES } from '../accountability/accountability.projection';
import { assessmentsNamingInForce } from '../closed-loop/assessments-in-force';
import { inForceInYear, meetingYear, yearReadDate } from '../closed-loop/year-rules';
import { overdueOn, plannedBy, relapsedBy } from '../closed-loop/finding-history';
import { dutyState, dutyView, type DutyView } from '../duties/duties.query';
import { FINDINGS } from '../findings/findings.projection';
import { MEETINGS } from '../meetings/meetings.projection';
import { POSTS_COLLECTION, postKey } from '../posts/posts.projection';
import { REPORTS } from '../reports/reports.projection';

/** 知责 明责 履责 督责 考责 问责 — the six steps, in this order. */
export const LOOP_STEPS = ['know', 'clarify', 'perform', 'supervise', 'assess', 'account'] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];

export interface StepState {
  step: LoopStep;
  done: boolean;
  dates: IsoDate[];
  refs: string[];
}

export interface DutyLoop {
  duty: DutyView;
  year: number;
  steps: StepState[];
  firstMissing: LoopStep | null;
}

/**
 * DOMAIN §5.5: the closed loop of a duty for a year (default: the duty's own), as recorded at `asOfPosition`; business
 * dates count up to `at` (default: the year's last day, or `today` if earlier). `null` when the duty does not exist at asOf.
 */
export async function readDutyLoop(
  store: ReadStore,
  dutyId: string,
  asked: { year?: number; at?: IsoDate },
  { asOfPosition, today }: { asOfPosition: number; today: IsoDate },
): Promise<DutyLoop | null> {
  const duty = await dutyState(store, dutyId, { asOfPosition });
  if (!duty) return null;
  const year = asked.year ?? duty.year;
  const at = asked.at ?? yearReadDate(year, today);
  const find = async <T>(collection: string) => (await store.find<T>(collection, { dutyIds: dutyId }, { asOfPosition })).map((d) => d.doc);
  const [meetings, reports, findings, assessments] = await Promise.all([
    find<MeetingState>(MEETINGS),
    find<ReportState>(REPORTS),
    find<FindingState>(FINDINGS),
    assessmentsNamingInForce(store, dutyId, year, { asOfPosition, at }),
  ]);
  const yearEnd = minDate(lastDayOf(year), at);
  const ofYear = findings.filter((f) => yearOf(f.occurredOn) === year && f.occurredOn <= at);

  const steps: StepState[] = [
    await know(store, duty, { asOfPosition, at }),
    clarify(duty, year, at),
    perform(meetings, reports, year, at),
    supervise(ofYear, at),
    assess(assessments),
    await account(store, ofYear, yearEnd, { asOfPosition, at }),
  ];
  return { duty: dutyView(duty, at), year, steps, firstMissing: steps.find((s) => !s.done)?.step ?? null };
}

/** Acknowledged by `at` by the person in the post on `at` (or the duty's last open day), or by anyone in a post of a holder unit. */
async function know(store: ReadStore, duty: DutyState, { asOfPosition, at }: { asOfPosition: number; at: IsoDate }): Promise<StepState> {
  const day = duty.closedOn !== undefined && duty.closedOn <= at ? dayBefore(duty.closedOn) : at;
  const holder = holderOn(duty, day);
  const posts = holder.post ? [holder.post] : POSTS.values;
  const docs = await store.getMany<PostState>(POSTS_COLLECTION, posts.map((p) => postKey(holder.unitId, p)), { asOfPosition });
  const inPost = (personId: string, date: IsoDate) => [...docs.values()].some((d) => d.doc.terms.some((t) => t.personId === personId && contains(t, date)));
  const signed = duty.acknowledgements.filter((a) => a.acknowledgedOn <= at && inPost(a.personId, holder.post ? day : a.acknowledgedOn));
  return { step: 'know', done: signed.length > 0, dates: signed.map((a) => a.acknowledgedOn), refs: signed.map((a) => a.personId) };
}

function clarify(duty: DutyState, year: number, at: IsoDate): StepState {
  const open = inForceInYear({ from: duty.effectiveFrom, to: duty.closedOn }, year, at);
  return { step: 'clarify', done: open, dates: open ? [duty.effectiveFrom] : [], refs: open ? [duty.dutyId] : [] };
}

function perform(meetings: MeetingState[], reports: ReportState[], year: number, at: IsoDate): StepState {
  const held = meetings.filter((m) => m.heldOn <= at && meetingYear(m) === year);
  const submitted = reports.filter((r) => r.year === year && r.submittedOn <= at);
  const facts = [...held.map((m) => ({ date: m.heldOn, ref: m.meetingId })), ...submitted.map((r) => ({ date: r.submittedOn, ref: r.reportId }))].sort((a, b) => (a.date < b.date ? -1 : 1));
  return { step: 'perform', done: facts.length > 0, dates: facts.map((f) => f.date), refs: facts.map((f) => f.ref) };
}

/** Every finding of the year naming the duty has had a plan (done when there is none). */
function supervise(findings: FindingState[], at: IsoDate): StepState {
  const unplanned = findings.filter((f) => !plannedBy(f, at));
  const planned = findings.filter((f) => plannedBy(f, at));
  return {
    step: 'supervise',
    done: unplanned.length === 0,
    dates: planned.flatMap((f) => f.timeline.filter((e) => e.status === 'planned' && e.on <= at).slice(0, 1).map((e) => e.on)),
    refs: (unplanned.length ? unplanned : planned).map((f) => f.findingId),
  };
}

/** An assessment of the year in force at `at` names the duty (one superseded by a replacement that does not, does not count). */
function assess(inForce: AssessmentState[]): StepState {
  return { step: 'assess', done: inForce.length > 0, dates: inForce.map((a) => a.assessedOn), refs: inForce.map((a) => a.assessmentId) };
}

/** Every finding of the year that relapsed or was overdue on the year's last day has a decision not revoked by `at`. */
async function account(store: ReadStore, findings: FindingState[], yearEnd: IsoDate, { asOfPosition, at }: { asOfPosition: number; at: IsoDate }): Promise<StepState> {
  const needing = findings.filter((f) => relapsedBy(f, yearEnd) || overdueOn(f, yearEnd));
  // By case: one decision may answer several of the findings, and is listed once.
  const decisions = new Map<string, AccountabilityState>();
  const unanswered: string[] = [];
  for (const finding of needing) {
    const cases = (await store.find<AccountabilityState>(CASES, { findingIds: finding.findingId }, { asOfPosition }))
      .map((d) => d.doc)
      .filter((c) => c.decidedOn <= at && !(c.revokedOn !== undefined && c.revokedOn <= at));
    if (cases.length === 0) unanswered.push(finding.findingId);
    for (const c of cases) decisions.set(c.caseId, c);
  }
  return {
    step: 'account',
    done: unanswered.length === 0,
    dates: [...decisions.values()].map((c) => c.decidedOn),
    refs: unanswered.length ? unanswered : [...decisions.keys()],
  };
}
