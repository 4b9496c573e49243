import type { Post } from '@duty-ledger/domain/shared/vocabulary';

/** Stream names of API.md / ARCHITECTURE.md: `<aggregate>-<id>`; a post's incumbency and guards have their own. */
export const streams = {
  unit: (id: string) => `unit-${id}`,
  person: (id: string) => `person-${id}`,
  post: (unitId: string, post: Post) => `post-${unitId}-${post}`,
  duty: (id: string) => `duty-${id}`,
  meeting: (id: string) => `meeting-${id}`,
  report: (id: string) => `report-${id}`,
  finding: (id: string) => `finding-${id}`,
  assessment: (id: string) => `assessment-${id}`,
  case: (id: string) => `case-${id}`,
  guard: (rule: string, key: string) => `guard-${rule}-${key}`,
} as const;
