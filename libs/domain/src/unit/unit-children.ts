import type { IsoDate } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';
import type { UnitCommand, UnitEvent } from './unit.decider';

/**
 * A unit's children, folded from a stream of its own (`guard-unit-children-<unitId>`): every unit registered under it
 * or moved into it takes a term there, and so does its dissolution, each in the same atomic append as the unit's own
 * event and at the revision the command read the stream at. So a dissolution and a child's registration or move into the
 * unit are decided one after the other, and the dissolution knows every unit that may be under it: it reads each
 * listed child's own stream to see whether it still is, on or after the dissolution date.
 * Logs written before this stream existed have none (or a partial one): children registered before are not checked
 * when their parent is dissolved (no migration), as delegations recorded before theirs are not.
 */

export interface ChildTerm {
  /** The unit whose children stream takes the term. */
  parentUnitId: string;
  unitId: string;
  effectiveFrom: IsoDate;
}

export type ChildUnitRegistered = DomainEvent<'ChildUnitRegistered', ChildTerm>;
export type ChildUnitMovedIn = DomainEvent<'ChildUnitMovedIn', ChildTerm>;
/** The unit itself dissolved: its children stream moves, so a registration or move into it decided before is decided again. */
export type UnitDissolutionRecorded = DomainEvent<'UnitDissolutionRecorded', { unitId: string; effectiveFrom: IsoDate }>;
export type UnitChildrenEvent = ChildUnitRegistered | ChildUnitMovedIn | UnitDissolutionRecorded;

export interface UnitChildrenState {
  /** Every unit ever registered under the unit or moved into it, first term first; each may have left it since. */
  children: string[];
}

export const initialUnitChildrenState: UnitChildrenState = { children: [] };

export function evolveUnitChildren(state: UnitChildrenState, event: UnitChildrenEvent): UnitChildrenState {
  switch (event.type) {
    case 'ChildUnitRegistered':
    case 'ChildUnitMovedIn':
      return state.children.includes(event.data.unitId) ? state : { children: [...state.children, event.data.unitId] };
    case 'UnitDissolutionRecorded':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The fold of a children stream, for loading it like an aggregate. */
export const unitChildren = { evolve: evolveUnitChildren, initialState: initialUnitChildrenState };

/** The unit whose children stream a command appends to: the new parent of a registration or move, the dissolved unit. */
export function childrenStreamTouchedBy(command: UnitCommand): string | undefined {
  switch (command.type) {
    case 'RegisterUnit':
    case 'MoveUnit':
      return command.parentUnitId;
    case 'DissolveUnit':
      return command.unitId;
    case 'RenameUnit':
      return undefined;
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** The term each of a unit's events gives a children stream (none for a rename or a root's registration). */
export function childTermsOf(events: readonly UnitEvent[]): UnitChildrenEvent[] {
  return events.flatMap((event): UnitChildrenEvent[] => {
    switch (event.type) {
      case 'UnitRegistered': {
        const { parentUnitId, unitId, effectiveFrom } = event.data;
        return parentUnitId === undefined ? [] : [{ type: 'ChildUnitRegistered', data: { parentUnitId, unitId, effectiveFrom } }];
      }
      case 'UnitMoved':
        return [{ type: 'ChildUnitMovedIn', data: { ...event.data } }];
      case 'UnitDissolved':
        return [{ type: 'UnitDissolutionRecorded', data: { unitId: event.data.unitId, effectiveFrom: event.data.effectiveFrom } }];
      case 'UnitRenamed':
        return [];
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  });
}

/** The stream whose fold is the unit's children: the parent of a term, or the dissolved unit itself. */
export function childrenOfStream(event: UnitChildrenEvent): string {
  return 'parentUnitId' in event.data ? event.data.parentUnitId : event.data.unitId;
}
