import type { PersonState } from '@duty-ledger/domain/person/person.decider';
import { contains } from '@duty-ledger/domain/shared/dates';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { POSTS_COLLECTION, type PostDocument } from '../posts/posts.projection';
import { PEOPLE } from './people.projection';

export interface PersonView {
  personId: string;
  name: string;
  /** Every post with its period (half-open: `to` is the first day no longer held); `current` judged at `at`. */
  posts: { unitId: string; post: string; from: string; to: string | null; current: boolean }[];
}

export async function readPerson(store: ReadStore, personId: string, { asOfPosition, at }: ReadAt): Promise<PersonView | null> {
  const person = await store.get<PersonState>(PEOPLE, personId, { asOfPosition });
  if (!person?.doc.exists) return null;
  const posts = await store.find<PostDocument>(POSTS_COLLECTION, { personIds: personId }, { asOfPosition });
  return {
    personId,
    name: person.doc.name,
    posts: posts
      .flatMap(({ doc }) =>
        doc.terms
          .filter((t) => t.personId === personId)
          .map((t) => ({ unitId: doc.unitId, post: doc.post, from: t.from, to: t.to ?? null, current: contains(t, at) })),
      )
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
  };
}

/** Names of people, by id, as recorded at the position. */
export async function namesOf(store: ReadStore, personIds: readonly string[], { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<Map<string, string>> {
  const found = await store.getMany<PersonState>(PEOPLE, [...new Set(personIds)], { asOfPosition });
  return new Map([...found.values()].map((d) => [d.doc.personId, d.doc.name]));
}
