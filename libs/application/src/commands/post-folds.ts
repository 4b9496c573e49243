import { postIncumbencyOf, type postIncumbency } from '@duty-ledger/domain/post/post-incumbency';
import type { Post } from '@duty-ledger/domain/shared/vocabulary';

/** Folds kept at most: one per post commands touch (six posts a unit), beyond which they are made anew. */
const KEPT = 50_000;
const folds = new Map<string, typeof postIncumbency>();

/**
 * One post's fold, the same object each time it is asked for, so the aggregate cache (which knows a folded state by the
 * evolve that folded it) finds the post's state again: a post's stream may hold another post's events (see
 * postIncumbencyOf), so the states of the two must not be taken for each other.
 */
export function postFold(unitId: string, post: Post): typeof postIncumbency {
  const key = `${unitId}\n${post}`;
  let fold = folds.get(key);
  if (!fold) {
    if (folds.size >= KEPT) folds.clear();
    folds.set(key, (fold = postIncumbencyOf(unitId, post)));
  }
  return fold;
}
