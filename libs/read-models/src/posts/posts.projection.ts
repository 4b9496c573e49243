import { postIncumbency, type PostState, type PostStreamEvent } from '@duty-ledger/domain/post/post-incumbency';
import { foldProjection, unique } from '../fold-projection';

export const POSTS_COLLECTION = 'posts';
export const postKey = (unitId: string, post: string) => `${unitId}:${post}`;

export type PostDocument = PostState & { unitId: string; post: string; personIds: string[] };

/** 职务任免 — the incumbency of each post of each unit: resolves a post to its persons on any date. */
export const postsProjection = foldProjection<PostState & { unitId?: string; post?: string }>({
  name: 'posts',
  collection: { name: POSTS_COLLECTION, indexes: ['unitId', 'personIds'] },
  types: ['PersonAppointed', 'PersonRelieved'],
  idOf: (event) => postKey(String(event.data.unitId), String(event.data.post)),
  initial: postIncumbency.initialState,
  evolve: (state, event) => ({ ...postIncumbency.evolve(state, event as PostStreamEvent), unitId: String(event.data.unitId), post: String(event.data.post) }),
  index: (state) => ({ personIds: unique(state.terms.map((t) => t.personId)) }),
});
