import { assessmentDecider, type AssessmentState } from '@duty-ledger/domain/assessment/assessment.decider';
import { dutyDecider, type DutyState } from '@duty-ledger/domain/duty/duty.decider';
import { findingDecider, type FindingState } from '@duty-ledger/domain/finding/finding.decider';
import { personDecider, type PersonEvent, type PersonState } from '@duty-ledger/domain/person/person.decider';
import { incumbentsOn, postIncumbency, type PostState } from '@duty-ledger/domain/post/post-incumbency';
import type { IsoDate } from '@duty-ledger/domain/shared/dates';
import { POSTS, type Post } from '@duty-ledger/domain/shared/vocabulary';
import { parentOn, parentsFrom, unitDecider, type UnitContext, type UnitState } from '@duty-ledger/domain/unit/unit.decider';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { streams } from '../streams';
import { loadAggregate } from './aggregate-loader';
import { postFold } from './post-folds';

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

  /**
   * Loads the units and every parent they have on some day from `date` on, transitively (`parentsFrom`), so a walk
   * over the later dates meets only loaded units; it goes no higher than a unit of `stopAt`.
   */
  async unitsWithParentsFrom(unitIds: readonly string[], date: IsoDate, stopAt: ReadonlySet<string> = new Set()): Promise<void> {
    const queue = [...unitIds];
    const seen = new Set<string>();
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (seen.has(id) || stopAt.has(id)) continue;
      seen.add(id);
      const unit = await this.unit(id);
      if (unit) queue.push(...parentsFrom(unit, date));
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

  /**
   * The units of the posts a person holds on `date`: the posts their stream records appointments to, each checked
   * against the post's own incumbency. A log written before person streams held appointments answers none (fail closed).
   */
  async unitsOfPostsHeld(personId: string, date: IsoDate): Promise<string[]> {
    const { state: appointedTo } = await loadAggregate(this.store, streams.person(personId), postsAppointedTo);
    const units = new Set<string>();
    for (const { unitId, post } of appointedTo) if (incumbentsOn(await this.post(unitId, post), date).includes(personId)) units.add(unitId);
    return [...units];
  }

  async post(unitId: string, post: Post): Promise<PostState> {
    const key = `${unitId}\n${post}`;
    if (!this.posts.has(key)) this.posts.set(key, (await loadAggregate(this.store, streams.post(unitId, post), postFold(unitId, post))).state);
    return this.posts.get(key)!;
  }

  postsLoaded(): (unitId: string, post: Post) => PostState {
    return (unitId, post) => this.posts.get(`${unitId}\n${post}`) ?? postIncumbency.initialState;
  }

  async duty(dutyId: string): Promise<DutyState | undefined> {
    const { state } = await loadAggregate(this.store, streams.duty(dutyId), dutyDecider);
    return state.exists ? state : undefined;
  }

  async finding(findingId: string): Promise<FindingState | undefined> {
    const { state } = await loadAggregate(this.store, streams.finding(findingId), findingDecider);
    return state.exists ? state : undefined;
  }

  async assessment(assessmentId: string): Promise<AssessmentState | undefined> {
    const { state } = await loadAggregate(this.store, streams.assessment(assessmentId), assessmentDecider);
    return state.exists ? state : undefined;
  }

  /**
   * Loads everything a closed-loop command names and answers the synchronous context its decider reads
   * (units, people, duties, findings, and every post of the units whose incumbents matter).
   */
  async contextFor(needs: Needs): Promise<ClosedLoopContext> {
    const defined = (ids: readonly (string | undefined)[] = []) => [...new Set(ids.filter((id): id is string => id !== undefined))];
    for (const id of defined(needs.units)) await this.unit(id);
    const persons = new Set<string>();
    for (const id of defined(needs.persons)) if (await this.person(id)) persons.add(id);
    const duties = new Map<string, DutyState>();
    for (const id of defined(needs.duties)) {
      const duty = await this.duty(id);
      if (duty) duties.set(id, duty);
    }
    const findings = new Map<string, FindingState>();
    for (const id of defined(needs.findings)) {
      const finding = await this.finding(id);
      if (finding) findings.set(id, finding);
    }
    for (const unitId of defined(needs.postsOf)) for (const post of POSTS.values) await this.post(unitId, post);
    return {
      ...this.unitContext(),
      personExists: (id) => persons.has(id),
      duty: (id) => duties.get(id),
      finding: (id) => findings.get(id),
      post: this.postsLoaded(),
    };
  }
}

/** Every post a person's stream records an appointment to (one fold object, so the aggregate cache knows its states). */
const postsAppointedTo = {
  initialState: [] as readonly { unitId: string; post: Post }[],
  evolve: (state: readonly { unitId: string; post: Post }[], event: PersonEvent): readonly { unitId: string; post: Post }[] =>
    event.type === 'PersonAppointed' && !state.some((p) => p.unitId === event.data.unitId && p.post === event.data.post)
      ? [...state, { unitId: event.data.unitId, post: event.data.post }]
      : state,
};

export interface Needs {
  units?: readonly (string | undefined)[];
  persons?: readonly (string | undefined)[];
  duties?: readonly (string | undefined)[];
  findings?: readonly (string | undefined)[];
  /** Units whose posts (all of them) the decider consults on a date. */
  postsOf?: readonly (string | undefined)[];
}

export interface ClosedLoopContext extends UnitContext {
  personExists(personId: string): boolean;
  duty(dutyId: string): DutyState | undefined;
  finding(findingId: string): FindingState | undefined;
  post(unitId: string, post: Post): PostState;
}
