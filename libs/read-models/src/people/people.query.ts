import { contains } from '@duty-ledger/domain/shared/dates';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { PEOPLE, type PersonDocument } from './people.projection';

export interface PersonView {
  personId: string;
  name: string;
  /** Every post with its period (half-open: `to` is the first day no longer held); `current` judged at `at`. */
  posts: { unitId: string; post: string; from: string; to: string | null; current: boolean }[];
}

/** The person as recorded at `asOfPosition`; `null` when not registered by then. */
export async function readPerson(store: ReadStore, personId: string, { asOfPosition, at }: ReadAt): Promise<PersonView | null> {
  const person = await store.get<PersonDocument>(PEOPLE, personId, { asOfPosition });
  if (!person?.doc.exists) return null;
  return {
    personId,
    name: person.doc.name,
    posts: [...person.doc.posts]
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
      .map((p) => ({ unitId: p.unitId, post: p.post, from: p.from, to: p.to ?? null, current: contains(p, at) })),
  };
}

/** Names of people, by id, as recorded at the position (people not registered then are absent). */
export async function namesOf(store: ReadStore, personIds: readonly string[], { asOfPosition }: Pick<ReadAt, 'asOfPosition'>): Promise<Map<string, string>> {
  const found = await store.getMany<PersonDocument>(PEOPLE, [...new Set(personIds)], { asOfPosition });
  return new Map([...found.values()].filter((d) => d.doc.exists).map((d) => [d.doc.personId, d.doc.name]));
}
