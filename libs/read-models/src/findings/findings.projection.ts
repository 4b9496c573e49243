import { findingDecider, type FindingEvent, type FindingState } from '@duty-ledger/domain/finding/finding.decider';
import { businessDateOf } from '@duty-ledger/domain/shared/business-date';
import { yearOf } from '@duty-ledger/domain/shared/dates';
import { foldProjection } from '../fold-projection';

export const FINDINGS = 'findings';

/** One event of a finding, kept so a read at a business date can refold only the steps taken by then. */
export interface FindingStep {
  type: FindingEvent['type'];
  on: string;
  data: Record<string, unknown>;
}

/** 问题 — the decider's own state, plus every step (for the rectification timeline) and the year it occurred. */
export type FindingDocument = FindingState & { steps: FindingStep[]; year?: number };

export const FINDING_EVENT_TYPES = ['FindingRaised', 'RectificationPlanned', 'RectificationCompleted', 'FollowUpReviewed', 'FindingReopened', 'FindingClosed'] as const;

export const findingsProjection = foldProjection<FindingDocument>({
  name: 'findings',
  collection: { name: FINDINGS, indexes: ['subjectUnitId', 'area', 'source', 'dutyIds', 'year'] },
  types: FINDING_EVENT_TYPES,
  idOf: (event) => String(event.data.findingId),
  initial: { ...findingDecider.initialState, steps: [] },
  evolve: (state, event) => ({
    ...findingDecider.evolve(state, event as FindingEvent),
    steps: [...state.steps, { type: event.type as FindingEvent['type'], on: businessDateOf(event.data) ?? '', data: event.data }],
  }),
  index: (state) => ({ year: yearOf(state.occurredOn) }),
});
