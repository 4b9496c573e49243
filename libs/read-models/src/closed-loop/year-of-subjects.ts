import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';

/** Units and people whose facts of a year are read together (reports by author, assessments by subject). */
export interface Subjects {
  unitIds: readonly string[];
  personIds: readonly string[];
}

/**
 * The documents of `year` in `collection` that name one of the units in `fields.unit` or one of the people in
 * `fields.person`, each once, as recorded at `asOfPosition`: two index lookups, none for an empty list. `byYear`, for
 * subjects by the thousand (a province's figures): one lookup of the year's documents, kept when they name a subject —
 * a second filter field is checked per document and value, which thousands of ids make the slower way.
 */
export async function yearOfSubjects<T>(
  store: ReadStore,
  collection: string,
  fields: { unit: string; person: string },
  { unitIds, personIds }: Subjects,
  year: number,
  { asOfPosition }: Pick<ReadAt, 'asOfPosition'>,
  { byYear = false } = {},
): Promise<T[]> {
  if (byYear) {
    const [units, people] = [new Set(unitIds), new Set(personIds)];
    const names = (doc: T) => {
      const record = doc as Record<string, unknown>;
      return units.has(record[fields.unit] as string) || people.has(record[fields.person] as string);
    };
    return (await store.find<T>(collection, { year }, { asOfPosition })).map((d) => d.doc).filter(names);
  }
  const of = async (field: string, ids: readonly string[]) => (ids.length ? store.find<T>(collection, { [field]: { in: ids }, year }, { asOfPosition }) : []);
  const found = [...(await of(fields.unit, unitIds)), ...(await of(fields.person, personIds))];
  return [...new Map(found.map((d) => [d.id, d.doc])).values()];
}
