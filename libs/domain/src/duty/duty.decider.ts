import { contains, type IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { requireReferences } from '../shared/references';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { DUAL_POSTS, isPartyOrganisation, POSTS, type DutyArea, type Post, type ResponsibilityKind, type Tag } from '../shared/vocabulary';
import { incumbentsOn, type PostState } from '../post/post-incumbency';
import { acceptsEndingOn, ancestorsOn, isActiveOn, valueAt, withoutUndefined, type UnitContext } from '../unit/unit.decider';
import { delegateChangesFrom, delegateCheckpoints, type DelegationState } from './delegation';

/** 责任 / 责任清单 — a duty held by a unit or a post; with `parentDutyId` a delegation (层层传导). */

export interface Holder {
  unitId: string;
  post?: Post;
}

export interface DutyTerms {
  kind: ResponsibilityKind;
  holder: Holder;
  area: DutyArea;
  areaNote?: string;
  tags: Tag[];
  title: string;
  items: string[];
  scopeUnitIds: string[];
  year: number;
  parentDutyId?: string;
  effectiveFrom: IsoDate;
}

export type DutyCommand =
  | ({ type: 'AssignDuty'; dutyId: string } & DutyTerms)
  | { type: 'ReassignDuty'; dutyId: string; holder: Holder; effectiveFrom: IsoDate; reason: string }
  | { type: 'ReviseDuty'; dutyId: string; title?: string; items?: string[] }
  | { type: 'CloseDuty'; dutyId: string; effectiveFrom: IsoDate; reason: string }
  | { type: 'AcknowledgeDuty'; dutyId: string; personId: string; acknowledgedOn: IsoDate };

export type DutyAssigned = DomainEvent<'DutyAssigned', { dutyId: string } & DutyTerms>;
export type DutyReassigned = DomainEvent<'DutyReassigned', { dutyId: string; holder: Holder; effectiveFrom: IsoDate; reason: string }>;
export type DutyRevised = DomainEvent<'DutyRevised', { dutyId: string; title?: string; items?: string[] }>;
export type DutyClosed = DomainEvent<'DutyClosed', { dutyId: string; effectiveFrom: IsoDate; reason: string }>;
/** 签订责任书 — the holder signs the responsibility letter. */
export type DutyAcknowledged = DomainEvent<'DutyAcknowledged', { dutyId: string; personId: string; acknowledgedOn: IsoDate }>;
export type DutyEvent = DutyAssigned | DutyReassigned | DutyRevised | DutyClosed | DutyAcknowledged;

export interface DutyState extends DutyTerms {
  exists: boolean;
  dutyId: string;
  holders: { from: IsoDate; holder: Holder }[];
  closedOn?: IsoDate;
  acknowledgements: { personId: string; acknowledgedOn: IsoDate }[];
}

/** The units, parent duty, posts and people a command refers to, read by the handler from their streams. */
export interface DutyContext extends UnitContext {
  duty(dutyId: string): DutyState | undefined;
  /** A duty's delegation (./delegation.ts), from its own stream: what its delegates hold, and when. */
  delegation(dutyId: string): DelegationState;
  post(unitId: string, post: Post): PostState;
  personExists(personId: string): boolean;
}

export const initialDutyState: DutyState = {
  exists: false,
  dutyId: '',
  kind: 'primary',
  holder: { unitId: '' },
  area: 'other',
  tags: [],
  title: '',
  items: [],
  scopeUnitIds: [],
  year: 0,
  effectiveFrom: '',
  holders: [],
  acknowledgements: [],
};

/** Open on `date`: assigned on or before it and not closed (half-open). */
export function isOpenOn(duty: DutyState | undefined, date: IsoDate): boolean {
  return !!duty?.exists && contains({ from: duty.effectiveFrom, to: duty.closedOn }, date);
}

export function holderOn(duty: DutyState, date: IsoDate): Holder {
  return (valueAt(duty.holders, date) ?? duty.holders[0]).holder;
}

function decide(command: DutyCommand, state: DutyState, context: DutyContext): DutyEvent[] {
  switch (command.type) {
    case 'AssignDuty': {
      if (state.exists) throw new Conflict('duty-exists', `duty ${command.dutyId} exists already`);
      const { type: _type, ...terms } = command;
      requireUnitsExist([terms.holder.unitId, ...terms.scopeUnitIds], context);
      const parent = terms.parentDutyId === undefined ? undefined : context.duty(terms.parentDutyId);
      if (terms.parentDutyId !== undefined && !parent?.exists)
        throw new NotFound('parent-duty-not-found', `parent duty ${terms.parentDutyId} does not exist`);
      requireHolderFitsKind(terms.kind, terms.holder, context);
      if (terms.kind === 'dual' && terms.scopeUnitIds.length === 0)
        throw new RuleBroken('dual-needs-scope', 'a dual duty names the units of its portfolio (scopeUnitIds, at least one)');
      if (terms.area === 'other' && !terms.areaNote?.trim()) throw new RuleBroken('area-note-required', 'a duty in area "other" needs an areaNote');
      requireUnitsActive([terms.holder.unitId, ...terms.scopeUnitIds], terms.effectiveFrom, context);
      if (parent) requireParentAbove(parent, terms, context);
      return [{ type: 'DutyAssigned', data: withoutUndefined({ ...terms, dutyId: command.dutyId }) }];
    }
    case 'ReassignDuty': {
      requireExists(state, command.dutyId);
      const { holder, effectiveFrom } = command;
      requireUnitsExist([holder.unitId], context);
      // A close ends the duty, not its past: a holder change while it was open may still be recorded (backdated).
      if (state.closedOn !== undefined && effectiveFrom >= state.closedOn)
        throw new RuleBroken('duty-closed', `duty ${state.dutyId} was closed on ${state.closedOn}: a reassignment must take effect before that, not on ${effectiveFrom}`);
      const current = state.holders[state.holders.length - 1];
      if (effectiveFrom <= current.from)
        throw new RuleBroken('reassigned-before-current-holder', `duty ${state.dutyId} has its current holder from ${current.from}: reassign after that`);
      if (sameHolder(holder, current.holder)) throw new RuleBroken('same-holder', `duty ${state.dutyId} is already held by that holder`);
      requireHolderFitsKind(state.kind, holder, context);
      requireUnitsActive([holder.unitId], effectiveFrom, context);
      // Backdated into a closed duty, the new holder keeps it to the close: which may not fall after its unit's dissolution.
      if (state.closedOn !== undefined && !acceptsEndingOn(context.unit(holder.unitId), state.closedOn))
        throw new RuleBroken('unit-not-active', `duty ${state.dutyId} closes on ${state.closedOn}, after unit ${holder.unitId} is dissolved: it cannot hold it until then`);
      const parent = state.parentDutyId === undefined ? undefined : context.duty(state.parentDutyId);
      if (parent?.exists) requireParentAbove(parent, { ...state, holder, effectiveFrom }, context);
      requireAboveDelegates(state, holder, effectiveFrom, context);
      return [{ type: 'DutyReassigned', data: withoutUndefined({ dutyId: state.dutyId, holder: withoutUndefined(holder), effectiveFrom, reason: command.reason }) }];
    }
    case 'ReviseDuty':
      requireExists(state, command.dutyId);
      if (command.title === undefined && command.items === undefined) throw new RuleBroken('nothing-to-revise', 'a revision changes the title, the items, or both');
      return [{ type: 'DutyRevised', data: withoutUndefined({ dutyId: state.dutyId, title: command.title, items: command.items }) }];
    case 'CloseDuty': {
      requireExists(state, command.dutyId);
      requireNotClosed(state);
      const current = state.holders[state.holders.length - 1];
      if (command.effectiveFrom < current.from)
        throw new RuleBroken('closed-before-assignment', `duty ${state.dutyId} has its current holder from ${current.from}: close on or after that`);
      // DOMAIN §6: an end may fall on the holder unit's dissolution date, not after it (as a relief may).
      if (!acceptsEndingOn(context.unit(current.holder.unitId), command.effectiveFrom))
        throw new RuleBroken(
          'unit-not-active',
          `duty ${state.dutyId} is held in ${current.holder.unitId}, which is dissolved before ${command.effectiveFrom}: close it on or before the dissolution date`,
        );
      const later = delegateChangesFrom(context.delegation(state.dutyId), command.effectiveFrom);
      if (later)
        throw new RuleBroken(
          'delegate-after-parent-close',
          `duty ${state.dutyId} cannot close on ${command.effectiveFrom}: its delegate ${later.dutyId} takes effect or changes holder on ${later.on}, when it must be open`,
        );
      return [{ type: 'DutyClosed', data: { dutyId: state.dutyId, effectiveFrom: command.effectiveFrom, reason: command.reason } }];
    }
    case 'AcknowledgeDuty': {
      requireExists(state, command.dutyId);
      const { personId, acknowledgedOn } = command;
      if (!context.personExists(personId)) throw new NotFound('person-not-found', `person ${personId} does not exist`);
      if (!isOpenOn(state, acknowledgedOn)) throw new RuleBroken('duty-not-open', `duty ${state.dutyId} is not open on ${acknowledgedOn}`);
      if (state.acknowledgements.some((a) => a.personId === personId))
        throw new RuleBroken('already-acknowledged', `person ${personId} has already acknowledged duty ${state.dutyId}`);
      const holder = holderOn(state, acknowledgedOn);
      // DOMAIN §6: signing the letter starts something about the holder's unit, which must be registered and not dissolved.
      if (!isActiveOn(context.unit(holder.unitId), acknowledgedOn))
        throw new RuleBroken('unit-not-active', `duty ${state.dutyId} is held in ${holder.unitId}, which is not registered, or is dissolved, on ${acknowledgedOn}`);
      const posts = holder.post ? [holder.post] : POSTS.values;
      if (!posts.some((post) => incumbentsOn(context.post(holder.unitId, post), acknowledgedOn).includes(personId)))
        throw new RuleBroken(
          'not-holder',
          holder.post
            ? `person ${personId} is not in the ${holder.post} post of ${holder.unitId} on ${acknowledgedOn}`
            : `person ${personId} holds no post in ${holder.unitId} on ${acknowledgedOn}`,
        );
      return [{ type: 'DutyAcknowledged', data: { dutyId: state.dutyId, personId, acknowledgedOn } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function requireExists(state: DutyState, dutyId: string): void {
  if (!state.exists) throw new NotFound('duty-not-found', `duty ${dutyId} does not exist`);
}

function requireNotClosed(state: DutyState): void {
  if (state.closedOn !== undefined) throw new RuleBroken('duty-closed', `duty ${state.dutyId} was closed on ${state.closedOn}`);
}

function requireUnitsExist(unitIds: readonly string[], context: UnitContext): void {
  requireReferences(context, { units: unitIds });
}

function requireUnitsActive(unitIds: readonly string[], date: IsoDate, context: UnitContext): void {
  for (const unitId of unitIds)
    if (!isActiveOn(context.unit(unitId), date)) throw new RuleBroken('unit-not-active', `unit ${unitId} is not registered, or is dissolved, on ${date}`);
}

/** Who may hold which responsibility (DOMAIN §4, Duty). */
function requireHolderFitsKind(kind: ResponsibilityKind, holder: Holder, context: UnitContext): void {
  const unit = context.unit(holder.unitId)!;
  switch (kind) {
    case 'primary':
      if (holder.post !== undefined || !isPartyOrganisation(unit.kind))
        throw new RuleBroken('primary-needs-party-organisation', 'the primary responsibility is held by a Party organisation unit, with no post');
      return;
    case 'supervisory':
      if (holder.post !== undefined || unit.kind !== 'discipline-committee')
        throw new RuleBroken('supervisory-needs-discipline-committee', 'the supervisory responsibility is held by a discipline committee, with no post');
      return;
    case 'first':
      if (holder.post !== 'secretary' || !isPartyOrganisation(unit.kind))
        throw new RuleBroken('first-needs-secretary-post', 'the first responsibility is held by the secretary post of a Party organisation');
      return;
    case 'dual':
      if (holder.post === undefined || !DUAL_POSTS.includes(holder.post))
        throw new RuleBroken('dual-needs-leadership-post', `the dual responsibility is held by a leadership post: ${DUAL_POSTS.join(', ')}`);
      return;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/**
 * A delegation: the parent is open on the child's start, of the same area, and held at or above the child's holder, in a
 * unit registered and not dissolved that day — a dissolved unit passes no pressure down (and its duty can still close on
 * its dissolution date: no delegate starts or changes on or after it).
 */
function requireParentAbove(parent: DutyState, child: Pick<DutyTerms, 'area' | 'holder' | 'effectiveFrom'>, context: UnitContext): void {
  if (!isOpenOn(parent, child.effectiveFrom)) throw new RuleBroken('parent-duty-not-open', `parent duty ${parent.dutyId} is not open on ${child.effectiveFrom}`);
  if (parent.area !== child.area) throw new RuleBroken('parent-duty-other-area', `parent duty ${parent.dutyId} is of area ${parent.area}, not ${child.area}`);
  const parentUnit = holderOn(parent, child.effectiveFrom).unitId;
  const above = [child.holder.unitId, ...ancestorsOn(child.holder.unitId, child.effectiveFrom, context)];
  if (!above.includes(parentUnit))
    throw new RuleBroken('parent-duty-not-above', `parent duty ${parent.dutyId} is held in ${parentUnit}, which is neither ${child.holder.unitId} nor above it`);
  if (!isActiveOn(context.unit(parentUnit), child.effectiveFrom))
    throw new RuleBroken('unit-not-active', `parent duty ${parent.dutyId} is held in ${parentUnit}, which is not registered, or is dissolved, on ${child.effectiveFrom}`);
}

/** A parent moving to `holder` from `from` stays at or above every delegate it has from then on (the rule above, seen from the parent). */
function requireAboveDelegates(parent: DutyState, holder: Holder, from: IsoDate, context: DutyContext): void {
  for (const delegate of delegateCheckpoints(context.delegation(parent.dutyId), from, parent.closedOn)) {
    const above = [delegate.holder.unitId, ...ancestorsOn(delegate.holder.unitId, delegate.on, context)];
    if (!above.includes(holder.unitId))
      throw new RuleBroken(
        'parent-not-above-delegate',
        `duty ${parent.dutyId} cannot move to ${holder.unitId} from ${from}: its delegate ${delegate.dutyId} is held in ${delegate.holder.unitId} on ${delegate.on}, which is neither ${holder.unitId} nor below it`,
      );
  }
}

function sameHolder(a: Holder, b: Holder): boolean {
  return a.unitId === b.unitId && a.post === b.post;
}

function evolve(state: DutyState, event: DutyEvent): DutyState {
  switch (event.type) {
    case 'DutyAssigned': {
      const { dutyId, ...terms } = event.data;
      return { ...initialDutyState, ...terms, exists: true, dutyId, holders: [{ from: terms.effectiveFrom, holder: terms.holder }] };
    }
    case 'DutyReassigned':
      return { ...state, holder: event.data.holder, holders: [...state.holders, { from: event.data.effectiveFrom, holder: event.data.holder }] };
    case 'DutyRevised':
      return { ...state, title: event.data.title ?? state.title, items: event.data.items ?? state.items };
    case 'DutyClosed':
      return { ...state, closedOn: event.data.effectiveFrom };
    case 'DutyAcknowledged':
      return { ...state, acknowledgements: [...state.acknowledgements, { personId: event.data.personId, acknowledgedOn: event.data.acknowledgedOn }] };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const dutyDecider: Decider<DutyCommand, DutyEvent, DutyState, DutyContext> = { decide, evolve, initialState: initialDutyState };
