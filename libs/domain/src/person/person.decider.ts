import type { Decider, DomainEvent } from '../shared/decider';
import { Conflict } from '../shared/errors';

/** A person: registered once; posts live in their post's stream (see post.decider.ts). */

export type PersonCommand = { type: 'RegisterPerson'; personId: string; name: string };
export type PersonRegistered = DomainEvent<'PersonRegistered', { personId: string; name: string }>;
export type PersonEvent = PersonRegistered;

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

function evolve(_state: PersonState, event: PersonEvent): PersonState {
  return { exists: true, personId: event.data.personId, name: event.data.name };
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState, undefined> = { decide, evolve, initialState: initialPersonState };
