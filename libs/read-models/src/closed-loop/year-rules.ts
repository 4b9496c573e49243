import type { AssessmentState } from '@duty-ledger/domain/assessment/assessment.decider';
import { firstDayOf, lastDayOf, maxDate, minDate, yearOf, type Interval, type IsoDate } from '@duty-ledger/domain/shared/dates';
import { COMMITTEE_ANNUAL_MEETINGS, SECONDARY_UNIT_MEETINGS, type MeetingKind, type ReportKind, type UnitKind } from '@duty-ledger/domain/shared/vocabulary';

/** DOMAIN §5.4: a meeting counts for the year of heldOn, except a December task-setting meeting: next year (上年末至次年年初). */
export function meetingYear({ kind, heldOn }: { kind: MeetingKind; heldOn: IsoDate }): number {
  return kind === 'task-setting' && heldOn.slice(5, 7) === '12' ? yearOf(heldOn) + 1 : yearOf(heldOn);
}

/** The meetings a unit owes each year: the committee's three annual ones; the "three meetings" of every other unit but the discipline committee. */
export function requiredMeetings(kind: UnitKind): readonly MeetingKind[] {
  if (kind === 'party-committee') return COMMITTEE_ANNUAL_MEETINGS;
  if (kind === 'discipline-committee') return [];
  return SECONDARY_UNIT_MEETINGS;
}

/** DOMAIN §5.6: a party committee owes the written and secretary reports; every other unit but the discipline committee the written and staff reports. */
export function requiredReports(kind: UnitKind): readonly ReportKind[] {
  if (kind === 'party-committee') return ['written-report', 'secretary-report'];
  if (kind === 'discipline-committee') return [];
  return ['written-report', 'staff-report'];
}

/**
 * A half-open interval (a duty open, a unit registered) holds some day of `year` up to `at`: DOMAIN §5.5's "the duty is
 * open on some day of the year", and a unit that owes the year's meetings and reports (§5.6). Its first day in the year
 * must come by `at` and before the interval ends (a duty closed on the day it starts holds no day).
 */
export function inForceInYear(interval: Interval, year: number, at: IsoDate): boolean {
  const first = maxDate(interval.from, firstDayOf(year));
  return first <= minDate(lastDayOf(year), at) && (interval.to === undefined || first < interval.to);
}

/**
 * A unit owes a year's meetings and reports (DOMAIN §5.4, §5.6) when it is registered on some day of the year up to
 * `at`; read before the year begins (in December, when its task-setting meeting already counts for it), when it is
 * registered on `at` and not dissolved by the year's first day.
 */
export function owesYear(registered: Interval, year: number, at: IsoDate): boolean {
  if (at >= firstDayOf(year)) return inForceInYear(registered, year, at);
  return registered.from <= at && (registered.to === undefined || firstDayOf(year) < registered.to);
}

/** The default business date of a year's reading: its last day, or today if earlier. */
export function yearReadDate(year: number, today: IsoDate): IsoDate {
  return minDate(lastDayOf(year), today);
}

/**
 * Assessments in force at `at`: recorded by asOf, dated on or before `at`, and not superseded by one that is — directly
 * or down its chain: a replacement dated before the one it replaces (whose own date has not come) replaces that one's
 * predecessor too, so a subject's year never has two in force. `all` holds each chain whole (one subject and year).
 */
export function assessmentsInForce(all: readonly AssessmentState[], at: IsoDate): AssessmentState[] {
  const byId = new Map(all.map((a) => [a.assessmentId, a]));
  const dated = all.filter((a) => a.assessedOn <= at);
  const superseded = new Set<string>();
  for (const a of dated) for (let id = a.supersedes; id !== undefined && !superseded.has(id); id = byId.get(id)?.supersedes) superseded.add(id);
  return dated.filter((a) => !superseded.has(a.assessmentId));
}
