import type { DutyContext, DutyEvent, DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { dutyDecider } from '@duty-ledger/domain/duty/duty.decider';
import { delegation, delegatorOf, type DelegationEvent, type DelegationState } from '@duty-ledger/domain/duty/delegation';
import type { TenureEvent } from '@duty-ledger/domain/person/person.decider';
import { postIncumbency, type PostState } from '@duty-ledger/domain/post/post-incumbency';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import type { Post, UnitKind } from '@duty-ledger/domain/shared/vocabulary';
import { childrenOfStream, childTermsOf, unitChildren } from '@duty-ledger/domain/unit/unit-children';
import type { UnitEvent, UnitState, UnitTreeContext } from '@duty-ledger/domain/unit/unit.decider';
import { unitDecider } from '@duty-ledger/domain/unit/unit.decider';

/** Folds events into one state per key, as the handler would read each stream. */
function foldBy<Event, State>(events: readonly Event[], keyOf: (e: Event) => string, evolve: (s: State, e: Event) => State, initial: State): Map<string, State> {
  const states = new Map<string, State>();
  for (const event of events) states.set(keyOf(event), evolve(states.get(keyOf(event)) ?? initial, event));
  return states;
}

/** The units a command may refer to, folded per unit id from their events, and each unit's children stream as they would write it. */
export function unitsFrom(events: readonly UnitEvent[]): UnitTreeContext {
  const states = foldBy(events, (e) => e.data.unitId, unitDecider.evolve, unitDecider.initialState);
  const children = foldBy(childTermsOf(events), childrenOfStream, unitChildren.evolve, unitChildren.initialState);
  return { unit: (unitId) => states.get(unitId), childrenOf: (unitId) => children.get(unitId)?.children ?? [] };
}

/** The state of one unit after its own events. */
export function unitState(events: readonly UnitEvent[], unitId: string): UnitState {
  return unitsFrom(events).unit(unitId) ?? unitDecider.initialState;
}

/** Each post's incumbency, folded per unit and post. */
export function postsFrom(events: readonly TenureEvent[]): (unitId: string, post: Post) => PostState {
  const states = foldBy(events, (e) => `${e.data.unitId}\n${e.data.post}`, postIncumbency.evolve, postIncumbency.initialState);
  return (unitId, post) => states.get(`${unitId}\n${post}`) ?? postIncumbency.initialState;
}

export function dutiesFrom(events: readonly DutyEvent[]): (dutyId: string) => DutyState | undefined {
  const states = foldBy(events, (e) => e.data.dutyId, dutyDecider.evolve, dutyDecider.initialState);
  return (dutyId) => states.get(dutyId);
}

/** Each duty's delegation, folded per delegation stream (the delegating duty's id). */
export function delegationsFrom(events: readonly DelegationEvent[]): (dutyId: string) => DelegationState {
  const states = foldBy(events, delegatorOf, delegation.evolve, delegation.initialState);
  return (dutyId) => states.get(dutyId) ?? delegation.initialState;
}

/** Everything a duty command may consult, from the events of the other aggregates and the people registered. */
export function dutyContextFrom(given: {
  units?: readonly UnitEvent[];
  posts?: readonly TenureEvent[];
  duties?: readonly DutyEvent[];
  delegations?: readonly DelegationEvent[];
  people?: readonly string[];
}): DutyContext {
  const people = new Set(given.people ?? []);
  return {
    ...unitsFrom(given.units ?? []),
    post: postsFrom(given.posts ?? []),
    duty: dutiesFrom(given.duties ?? []),
    delegation: delegationsFrom(given.delegations ?? []),
    personExists: (personId) => people.has(personId),
  };
}

// Event builders: the facts specs start from, with the fields that matter in front.

export const unitRegistered = (unitId: string, kind: UnitKind, parentUnitId: string | undefined, effectiveFrom: IsoDate, name = unitId): UnitEvent => ({
  type: 'UnitRegistered',
  data: parentUnitId === undefined ? { unitId, name, kind, effectiveFrom } : { unitId, name, kind, parentUnitId, effectiveFrom },
});

export const unitMoved = (unitId: string, parentUnitId: string, effectiveFrom: IsoDate): UnitEvent => ({ type: 'UnitMoved', data: { unitId, parentUnitId, effectiveFrom } });

export const unitDissolved = (unitId: string, effectiveFrom: IsoDate, reason = 'merged'): UnitEvent => ({ type: 'UnitDissolved', data: { unitId, effectiveFrom, reason } });

export const personAppointed = (personId: string, unitId: string, post: Post, effectiveFrom: IsoDate): TenureEvent => ({
  type: 'PersonAppointed',
  data: { personId, unitId, post, effectiveFrom },
});

export const personRelieved = (personId: string, unitId: string, post: Post, effectiveFrom: IsoDate): TenureEvent => ({
  type: 'PersonRelieved',
  data: { personId, unitId, post, effectiveFrom },
});
