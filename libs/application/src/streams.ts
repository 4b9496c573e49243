import type { Post } from '@duty-ledger/domain/shared/vocabulary';

/**
 * Stream names of API.md / ARCHITECTURE.md: `<aggregate>-<id>`; a post's incumbency, a duty's delegation and guards have
 * their own. No prefix here begins another, so a delegation stream is never an aggregate's, whatever the id.
 */
export const streams = {
  unit: (id: string) => `unit-${id}`,
  person: (id: string) => `person-${id}`,
  post: (unitId: string, post: Post) => `post-${unitId}-${post}`,
  duty: (id: string) => `duty-${id}`,
  /** The delegation of the duty `dutyId`: its holder changes and its delegates' (libs/domain/src/duty/delegation.ts). */
  delegations: (dutyId: string) => `delegations-${dutyId}`,
  meeting: (id: string) => `meeting-${id}`,
  report: (id: string) => `report-${id}`,
  finding: (id: string) => `finding-${id}`,
  assessment: (id: string) => `assessment-${id}`,
  case: (id: string) => `case-${id}`,
  guard: (rule: string, key: string) => `guard-${rule}-${key}`,
  /** The tree's moves guard: every move of a unit records itself there (units/unit.commands.ts). */
  unitMoves: () => 'guard-unit-tree-moves',
  /** The units ever registered under `unitId` or moved into it, and its dissolution (libs/domain/src/unit/unit-children.ts). */
  unitChildren: (unitId: string) => `guard-unit-children-${unitId}`,
} as const;
