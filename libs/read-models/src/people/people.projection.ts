import { personDecider, type PersonEvent, type PersonState } from '@duty-ledger/domain/person/person.decider';
import { foldProjection } from '../fold-projection';

export const PEOPLE = 'people';

/** A person's name; their posts are read from the `posts` collection by `personIds`. */
export const peopleProjection = foldProjection<PersonState>({
  name: 'people',
  collection: { name: PEOPLE, indexes: [] },
  types: ['PersonRegistered'],
  idOf: (event) => String(event.data.personId),
  initial: personDecider.initialState,
  evolve: (state, event) => personDecider.evolve(state, event as PersonEvent),
});
