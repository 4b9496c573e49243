import type { IsoDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';
import { valueAt } from '../unit/unit.decider';
import type { DutyCommand, DutyEvent, DutyState, Holder } from './duty.decider';

/**
 * 层层传导 — one duty's delegation, folded from its own stream (`delegations-<dutyId>`): the duty's holder changes and
 * close, and the holder timeline of each delegate (a duty whose `parentDutyId` it is). Both sides append their term
 * event there in the same atomic append as their own event, at the revision they read it at, so a parent's change and a
 * delegate's are decided one after the other: the parent, not open or not above a delegate, cannot be written beside it.
 * Logs written before this stream existed have none (or a partial one): delegations recorded before are not checked when
 * their parent changes; a parent with no stream decides as before (no migration).
 */

export interface DelegateTerm {
  /** The parent duty: whose delegation stream takes the term. */
  parentDutyId: string;
  dutyId: string;
  holder: Holder;
  effectiveFrom: IsoDate;
}

export type DelegateAssigned = DomainEvent<'DelegateAssigned', DelegateTerm>;
export type DelegateReassigned = DomainEvent<'DelegateReassigned', DelegateTerm>;
export type DelegateClosed = DomainEvent<'DelegateClosed', Omit<DelegateTerm, 'holder'>>;
/** The delegating duty itself moved to another holder, or closed. */
export type DelegatorReassigned = DomainEvent<'DelegatorReassigned', { dutyId: string; holder: Holder; effectiveFrom: IsoDate }>;
export type DelegatorClosed = DomainEvent<'DelegatorClosed', { dutyId: string; effectiveFrom: IsoDate }>;
export type DelegationEvent = DelegateAssigned | DelegateReassigned | DelegateClosed | DelegatorReassigned | DelegatorClosed;

/** They repeat duties' own events: the audit trail lists the duties' events, not these. */
export const DELEGATION_EVENTS: readonly string[] = ['DelegateAssigned', 'DelegateReassigned', 'DelegateClosed', 'DelegatorReassigned', 'DelegatorClosed'];

export interface HolderTimeline {
  holders: { from: IsoDate; holder: Holder }[];
  closedOn?: IsoDate;
}

export interface DelegationState {
  /** The delegating duty's holder changes after its assignment (its assignment is in its own stream), and its close. */
  delegator: HolderTimeline;
  /** Each delegate's holders from its start, by duty id. */
  delegates: Record<string, HolderTimeline>;
}

export const initialDelegationState: DelegationState = { delegator: { holders: [] }, delegates: {} };

export function evolveDelegation(state: DelegationState, event: DelegationEvent): DelegationState {
  switch (event.type) {
    case 'DelegateAssigned': {
      const { dutyId, holder, effectiveFrom } = event.data;
      return { ...state, delegates: { ...state.delegates, [dutyId]: { holders: [{ from: effectiveFrom, holder }] } } };
    }
    case 'DelegateReassigned': {
      const { dutyId, holder, effectiveFrom } = event.data;
      const delegate = delegateOf(state, dutyId);
      return { ...state, delegates: { ...state.delegates, [dutyId]: { ...delegate, holders: [...delegate.holders, { from: effectiveFrom, holder }] } } };
    }
    case 'DelegateClosed': {
      const { dutyId, effectiveFrom } = event.data;
      const delegate = delegateOf(state, dutyId);
      return { ...state, delegates: { ...state.delegates, [dutyId]: { ...delegate, closedOn: effectiveFrom } } };
    }
    case 'DelegatorReassigned':
      return { ...state, delegator: { ...state.delegator, holders: [...state.delegator.holders, { from: event.data.effectiveFrom, holder: event.data.holder }] } };
    case 'DelegatorClosed':
      return { ...state, delegator: { ...state.delegator, closedOn: event.data.effectiveFrom } };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** A delegate's timeline, by own property only: ids are clients' (`constructor` is a valid one). */
function delegateOf(state: DelegationState, dutyId: string): HolderTimeline {
  return Object.hasOwn(state.delegates, dutyId) ? state.delegates[dutyId] : { holders: [] };
}

/** The duty whose delegation stream an event belongs to. */
export function delegatorOf(event: DelegationEvent): string {
  return 'parentDutyId' in event.data ? event.data.parentDutyId : event.data.dutyId;
}

/** The fold of a delegation stream, for loading it like an aggregate. */
export const delegation = { evolve: evolveDelegation, initialState: initialDelegationState };

/** A date from which a delegate is held by `holder`, which its parent's holder must be at or above. */
export interface DelegateCheckpoint {
  dutyId: string;
  holder: Holder;
  on: IsoDate;
}

/** The first date on or after `date` on which a delegate starts or changes holder, if any. */
export function delegateChangesFrom(state: DelegationState, date: IsoDate): DelegateCheckpoint | undefined {
  return Object.entries(state.delegates)
    .flatMap(([dutyId, d]) => d.holders.filter((h) => h.from >= date).map((h) => ({ dutyId, holder: h.holder, on: h.from })))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0];
}

/**
 * The delegates' holders the parent's holder from `from` (until the parent's close, `until`) must be at or above: each
 * delegate open on `from` with its holder that day, and each later start or holder change, on its date. A delegate
 * closed before `from` no longer constrains it.
 */
export function delegateCheckpoints(state: DelegationState, from: IsoDate, until?: IsoDate): DelegateCheckpoint[] {
  const out: DelegateCheckpoint[] = [];
  for (const [dutyId, d] of Object.entries(state.delegates)) {
    const current = valueAt(d.holders, from);
    if (current && (d.closedOn === undefined || from < d.closedOn)) out.push({ dutyId, holder: current.holder, on: from });
    for (const h of d.holders) if (h.from > from && (until === undefined || h.from < until)) out.push({ dutyId, holder: h.holder, on: h.from });
  }
  return out;
}

/**
 * The term events a duty's own events give the delegation streams, by the duty whose stream takes them: a change of a
 * delegate goes to its parent's; a change of holder or a close goes to the duty's own (it may delegate). Wording and
 * acknowledgements change no delegation.
 */
export function delegationTermsOf(events: readonly DutyEvent[], state: DutyState): { delegatorId: string; events: DelegationEvent[] }[] {
  const out = new Map<string, DelegationEvent[]>();
  const add = (delegatorId: string, event: DelegationEvent) => out.set(delegatorId, [...(out.get(delegatorId) ?? []), event]);
  for (const event of events) {
    switch (event.type) {
      case 'DutyAssigned': {
        const { dutyId, parentDutyId, holder, effectiveFrom } = event.data;
        if (parentDutyId !== undefined) add(parentDutyId, { type: 'DelegateAssigned', data: { parentDutyId, dutyId, holder, effectiveFrom } });
        break;
      }
      case 'DutyReassigned': {
        const { dutyId, holder, effectiveFrom } = event.data;
        add(dutyId, { type: 'DelegatorReassigned', data: { dutyId, holder, effectiveFrom } });
        if (state.parentDutyId !== undefined) add(state.parentDutyId, { type: 'DelegateReassigned', data: { parentDutyId: state.parentDutyId, dutyId, holder, effectiveFrom } });
        break;
      }
      case 'DutyClosed': {
        const { dutyId, effectiveFrom } = event.data;
        add(dutyId, { type: 'DelegatorClosed', data: { dutyId, effectiveFrom } });
        if (state.parentDutyId !== undefined) add(state.parentDutyId, { type: 'DelegateClosed', data: { parentDutyId: state.parentDutyId, dutyId, effectiveFrom } });
        break;
      }
      case 'DutyRevised':
      case 'DutyAcknowledged':
        break;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }
  return [...out].map(([delegatorId, terms]) => ({ delegatorId, events: terms }));
}

/** The duties whose delegation streams a command appends to: its own (a change of holder or a close) and its parent's. */
export function delegatorsTouchedBy(command: DutyCommand, state: Pick<DutyState, 'parentDutyId'>): string[] {
  switch (command.type) {
    case 'AssignDuty':
      return command.parentDutyId === undefined ? [] : [command.parentDutyId];
    case 'ReassignDuty':
    case 'CloseDuty':
      return [command.dutyId, ...(state.parentDutyId === undefined ? [] : [state.parentDutyId])];
    case 'ReviseDuty':
    case 'AcknowledgeDuty':
      return [];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
