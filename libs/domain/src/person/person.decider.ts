import type { IsoDate } from '../shared/dates';
import type { Decider, DomainEvent } from '../shared/decider';
import { Conflict } from '../shared/errors';
import type { Post } from '../shared/vocabulary';

/**
 * A person: registered once, then appointed to posts and relieved of them (appointment.decider.ts). Their stream
 * (`person-<id>`) holds all three, so its revision is the person's ETag; each post's incumbency is guarded by a
 * stream of its own (../post/post-incumbency.ts).
 */

export type PersonCommand = { type: 'RegisterPerson'; personId: string; name: string };

export type Tenure = { personId: string; unitId: string; post: Post; effectiveFrom: IsoDate };
export type PersonRegistered = DomainEvent<'PersonRegistered', { personId: string; name: string }>;
export type PersonAppointed = DomainEvent<'PersonAppointed', Tenure>;
export type PersonRelieved = DomainEvent<'PersonRelieved', Tenure>;
export type TenureEvent = PersonAppointed | PersonRelieved;
export type PersonEvent = PersonRegistered | TenureEvent;

export interface PersonState {
  exists: boolean;
  personId: string;
  name: string;
}

export const initialPersonState: PersonState = { exists: false, personId: '', name: '' };

function decide(command: PersonCommand, state: PersonState): PersonEvent[] {
  if (state.exists) throw new Conflict('person-exists', `person ${command.personId} exists already`);
  return [{ type: 'PersonRegistered', data: { personId: command.personId, name: command.name } }];
}

/** Who the person is; their posts are folded by each post's incumbency, which the rules of appointment consult. */
export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRegistered':
      return { exists: true, personId: event.data.personId, name: event.data.name };
    case 'PersonAppointed':
    case 'PersonRelieved':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState, undefined> = { decide, evolve: evolvePerson, initialState: initialPersonState };
