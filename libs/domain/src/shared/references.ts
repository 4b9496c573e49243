import { NotFound } from './errors';

type Maybe = { exists: boolean } | undefined;

/** The lookups a decider's context offers for the ids a command names. */
export interface ReferenceContext {
  unit?(unitId: string): Maybe;
  personExists?(personId: string): boolean;
  duty?(dutyId: string): Maybe;
  finding?(findingId: string): Maybe;
}

export interface References {
  units?: readonly (string | undefined)[];
  persons?: readonly (string | undefined)[];
  duties?: readonly (string | undefined)[];
  findings?: readonly (string | undefined)[];
}

const CHECKS = {
  units: ['unit', (c: ReferenceContext, id: string) => !!c.unit?.(id)?.exists],
  persons: ['person', (c: ReferenceContext, id: string) => !!c.personExists?.(id)],
  duties: ['duty', (c: ReferenceContext, id: string) => !!c.duty?.(id)?.exists],
  findings: ['finding', (c: ReferenceContext, id: string) => !!c.finding?.(id)?.exists],
} as const;

/** Every id a command refers to exists (else 404 naming the first missing), checked in the order the kinds are given. */
export function requireReferences(context: ReferenceContext, references: References): void {
  for (const [kind, ids] of Object.entries(references) as [keyof References, (string | undefined)[]][]) {
    const [noun, exists] = CHECKS[kind];
    for (const id of ids ?? []) if (id !== undefined && !exists(context, id)) throw new NotFound(`${noun}-not-found`, `${noun} ${id} does not exist`);
  }
}
