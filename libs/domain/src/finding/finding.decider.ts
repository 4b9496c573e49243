import type { IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { requireReferences } from '../shared/references';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import type { DutyArea, FindingSource, FindingStatus, FollowUpOutcome, Severity, Tag } from '../shared/vocabulary';
import type { DutyState } from '../duty/duty.decider';
import { isActiveOn, withoutUndefined, type UnitContext } from '../unit/unit.decider';

/** 问题 and 整改 — a finding of supervision (督责) and its rectification: plan, completion, follow-up (回头看), close. */

export interface FindingTerms {
  source: FindingSource;
  raisedByUnitId: string;
  subjectUnitId: string;
  subjectPersonId?: string;
  area: DutyArea;
  areaNote?: string;
  tags: Tag[];
  severity: Severity;
  description: string;
  occurredOn: IsoDate;
  dutyIds: string[];
}

/** 举措、时限、责任到人 — measures, deadline, a responsible person. */
export interface RectificationPlan {
  plannedOn: IsoDate;
  measures: string[];
  deadline: IsoDate;
  responsiblePersonId: string;
}

export type RaiseFinding = { type: 'RaiseFinding'; findingId: string } & FindingTerms;
export type PlanRectification = { type: 'PlanRectification'; findingId: string } & RectificationPlan;
export type CompleteRectification = { type: 'CompleteRectification'; findingId: string; completedOn: IsoDate; evidence: string };
export type ReviewFollowUp = { type: 'ReviewFollowUp'; findingId: string; reviewedOn: IsoDate; outcome: FollowUpOutcome; notes?: string };
export type CloseFinding = { type: 'CloseFinding'; findingId: string; closedOn: IsoDate; reason: string };
export type FindingCommand = RaiseFinding | PlanRectification | CompleteRectification | ReviewFollowUp | CloseFinding;

export type FindingRaised = DomainEvent<'FindingRaised', { findingId: string } & FindingTerms>;
export type RectificationPlanned = DomainEvent<'RectificationPlanned', { findingId: string } & RectificationPlan>;
export type RectificationCompleted = DomainEvent<'RectificationCompleted', { findingId: string; completedOn: IsoDate; evidence: string }>;
/** 回头看 — the follow-up review after completion. */
export type FollowUpReviewed = DomainEvent<'FollowUpReviewed', { findingId: string; reviewedOn: IsoDate; outcome: FollowUpOutcome; notes?: string }>;
/** 问题反弹 — emitted with a relapsed follow-up, on the same date. */
export type FindingReopened = DomainEvent<'FindingReopened', { findingId: string; reopenedOn: IsoDate }>;
export type FindingClosed = DomainEvent<'FindingClosed', { findingId: string; closedOn: IsoDate; reason: string }>;
export type FindingEvent = FindingRaised | RectificationPlanned | RectificationCompleted | FollowUpReviewed | FindingReopened | FindingClosed;

/**
 * One step of the dated timeline: from `on` the finding stands at `status` (overdue is derived from
 * `deadline`). Entries are in business-date order (the decider refuses a step dated before the last one);
 * on the same date the later entry wins.
 */
export interface TimelineEntry {
  on: IsoDate;
  status: Exclude<FindingStatus, 'overdue'>;
  deadline?: IsoDate;
}

export interface FindingState extends FindingTerms {
  exists: boolean;
  findingId: string;
  /** The plan in force: cleared when the finding reopens. */
  plan?: RectificationPlan;
  /** Completion of the current plan. */
  completedOn?: IsoDate;
  closedOn?: IsoDate;
  reopenedOn: IsoDate[];
  timeline: TimelineEntry[];
}

/** The units, people and duties a finding command refers to, read by the handler from their streams. */
export interface FindingContext extends UnitContext {
  personExists(personId: string): boolean;
  duty(dutyId: string): DutyState | undefined;
}

export const initialFindingState: FindingState = {
  exists: false,
  findingId: '',
  source: 'self-check',
  raisedByUnitId: '',
  subjectUnitId: '',
  area: 'other',
  tags: [],
  severity: 'low',
  description: '',
  occurredOn: '',
  dutyIds: [],
  reopenedOn: [],
  timeline: [],
};

/** The finding exists at `date`: it had occurred by then (a read before `occurredOn` is a 404). */
export function findingExistsOn(state: FindingState, date: IsoDate): boolean {
  return state.exists && state.occurredOn <= date;
}

/**
 * Status at a business date (DOMAIN §5.4): `open` raised or reopened with no current plan; `planned`;
 * `overdue` planned, deadline < date, not completed on or before that date; `completed` awaiting follow-up;
 * `verified` sustained at follow-up; `closed`. Meaningful from `occurredOn` (see `findingExistsOn`);
 * before it the finding reads as `open`.
 */
export function findingStatusOn(state: FindingState, date: IsoDate): FindingStatus {
  let current: TimelineEntry | undefined;
  for (const entry of state.timeline) if (entry.on <= date) current = entry;
  if (!current) return 'open';
  if (current.status === 'planned' && current.deadline !== undefined && current.deadline < date) return 'overdue';
  return current.status;
}

function decide(command: FindingCommand, state: FindingState, context: FindingContext): FindingEvent[] {
  switch (command.type) {
    case 'RaiseFinding': {
      if (state.exists) throw new Conflict('finding-exists', `finding ${command.findingId} exists already`);
      const { type: _type, findingId, ...terms } = command;
      requireReferences(context, { units: [terms.raisedByUnitId, terms.subjectUnitId], persons: [terms.subjectPersonId], duties: terms.dutyIds });
      if (!isActiveOn(context.unit(terms.subjectUnitId), terms.occurredOn))
        throw new RuleBroken('unit-not-active', `unit ${terms.subjectUnitId} is not registered, or is dissolved, on ${terms.occurredOn}`);
      if (terms.area === 'other' && !terms.areaNote?.trim()) throw new RuleBroken('area-note-required', 'a finding in area "other" needs an areaNote');
      return [{ type: 'FindingRaised', data: withoutUndefined({ findingId, ...terms }) }];
    }
    case 'PlanRectification': {
      const { type: _type, findingId: _id, ...plan } = command;
      // API.md: the target, then the responsible person, are found (404) before any rule is judged (422), a close included.
      requireFinding(state, command.findingId);
      requireReferences(context, { persons: [plan.responsiblePersonId] });
      requireOpenFinding(state, command.findingId);
      if (state.plan && state.completedOn !== undefined)
        throw new RuleBroken('rectification-completed', `finding ${state.findingId} was completed on ${state.completedOn}: a plan may be replaced only before completion`);
      if (plan.measures.length === 0) throw new RuleBroken('measures-required', 'a rectification plan names its measures (at least one)');
      if (plan.deadline <= state.occurredOn)
        throw new RuleBroken('deadline-not-after-occurrence', `the deadline ${plan.deadline} must fall after the finding occurred (${state.occurredOn})`);
      if (plan.deadline < plan.plannedOn)
        throw new RuleBroken('deadline-before-plan', `the deadline ${plan.deadline} comes before the plan of ${plan.plannedOn}: the plan would be overdue when made`);
      requireInOrder(state, plan.plannedOn, 'planned');
      return [{ type: 'RectificationPlanned', data: { findingId: state.findingId, ...plan } }];
    }
    case 'CompleteRectification': {
      requireOpenFinding(state, command.findingId);
      if (!state.plan) throw new RuleBroken('no-current-plan', `finding ${state.findingId} has no current rectification plan to complete`);
      if (state.completedOn !== undefined) throw new RuleBroken('already-completed', `finding ${state.findingId} was completed on ${state.completedOn}`);
      if (command.completedOn < state.plan.plannedOn)
        throw new RuleBroken('completed-before-plan', `completion on ${command.completedOn} comes before the plan of ${state.plan.plannedOn}`);
      requireInOrder(state, command.completedOn, 'completed');
      return [{ type: 'RectificationCompleted', data: { findingId: state.findingId, completedOn: command.completedOn, evidence: command.evidence } }];
    }
    case 'ReviewFollowUp': {
      requireOpenFinding(state, command.findingId);
      if (state.completedOn === undefined) throw new RuleBroken('not-completed', `finding ${state.findingId} has no completed rectification to review`);
      requireInOrder(state, command.reviewedOn, 'reviewed');
      const { findingId, reviewedOn, outcome, notes } = { ...command, findingId: state.findingId };
      const reviewed: FindingEvent = { type: 'FollowUpReviewed', data: withoutUndefined({ findingId, reviewedOn, outcome, notes }) };
      return outcome === 'relapsed' ? [reviewed, { type: 'FindingReopened', data: { findingId, reopenedOn: reviewedOn } }] : [reviewed];
    }
    case 'CloseFinding': {
      requireOpenFinding(state, command.findingId);
      requireInOrder(state, command.closedOn, 'closed');
      return [{ type: 'FindingClosed', data: { findingId: state.findingId, closedOn: command.closedOn, reason: command.reason } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function requireFinding(state: FindingState, findingId: string): void {
  if (!state.exists) throw new NotFound('finding-not-found', `finding ${findingId} does not exist`);
}

/** Exists and not closed: nothing follows a close. */
function requireOpenFinding(state: FindingState, findingId: string): void {
  requireFinding(state, findingId);
  if (state.closedOn !== undefined) throw new RuleBroken('finding-closed', `finding ${findingId} was closed on ${state.closedOn}`);
}

/** Steps follow each other in business time, so the status at any date reads off the timeline. */
function requireInOrder(state: FindingState, date: IsoDate, step: string): void {
  const last = state.timeline[state.timeline.length - 1];
  if (date < last.on) throw new RuleBroken('step-before-previous', `finding ${state.findingId} cannot be ${step} on ${date}, before its last step on ${last.on}`);
}

function evolve(state: FindingState, event: FindingEvent): FindingState {
  const step = (entry: TimelineEntry, changes: Partial<FindingState>): FindingState => ({ ...state, ...changes, timeline: [...state.timeline, entry] });
  switch (event.type) {
    case 'FindingRaised': {
      const { findingId, ...terms } = event.data;
      return { ...initialFindingState, ...terms, exists: true, findingId, timeline: [{ on: terms.occurredOn, status: 'open' }] };
    }
    case 'RectificationPlanned': {
      const { findingId: _id, ...plan } = event.data;
      return step({ on: plan.plannedOn, status: 'planned', deadline: plan.deadline }, { plan, completedOn: undefined });
    }
    case 'RectificationCompleted':
      return step({ on: event.data.completedOn, status: 'completed' }, { completedOn: event.data.completedOn });
    case 'FollowUpReviewed':
      // A relapse is followed by FindingReopened, which records the step.
      return event.data.outcome === 'sustained' ? step({ on: event.data.reviewedOn, status: 'verified' }, {}) : state;
    case 'FindingReopened':
      return step({ on: event.data.reopenedOn, status: 'open' }, { plan: undefined, completedOn: undefined, reopenedOn: [...state.reopenedOn, event.data.reopenedOn] });
    case 'FindingClosed':
      return step({ on: event.data.closedOn, status: 'closed' }, { closedOn: event.data.closedOn });
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const findingDecider: Decider<FindingCommand, FindingEvent, FindingState, FindingContext> = { decide, evolve, initialState: initialFindingState };
