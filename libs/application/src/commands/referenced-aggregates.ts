import { dutyDecider, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { personDecider, type PersonState } from '@duty-ledger/domain/person/person.decider';
import { postDecider, type PostState } from '@duty-ledger/domain/post/post.decider';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import type { Post } from '@duty-ledger/domain/shared/vocabulary';
import { parentOn, unitDecider, type UnitContext, type UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { streams } from '../streams';
import { loadAggregate } from './aggregate-loader';

/**
 * Reads the aggregates a command refers to from their streams (never from read models, which lag), once per
 * command, so that the decider gets a pure, synchronous context.
 */
export class ReferencedAggregates {
  private readonly units = new Map<string, UnitState>();
  private readonly posts = new Map<string, PostState>();

  constructor(private readonly store: EventStore) {}

  async unit(unitId: string): Promise<UnitState | undefined> {
    if (!this.units.has(unitId)) this.units.set(unitId, (await loadAggregate(this.store, streams.unit(unitId), unitDecider)).state);
    const unit = this.units.get(unitId)!;
    return unit.exists ? unit : undefined;
  }

  /** Loads the units and every ancestor they have on `date`, so `ancestorsOn` can walk them. */
  async unitsWithAncestors(unitIds: readonly string[], date: IsoDate): Promise<void> {
    for (const start of unitIds) {
      const seen = new Set<string>();
      for (let id: string | undefined = start; id !== undefined && !seen.has(id); ) {
        seen.add(id);
        const unit = await this.unit(id);
        id = unit ? parentOn(unit, date) : undefined;
      }
    }
  }

  /** The units loaded so far, as the decider's synchronous view. */
  unitContext(): UnitContext {
    return { unit: (id) => (this.units.get(id)?.exists ? this.units.get(id) : undefined) };
  }

  async person(personId: string): Promise<PersonState | undefined> {
    const { state } = await loadAggregate(this.store, streams.person(personId), personDecider);
    return state.exists ? state : undefined;
  }

  async post(unitId: string, post: Post): Promise<PostState> {
    const key = `${unitId}\n${post}`;
    if (!this.posts.has(key)) this.posts.set(key, (await loadAggregate(this.store, streams.post(unitId, post), postDecider)).state);
    return this.posts.get(key)!;
  }

  postsLoaded(): (unitId: string, post: Post) => PostState {
    return (unitId, post) => this.posts.get(`${unitId}\n${post}`) ?? postDecider.initialState;
  }

  async duty(dutyId: string): Promise<DutyState | undefined> {
    const { state } = await loadAggregate(this.store, streams.duty(dutyId), dutyDecider);
    return state.exists ? state : undefined;
  }
}
