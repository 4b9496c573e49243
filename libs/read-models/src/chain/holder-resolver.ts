import type { Holder } from '@duty-ledger/domain/duty/duty.decider';
import { incumbentsOn, type PostState } from '@duty-ledger/domain/post/post-incumbency';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { namesOf } from '../people/people.query';
import { POSTS_COLLECTION, postKey } from '../posts/posts.projection';
import { batchedOnce } from './batched';

export interface PersonRef {
  personId: string;
  name: string;
}

/** A duty's holder with the people in its post on the date: `[]` for a vacant post, and for a unit holder. */
export interface ResolvedHolder {
  unitId: string;
  post?: string;
  persons: PersonRef[];
}

/**
 * Resolves holders at one read point; each post document is read once however many duties it holds, and the posts
 * asked for together (one `Promise.all`) are read together, with their people's names, in two queries.
 */
export class HolderResolver {
  private readonly load = batchedOnce((keys: string[]) => this.loadPosts(keys), [] as PersonRef[]);

  constructor(
    private readonly store: ReadStore,
    private readonly read: ReadAt,
  ) {}

  async resolve(holder: Holder): Promise<ResolvedHolder> {
    if (!holder.post) return { unitId: holder.unitId, persons: [] };
    return { unitId: holder.unitId, post: holder.post, persons: await this.persons(holder.unitId, holder.post) };
  }

  private persons(unitId: string, post: string): Promise<PersonRef[]> {
    return this.load(postKey(unitId, post));
  }

  private async loadPosts(keys: string[]): Promise<Map<string, PersonRef[]>> {
    const posts = await this.store.getMany<PostState>(POSTS_COLLECTION, keys, { asOfPosition: this.read.asOfPosition });
    const incumbents = new Map(keys.map((key) => [key, posts.has(key) ? incumbentsOn(posts.get(key)!.doc, this.read.at) : []]));
    const names = await namesOf(this.store, [...incumbents.values()].flat(), this.read);
    return new Map([...incumbents].map(([key, ids]) => [key, ids.map((personId) => ({ personId, name: names.get(personId) ?? '' }))]));
  }
}
