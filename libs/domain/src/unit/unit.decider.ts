import { contains, maxDate, minDate, overlaps, type Interval, type IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import type { UnitKind } from '../shared/vocabulary';

/** 单位/组织 — a unit of the tree; the school Party committee is the root. */

export type UnitCommand =
  | { type: 'RegisterUnit'; unitId: string; name: string; kind: UnitKind; parentUnitId?: string; effectiveFrom: IsoDate }
  | { type: 'RenameUnit'; unitId: string; name: string; effectiveFrom: IsoDate }
  | { type: 'MoveUnit'; unitId: string; parentUnitId: string; effectiveFrom: IsoDate }
  | { type: 'DissolveUnit'; unitId: string; effectiveFrom: IsoDate; reason: string };

export type UnitRegistered = DomainEvent<'UnitRegistered', { unitId: string; name: string; kind: UnitKind; parentUnitId?: string; effectiveFrom: IsoDate }>;
export type UnitRenamed = DomainEvent<'UnitRenamed', { unitId: string; name: string; effectiveFrom: IsoDate }>;
export type UnitMoved = DomainEvent<'UnitMoved', { unitId: string; parentUnitId: string; effectiveFrom: IsoDate }>;
export type UnitDissolved = DomainEvent<'UnitDissolved', { unitId: string; effectiveFrom: IsoDate; reason: string }>;
export type UnitEvent = UnitRegistered | UnitRenamed | UnitMoved | UnitDissolved;
/** A move as the tree's moves guard records it: every move takes a turn there, so two cannot make a cycle together. */
export type UnitMoveRecorded = DomainEvent<'UnitMoveRecorded', UnitMoved['data']>;

export interface UnitState {
  exists: boolean;
  unitId: string;
  kind: UnitKind;
  registeredOn: IsoDate;
  dissolvedOn?: IsoDate;
  /** Business-time history, ordered by `from`. */
  names: { from: IsoDate; name: string }[];
  parents: { from: IsoDate; parentUnitId?: string }[];
}

/** The other units a command refers to (the parent and its ancestors), read by the handler from their streams. */
export interface UnitContext {
  unit(unitId: string): UnitState | undefined;
}

/** What the unit decider consults: the units, and a unit's children as its children stream lists them (./unit-children.ts). */
export interface UnitTreeContext extends UnitContext {
  /** Every unit registered under `unitId` or moved into it, each of them in `unit()` too; `[]` where none was read. */
  childrenOf(unitId: string): readonly string[];
}

export const initialUnitState: UnitState = { exists: false, unitId: '', kind: 'branch', registeredOn: '', names: [], parents: [] };

/** Registered and not dissolved on `date` (half-open: dissolved on its dissolution date). */
export function isActiveOn(unit: UnitState | undefined, date: IsoDate): boolean {
  return !!unit?.exists && contains({ from: unit.registeredOn, to: unit.dissolvedOn }, date);
}

/** Ends may fall on the dissolution date itself (relieve, close, dissolve). */
export function acceptsEndingOn(unit: UnitState | undefined, date: IsoDate): boolean {
  return !!unit?.exists && unit.registeredOn <= date && (unit.dissolvedOn === undefined || date <= unit.dissolvedOn);
}

export function valueAt<T extends { from: IsoDate }>(history: readonly T[], date: IsoDate): T | undefined {
  let found: T | undefined;
  for (const entry of history) if (entry.from <= date) found = entry;
  return found;
}

export function parentOn(unit: UnitState, date: IsoDate): string | undefined {
  return valueAt(unit.parents, date)?.parentUnitId;
}

/** Every parent a unit has on some day from `date` on: the one in force that day and those of its later moves. */
export function parentsFrom(unit: UnitState, date: IsoDate): string[] {
  const entries = [valueAt(unit.parents, date), ...unit.parents.filter((p) => p.from > date)];
  return [...new Set(entries.flatMap((p) => (p?.parentUnitId === undefined ? [] : [p.parentUnitId])))];
}

export function nameOn(unit: UnitState, date: IsoDate): string | undefined {
  return (valueAt(unit.names, date) ?? unit.names[0])?.name;
}

/** Strict ancestors of a unit on `date`, nearest first, as far as the context knows them. */
export function ancestorsOn(unitId: string, date: IsoDate, context: UnitContext): string[] {
  const out: string[] = [];
  const seen = new Set([unitId]);
  let current = context.unit(unitId);
  while (current) {
    const parentId = parentOn(current, date);
    if (parentId === undefined || seen.has(parentId)) break;
    out.push(parentId);
    seen.add(parentId);
    current = context.unit(parentId);
  }
  return out;
}

/** The moves guard's record of each move among `events` (none for the other unit events). */
export function moveRecordOf(event: UnitEvent): UnitMoveRecorded[] {
  return event.type === 'UnitMoved' ? [{ type: 'UnitMoveRecorded', data: { ...event.data } }] : [];
}

function decide(command: UnitCommand, state: UnitState, context: UnitTreeContext): UnitEvent[] {
  switch (command.type) {
    case 'RegisterUnit': {
      if (state.exists) throw new Conflict('unit-exists', `unit ${command.unitId} exists already`);
      const { parentUnitId } = command;
      if (parentUnitId === undefined) {
        if (command.kind !== 'party-committee')
          throw new RuleBroken('root-must-be-party-committee', 'only a party committee may stand at the root of the tree: name a parentUnitId');
      } else {
        const parent = requireParent(parentUnitId, context);
        requireActiveParent(parent, command.effectiveFrom);
        if (parentUnitId === command.unitId) throw new RuleBroken('unit-under-itself', 'a unit cannot be its own parent');
        requireOutlivedBy(parent, command.unitId, undefined);
      }
      return [{ type: 'UnitRegistered', data: withoutUndefined({ unitId: command.unitId, name: command.name, kind: command.kind, parentUnitId, effectiveFrom: command.effectiveFrom }) }];
    }
    case 'RenameUnit':
      requireActive(state, command.unitId, command.effectiveFrom);
      return [{ type: 'UnitRenamed', data: { unitId: command.unitId, name: command.name, effectiveFrom: command.effectiveFrom } }];
    case 'MoveUnit': {
      const { parentUnitId, effectiveFrom, unitId } = command;
      // API.md: the target, then the new parent, are found (404) before any rule is judged (422).
      requireExists(state, unitId);
      const parent = requireParent(parentUnitId, context);
      requireActive(state, unitId, effectiveFrom);
      requireActiveParent(parent, effectiveFrom);
      if (parentUnitId === unitId || wouldBeUnderItself(state, parentUnitId, effectiveFrom, context))
        throw new RuleBroken('unit-under-itself', `unit ${unitId} cannot move under itself or one of its descendants`);
      if (parentOn(state, effectiveFrom) === parentUnitId)
        throw new RuleBroken('unit-already-there', `unit ${unitId} is already under ${parentUnitId} on ${effectiveFrom}`);
      requireOutlivedBy(parent, unitId, earliest(state.parents.find((p) => p.from > effectiveFrom)?.from, state.dissolvedOn));
      return [{ type: 'UnitMoved', data: { unitId, parentUnitId, effectiveFrom } }];
    }
    case 'DissolveUnit':
      if (!state.exists) throw new NotFound('unit-not-found', `unit ${command.unitId} does not exist`);
      if (state.dissolvedOn !== undefined) throw new RuleBroken('unit-dissolved', `unit ${command.unitId} was dissolved on ${state.dissolvedOn}`);
      if (command.effectiveFrom < state.registeredOn)
        throw new RuleBroken('dissolved-before-registered', `unit ${command.unitId} was registered on ${state.registeredOn}, after ${command.effectiveFrom}`);
      requireNoChildrenFrom(command.unitId, command.effectiveFrom, context);
      return [{ type: 'UnitDissolved', data: { unitId: command.unitId, effectiveFrom: command.effectiveFrom, reason: command.reason } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/**
 * Moving a unit under `parentUnitId` from `from` makes a cycle if the unit is an ancestor of that parent on any day
 * the move is in force — not only on `from`: a later recorded move of an ancestor may bring the parent under it.
 * The context must hold every unit such a walk meets (`parentsFrom`, transitively): one it lacks could hide the cycle,
 * so the walk refuses rather than take it for the root.
 */
function wouldBeUnderItself(state: UnitState, parentUnitId: string, from: IsoDate, context: UnitContext): boolean {
  const until = state.parents.find((p) => p.from > from)?.from;
  const inForce = (date: IsoDate) => date > from && (until === undefined || date < until);
  const dates = [from];
  for (let i = 0; i < dates.length; i++) {
    const seen = new Set<string>();
    for (let id: string | undefined = parentUnitId; id !== undefined && !seen.has(id); ) {
      if (id === state.unitId) return true;
      seen.add(id);
      const unit = context.unit(id);
      if (!unit) throw new Error(`unit ${id}, an ancestor of ${parentUnitId} on or after ${from}, was not read: cannot rule out a cycle`);
      for (const { from: changed } of unit.parents) if (inForce(changed) && !dates.includes(changed)) dates.push(changed);
      id = parentOn(unit, dates[i]);
    }
  }
  return false;
}

/**
 * A unit under `parent` until `until` (open-ended if undefined: never moved on nor dissolved) must be gone from it by the
 * parent's dissolution: no unit is active under a dissolved one. The start was checked already (the parent active then).
 */
function requireOutlivedBy(parent: UnitState, unitId: string, until: IsoDate | undefined): void {
  const { dissolvedOn } = parent;
  if (dissolvedOn === undefined || (until !== undefined && until <= dissolvedOn)) return;
  throw new RuleBroken(
    'outlives-parent',
    `unit ${unitId} would still be under ${parent.unitId} after its dissolution on ${dissolvedOn}: a unit under it must be moved or dissolved by then`,
  );
}

/** A dissolution leaves no unit active under the dissolved one on or after its date: each is moved or dissolved first. */
function requireNoChildrenFrom(unitId: string, date: IsoDate, context: UnitTreeContext): void {
  const staying = context.childrenOf(unitId).filter((childId) => {
    const child = context.unit(childId);
    if (!child) throw new Error(`unit ${childId}, listed under ${unitId}, was not read: cannot tell whether it is still there`);
    return isUnderFrom(child, unitId, date);
  });
  if (staying.length > 0)
    throw new RuleBroken(
      'unit-has-active-children',
      `unit ${unitId} still has ${staying.length === 1 ? 'a unit' : 'units'} under it on or after ${date} (${staying.join(', ')}): move or dissolve ${staying.length === 1 ? 'it' : 'them'} first`,
    );
}

/** Whether `unit` is active under `parentUnitId` on some day from `date` on. */
export function isUnderFrom(unit: UnitState, parentUnitId: string, date: IsoDate): boolean {
  if (!unit.exists) return false;
  const activeFrom: Interval = { from: maxDate(date, unit.registeredOn), to: unit.dissolvedOn };
  return unit.parents.some((entry, i) => entry.parentUnitId === parentUnitId && overlaps({ from: entry.from, to: unit.parents[i + 1]?.from }, activeFrom));
}

/** The earlier of two ends, either of which may be open (undefined). */
function earliest(a: IsoDate | undefined, b: IsoDate | undefined): IsoDate | undefined {
  return a === undefined ? b : b === undefined ? a : minDate(a, b);
}

function requireExists(state: UnitState, unitId: string): void {
  if (!state.exists) throw new NotFound('unit-not-found', `unit ${unitId} does not exist`);
}

function requireActive(state: UnitState, unitId: string, date: IsoDate): void {
  requireExists(state, unitId);
  if (!isActiveOn(state, date)) throw new RuleBroken('unit-not-active', `unit ${unitId} is not registered, or is dissolved, on ${date}`);
}

function requireParent(parentUnitId: string, context: UnitContext): UnitState {
  const parent = context.unit(parentUnitId);
  if (!parent?.exists) throw new NotFound('parent-unit-not-found', `parent unit ${parentUnitId} does not exist`);
  return parent;
}

function requireActiveParent(parent: UnitState, date: IsoDate): void {
  if (!isActiveOn(parent, date)) throw new RuleBroken('unit-not-active', `parent unit ${parent.unitId} is not registered, or is dissolved, on ${date}`);
}

function evolve(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered': {
      const { unitId, name, kind, parentUnitId, effectiveFrom } = event.data;
      return { exists: true, unitId, kind, registeredOn: effectiveFrom, names: [{ from: effectiveFrom, name }], parents: [{ from: effectiveFrom, parentUnitId }] };
    }
    case 'UnitRenamed':
      return { ...state, names: insertByDate(state.names, { from: event.data.effectiveFrom, name: event.data.name }) };
    case 'UnitMoved':
      return { ...state, parents: insertByDate(state.parents, { from: event.data.effectiveFrom, parentUnitId: event.data.parentUnitId }) };
    case 'UnitDissolved':
      return { ...state, dissolvedOn: event.data.effectiveFrom };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** Keeps a business-time history ordered by date; a later record for the same date replaces the earlier. */
export function insertByDate<T extends { from: IsoDate }>(history: readonly T[], entry: T): T[] {
  return [...history.filter((h) => h.from !== entry.from), entry].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState, UnitTreeContext> = { decide, evolve, initialState: initialUnitState };
