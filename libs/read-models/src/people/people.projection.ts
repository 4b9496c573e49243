import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import type { PersonEvent } from '@duty-ledger/domain/person/person.decider';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import type { Projection } from '@duty-ledger/read-store/projection';
import type { Document } from '@duty-ledger/read-store/read-store.port';

export const PEOPLE = 'people';

/** 人员 — a person and every post they held, each with its half-open period (`to`: first day no longer held). */
export interface PersonDocument {
  exists: boolean;
  personId: string;
  name: string;
  posts: { unitId: string; post: string; from: IsoDate; to?: IsoDate }[];
}

const TYPES = new Set<string>(['PersonRegistered', 'PersonAppointed', 'PersonRelieved']);

const initial = (personId: string): PersonDocument => ({ exists: false, personId, name: '', posts: [] });

/** The same fold as the post's own evolve, seen from the person: a relief ends their open term in that post. */
export function evolvePerson(person: PersonDocument, event: PersonEvent): PersonDocument {
  switch (event.type) {
    case 'PersonRegistered':
      return { ...person, exists: true, name: event.data.name };
    case 'PersonAppointed': {
      const { unitId, post, effectiveFrom } = event.data;
      return { ...person, posts: [...person.posts, { unitId, post, from: effectiveFrom }] };
    }
    case 'PersonRelieved': {
      const { unitId, post, effectiveFrom } = event.data;
      const ends = (p: PersonDocument['posts'][number]) => p.unitId === unitId && p.post === post && p.to === undefined && p.from <= effectiveFrom;
      return { ...person, posts: person.posts.map((p) => (ends(p) ? { ...p, to: effectiveFrom } : p)) };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** One document per person: the name, and the posts folded from the appointments and reliefs that name them. */
export const peopleProjection: Projection = {
  name: 'people',
  collections: [{ name: PEOPLE, indexes: [] }],
  touches: (event: RecordedEvent) => (TYPES.has(event.type) ? [{ collection: PEOPLE, id: String(event.data.personId) }] : []),
  project: (event, lookup) => {
    const personId = String(event.data.personId);
    const before = (lookup(PEOPLE, personId) as PersonDocument | null) ?? initial(personId);
    const after = evolvePerson(before, { type: event.type, data: event.data } as PersonEvent);
    return [{ collection: PEOPLE, id: personId, doc: after as unknown as Document }];
  },
};
