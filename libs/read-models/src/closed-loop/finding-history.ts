import { findingStatusOn, type FindingState } from '@duty-ledger/domain/finding/finding.decider';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';

/** Facts of a finding's dated timeline as they stood on `at` (entries after `at` have not happened yet). */
export function plannedBy(finding: FindingState, at: IsoDate): boolean {
  return finding.timeline.some((e) => e.status === 'planned' && e.on <= at);
}

/** Reopened at least once by `at` (问题反弹). */
export function relapsedBy(finding: FindingState, at: IsoDate): boolean {
  return finding.reopenedOn.some((d) => d <= at);
}

export function overdueOn(finding: FindingState, date: IsoDate): boolean {
  return findingStatusOn(finding, date) === 'overdue';
}

/** The first completion by `at`, against the deadline of the plan it completed: on time, late, or none yet. */
export function firstCompletion(finding: FindingState, at: IsoDate): 'on-time' | 'late' | undefined {
  let deadline: IsoDate | undefined;
  for (const entry of finding.timeline) {
    if (entry.on > at) break;
    if (entry.status === 'planned') deadline = entry.deadline;
    if (entry.status === 'completed') return deadline !== undefined && entry.on > deadline ? 'late' : 'on-time';
  }
  return undefined;
}
